"""Reads and visibility of 重大行政决策, 意见征集 and the catalogue."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.core.kit.audit import events_for
from gongkai.decisions import permissions as perms
from gongkai.decisions.models import (
    CatalogueItem,
    Comment,
    CommentCluster,
    MajorDecision,
    PublicConsultation,
)
from gongkai.decisions.workflow import (
    CONSULTATION_PUBLIC,
    PUBLIC_STATES,
    STAGES,
    CommentStatus,
    ConsultationStatus,
    Disposition,
    Status,
)


def decisions_visible_to(user: Any) -> QuerySet[MajorDecision]:
    return perms.scope_decisions(user, MajorDecision.objects.select_related("organ"))


def consultations_visible_to(user: Any) -> QuerySet[PublicConsultation]:
    return perms.scope_consultations(
        user, PublicConsultation.objects.select_related("decision", "decision__organ")
    )


def decisions_public() -> QuerySet[MajorDecision]:
    """Decisions with a public page: published ones, and those whose draft is out for
    comment (their trail so far)."""
    return (
        MajorDecision.objects.select_related("organ")
        .filter(Q(status__in=PUBLIC_STATES) | Q(consultations__status__in=CONSULTATION_PUBLIC))
        .distinct()
    )


def consultations_public() -> QuerySet[PublicConsultation]:
    return PublicConsultation.objects.select_related("decision", "decision__organ").filter(
        status__in=CONSULTATION_PUBLIC
    )


def consultations_open() -> QuerySet[PublicConsultation]:
    return consultations_public().filter(status=ConsultationStatus.OPEN).order_by("closes_on", "id")


def consultations_finished() -> QuerySet[PublicConsultation]:
    return (
        consultations_public()
        .filter(status__in=[ConsultationStatus.CLOSED, ConsultationStatus.REPORTED])
        .order_by("-closes_on", "-id")
    )


def catalogue_years() -> list[int]:
    return sorted(set(CatalogueItem.objects.values_list("year", flat=True)), reverse=True)


def catalogue_for(year: int) -> QuerySet[CatalogueItem]:
    return (
        CatalogueItem.objects.filter(year=year)
        .select_related("organ")
        .prefetch_related("adjustments", "decisions")
    )


@dataclass
class TrailStage:
    status: str
    label: str
    reached: bool
    current: bool
    records: list[Any] = field(default_factory=list)
    # 集体讨论决定: the agenda items (and their meetings) where the decision was discussed.
    meetings: list[Any] = field(default_factory=list)


def trail(decision: MajorDecision, *, public: bool) -> list[TrailStage]:
    """The procedure stages with their records, in order (the public page's trail)."""
    records = list(decision.records.all())
    if public:
        records = [r for r in records if r.public]
        if decision.status not in PUBLIC_STATES:
            # Before the decision is published, the portal shows the participation record
            # only (the review opinion and the minutes go out with the decision, 第三十二条).
            early = {Status.INITIATED, Status.DRAFTING, Status.PARTICIPATION}
            records = [r for r in records if r.stage in early]
    # The meetings module's agenda items point here (its foreign key; no import of it).
    meeting_items = [
        item
        for item in decision.agenda_items.select_related("meeting").order_by(
            "meeting__starts_at", "id"
        )
        if not public or item.meeting.is_public
    ]
    reached = {e.to_state for e in events_for(decision) if e.to_state} | {decision.status}
    if decision.status == Status.DECIDED:
        reached.add(Status.DISCUSSION)
    order: list[str] = list(STAGES)
    current_index = order.index(decision.status) if decision.status in order else None
    stages = []
    for index, status in enumerate(order):
        stage_records = [r for r in records if r.stage == status]
        if status == Status.DISCUSSION:
            stage_records += [r for r in records if r.stage == Status.DECIDED]
        is_reached = status in reached or bool(stage_records)
        stages.append(
            TrailStage(
                status=status,
                label=str(Status(status).label),
                reached=is_reached,
                current=current_index == index,
                records=stage_records,
                meetings=meeting_items if status == Status.DISCUSSION else [],
            )
        )
    return stages


def moderation_queue(
    consultation: PublicConsultation, *, status: str | None = None
) -> QuerySet[Comment]:
    qs = Comment.objects.filter(consultation=consultation).select_related("article")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("id")


@dataclass
class ModerationPage:
    """One keyset page of the moderation list: comments with id > after_id, by id."""

    object_list: list[Comment]
    after_id: int
    next_after: int | None

    @property
    def has_next(self) -> bool:
        return self.next_after is not None


def moderation_page(
    consultation: PublicConsultation,
    *,
    status: str | None = None,
    unruled: bool = False,
    after_id: int = 0,
    limit: int = 50,
) -> ModerationPage:
    """Keyset paging (no COUNT, no OFFSET): one indexed range read of limit + 1 rows."""
    qs = moderation_queue(consultation, status=status).filter(pk__gt=after_id)
    if unruled:
        qs = qs.filter(disposition="").exclude(status=CommentStatus.HIDDEN)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return ModerationPage(
        object_list=rows, after_id=after_id, next_after=rows[-1].pk if more else None
    )


def clusters_of(consultation: PublicConsultation) -> QuerySet[CommentCluster]:
    return (
        CommentCluster.objects.filter(consultation=consultation)
        .select_related("representative")
        .order_by("-size", "id")
    )


@dataclass
class AdoptionReport:
    total: int
    shown: int
    hidden: int
    by_disposition: dict[str, int]
    by_article: list[tuple[str, dict[str, int], int]]
    reasons: list[tuple[str, str, str, int]]  # article label, disposition label, reason, count


def adoption_report(consultation: PublicConsultation) -> AdoptionReport:
    """Counts by disposition and by article, and each reason with how many comments it
    answers (one query per table; no personal data)."""
    base = Comment.objects.filter(consultation=consultation)
    total = base.count()
    hidden = base.filter(status=CommentStatus.HIDDEN).count()
    shown = base.exclude(status=CommentStatus.HIDDEN)
    by_disposition = {d.value: 0 for d in Disposition}
    for row in shown.values("disposition").annotate(n=Count("id")):
        if row["disposition"]:
            by_disposition[row["disposition"]] = row["n"]
    labels = dict(consultation.articles.values_list("id", "label"))
    per_article: dict[Any, Counter[str]] = {}
    for row in shown.values("article_id", "disposition").annotate(n=Count("id")):
        per_article.setdefault(row["article_id"], Counter())[row["disposition"] or ""] += row["n"]
    article_order = list(consultation.articles.values_list("id", flat=True))
    by_article = []
    for key in [*article_order, None]:
        if key in per_article:
            counts = per_article[key]
            by_article.append(
                (
                    labels.get(key, "") if key else "",
                    {d.value: counts.get(d.value, 0) for d in Disposition},
                    sum(counts.values()),
                )
            )
    reasons = []
    for row in (
        shown.exclude(disposition="")
        .values("article_id", "disposition", "ruling_reason")
        .annotate(n=Count("id"))
        .order_by("article_id", "disposition", "-n")
    ):
        reasons.append(
            (
                labels.get(row["article_id"], ""),
                str(Disposition(row["disposition"]).label),
                row["ruling_reason"],
                row["n"],
            )
        )
    return AdoptionReport(
        total=total,
        shown=shown.count(),
        hidden=hidden,
        by_disposition=by_disposition,
        by_article=by_article,
        reasons=reasons,
    )


def review_due_soon(user: Any, today: date) -> QuerySet[MajorDecision]:
    return decisions_visible_to(user).filter(status=Status.LEGALITY)
