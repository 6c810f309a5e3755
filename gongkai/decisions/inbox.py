"""重大行政决策 on the main 待办 (hook `inbox`): one line per non-empty section, each with a
stable key and its first tasks inline (InboxItem: what, 当前办理人, by when), so that every
role reaches its work from the 待办.

- the 承办单位 (起草人员, 负责人, 政务公开工作机构): decisions whose draft still has to go out for
  comment (``decisions.consult``), consultations with comments to moderate
  (``decisions.moderate``), comments to rule (``decisions.rule``), adoption reports to
  publish (``decisions.report``), decisions ready for 合法性审查 (``decisions.submit_review``:
  gate G9 satisfied) and hearings approaching (``decisions.hearing``);
- 合法性审查: the reviews due (``decisions.legality``);
- the 决策机关 (区政府办公室, or the organ's head for 部务会议): decisions waiting for 集体讨论决定
  or for publication (``decisions.decide``).

The sections are querysets (`section_querysets`) so that the staff list, filtered by the
same key (``?todo=<section>``), shows the same decisions as the 待办.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import holder_names, holders_anywhere, organs_for_role
from gongkai.core.kit.inbox import InboxItem, InboxLink
from gongkai.decisions import gates, selectors
from gongkai.decisions import permissions as perms
from gongkai.decisions.models import Hearing, LegalityReview, MajorDecision, PublicConsultation
from gongkai.decisions.workflow import ConsultationStatus, HearingStatus, Status

INBOX_ITEMS = 10  # tasks shown inline per line
# Decisions checked against gate G9 for the 待提交合法性审查 line (a handful per organ a year).
REVIEW_CANDIDATES = 200
HEARING_DAYS = 10  # hearings this close are shown

_BEFORE_REVIEW = (Status.DRAFTING, Status.PARTICIPATION, Status.EXPERT, Status.RISK)
_OUT_FOR_COMMENT = (
    ConsultationStatus.ANNOUNCED,
    ConsultationStatus.OPEN,
    ConsultationStatus.CLOSED,
    ConsultationStatus.REPORTED,
)


def _running(user: Any) -> QuerySet[MajorDecision]:
    """Decisions whose procedure `user` runs (the 承办单位's staff)."""
    return selectors.decisions_visible_to(user).filter(organ_id__in=perms._organs_running(user))


def _consultations(user: Any) -> QuerySet[PublicConsultation]:
    return (
        selectors.consultations_visible_to(user)
        .filter(decision__organ_id__in=perms._organs_running(user))
        .order_by("closes_on", "id")
    )


def to_consult(user: Any) -> QuerySet[MajorDecision]:
    """In 公众参与, needing public participation, with no consultation announced yet."""
    return (
        _running(user)
        .filter(status=Status.PARTICIPATION, requires_public_participation=True)
        .exclude(consultations__status__in=_OUT_FOR_COMMENT)
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=PublicConsultation.objects.filter(status=ConsultationStatus.DRAFT),
                to_attr="drafts",
            )
        )
        .order_by("updated_at", "id")
    )


def to_moderate(user: Any) -> QuerySet[PublicConsultation]:
    # From the counters kept on the consultation rows (no join over the comments).
    return _consultations(user).filter(
        status__in=[ConsultationStatus.OPEN, ConsultationStatus.CLOSED], pending_count__gt=0
    )


def to_rule(user: Any) -> QuerySet[PublicConsultation]:
    return _consultations(user).filter(status=ConsultationStatus.CLOSED, unruled_count__gt=0)


def to_report(user: Any) -> QuerySet[PublicConsultation]:
    """Closed, every shown comment ruled (pending ones count as unruled): the adoption report
    (意见采纳情况) is what is left to publish."""
    return _consultations(user).filter(status=ConsultationStatus.CLOSED, unruled_count=0)


def to_submit_review(user: Any) -> list[MajorDecision]:
    """Before 合法性审查, with nothing left that gate G9 asks for."""
    # What G9 asks of the consultation is narrowed in SQL; the gate itself has the last word.
    candidates = (
        _running(user)
        .filter(status__in=_BEFORE_REVIEW)
        .filter(
            Q(requires_public_participation=False)
            | Q(consultations__status=ConsultationStatus.REPORTED)
        )
        .exclude(draft_text="")
        .distinct()
        .prefetch_related("consultations")
        .order_by("updated_at", "id")[:REVIEW_CANDIDATES]
    )
    return [d for d in candidates if not gates.review_problems(d)]


def hearings_due(user: Any, today: date) -> QuerySet[Hearing]:
    return (
        Hearing.objects.filter(
            decision__in=_running(user),
            held_on__gte=today,
            held_on__lte=today + timedelta(days=HEARING_DAYS),
        )
        .exclude(status=HearingStatus.HELD)
        .select_related("decision", "decision__organ")
    )


def to_review(user: Any) -> QuerySet[MajorDecision]:
    legal = organs_for_role(user, Role.LEGAL)
    return (
        selectors.decisions_visible_to(user)
        .filter(status=Status.LEGALITY, organ_id__in=legal)
        .prefetch_related(
            Prefetch(
                "legality_reviews",
                queryset=LegalityReview.objects.filter(passed__isnull=True),
                to_attr="open_reviews",
            )
        )
        .order_by("updated_at", "id")
    )


def to_decide(user: Any) -> list[MajorDecision]:
    if not (perms.has_role(user, Role.GOVERNMENT_OFFICE) or organs_for_role(user, Role.HEAD)):
        return []
    return [
        d
        for d in selectors.decisions_visible_to(user)
        .filter(status__in=[Status.DISCUSSION, Status.DECIDED])
        .order_by("updated_at", "id")
        if perms.can_decide_decision(user, d)
    ]


def _government_office_names() -> str:
    return "、".join(
        u.get_full_name() or u.get_username() for u in holders_anywhere(Role.GOVERNMENT_OFFICE)
    )


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    urgent: bool
    rows: Callable[[Any, date], Any]
    item: Callable[[Any], InboxItem]


def _consultation_url(c: PublicConsultation, query: str = "") -> str:
    url = reverse("decisions:consultation", args=[c.pk])
    return f"{url}?{query}" if query else url


def _consult_item(d: MajorDecision) -> InboxItem:
    drafts = getattr(d, "drafts", [])
    url = _consultation_url(drafts[0]) if drafts else reverse("decisions:detail", args=[d.pk])
    return InboxItem(
        label=d.title,
        url=url,
        handler=holder_names(Role.CLERK, d.organ),
        note=str(_("征集公告草稿待发布") if drafts else _("尚未起草意见征集公告")),
    )


def _moderate_item(c: PublicConsultation) -> InboxItem:
    return InboxItem(
        label=c.title,
        url=_consultation_url(c, "status=pending"),
        handler=holder_names(Role.CLERK, c.decision.organ),
        due=c.closes_on if c.status == ConsultationStatus.OPEN else None,
        note=str(_("待审核%(n)d条") % {"n": c.pending_count}),
    )


def _rule_item(c: PublicConsultation) -> InboxItem:
    return InboxItem(
        label=c.title,
        url=_consultation_url(c, "unruled=1"),
        handler=holder_names(Role.CLERK, c.decision.organ),
        note=str(_("未处理%(n)d条") % {"n": c.unruled_count}),
    )


def _report_item(c: PublicConsultation) -> InboxItem:
    return InboxItem(
        label=c.title,
        url=_consultation_url(c),
        handler=holder_names(Role.CLERK, c.decision.organ),
        note=str(c.get_status_display()),
    )


def _decision_item(handler: Callable[[MajorDecision], str]) -> Callable[[Any], InboxItem]:
    def item(d: MajorDecision) -> InboxItem:
        reviews = getattr(d, "open_reviews", [])
        return InboxItem(
            label=d.title,
            url=reverse("decisions:detail", args=[d.pk]),
            handler=handler(d),
            due=reviews[-1].due_date if reviews else None,
            note=str(d.get_status_display()),
        )

    return item


def _hearing_item(h: Hearing) -> InboxItem:
    return InboxItem(
        label=h.decision.title,
        url=reverse("decisions:detail", args=[h.decision_id]),
        handler=holder_names(Role.CLERK, h.decision.organ),
        due=h.held_on,
        note=f"{h.place} · {h.get_status_display()}",
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "consult",
        gettext_lazy("待发布意见征集的决策"),
        False,
        lambda user, today: to_consult(user),
        _consult_item,
    ),
    Section(
        "moderate",
        gettext_lazy("待审核意见的征集"),
        False,
        lambda user, today: to_moderate(user),
        _moderate_item,
    ),
    Section(
        "rule",
        gettext_lazy("待处理意见（采纳情况）"),
        True,
        lambda user, today: to_rule(user),
        _rule_item,
    ),
    Section(
        "report",
        gettext_lazy("待公布意见采纳情况"),
        True,
        lambda user, today: to_report(user),
        _report_item,
    ),
    Section(
        "submit_review",
        gettext_lazy("待提交合法性审查的决策"),
        False,
        lambda user, today: to_submit_review(user),
        _decision_item(lambda d: holder_names(Role.CLERK, d.organ)),
    ),
    Section(
        "hearing",
        gettext_lazy("即将举行的听证"),
        True,
        hearings_due,
        _hearing_item,
    ),
    Section(
        "legality",
        gettext_lazy("待合法性审查"),
        True,
        lambda user, today: to_review(user),
        _decision_item(lambda d: holder_names(Role.LEGAL, d.organ)),
    ),
    Section(
        "decide",
        gettext_lazy("待集体讨论或公布的决策"),
        False,
        lambda user, today: to_decide(user),
        _decision_item(lambda d: _government_office_names() or holder_names(Role.HEAD, d.organ)),
    ),
)
SECTION_KEYS = frozenset(s.key for s in SECTIONS)


def decision_ids(user: Any, key: str, today: date) -> set[int]:
    """The decisions behind one 待办 section (the staff list's ``?todo=<key>`` filter)."""
    section = next(s for s in SECTIONS if s.key == key)
    rows = list(section.rows(user, today))
    ids = set()
    for row in rows:
        if isinstance(row, MajorDecision):
            ids.add(row.pk)
        elif isinstance(row, PublicConsultation | Hearing):
            ids.add(row.decision_id)
    return ids


def inbox_links(user: Any, today: date) -> list[InboxLink]:
    """This module's lines on the main 待办 (hook `inbox`)."""
    base = reverse("decisions:list")
    links = []
    for section in SECTIONS:
        rows = section.rows(user, today)
        count = len(rows) if isinstance(rows, list) else rows.count()
        if not count:
            continue
        first = rows[:INBOX_ITEMS]
        links.append(
            InboxLink(
                module=str(_("重大行政决策")),
                title=str(section.title),
                count=count,
                url=f"{base}?todo={section.key}",
                urgent=section.urgent,
                items=tuple(section.item(row) for row in first),
                key=f"decisions.{section.key}",
            )
        )
    return links
