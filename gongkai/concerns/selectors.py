"""Reads of the 舆情 module: visibility, the 待办 by remaining hours, 回应关切."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.calendars.models import Clock
from gongkai.concerns import permissions as perms
from gongkai.concerns.models import CaseNotice, OpinionCase, OpinionResponse
from gongkai.concerns.workflow import OPEN_STATES, Status

URGENT = timedelta(hours=1)


def cases_visible_to(user: Any) -> QuerySet[OpinionCase]:
    return perms.scope_cases(
        user, OpinionCase.objects.select_related("responsible_organ", "proposed_organ")
    )


def case_clocks(case: OpinionCase) -> list[Clock]:
    ct = ContentType.objects.get_for_model(OpinionCase)
    return list(Clock.objects.filter(subject_type=ct, subject_id=case.pk).order_by("due_at", "pk"))


@dataclass(frozen=True)
class TodoLine:
    case: OpinionCase
    due_at: datetime | None
    minutes_left: int | None  # negative: overdue

    @property
    def urgent(self) -> bool:
        return self.minutes_left is not None and self.minutes_left < 60

    @property
    def overdue(self) -> bool:
        return self.minutes_left is not None and self.minutes_left < 0

    @property
    def hours_left(self) -> str:
        if self.minutes_left is None:
            return "—"
        sign = "-" if self.minutes_left < 0 else ""
        m = abs(self.minutes_left)
        return f"{sign}{m // 60}:{m % 60:02d}"


def todo(user: Any, *, now: datetime | None = None, limit: int = 50) -> list[TodoLine]:
    """The user's open cases with a running clock, nearest deadline first (the 待办 lines)."""
    now = now or timezone.now()
    qs = (
        cases_visible_to(user)
        .filter(status__in=OPEN_STATES, next_due_at__isnull=False)
        .order_by("next_due_at", "pk")[:limit]
    )
    return [
        TodoLine(c, c.next_due_at, int((c.next_due_at - now).total_seconds() // 60))
        for c in qs
        if c.next_due_at is not None
    ]


@dataclass(frozen=True)
class TodoCounts:
    overdue: int
    urgent: int  # under an hour left
    to_allocate: int
    disputed: int
    notices: int


def todo_counts(user: Any, *, now: datetime | None = None) -> TodoCounts:
    """The counts of the main 待办 lines, in one aggregate query (plus the notices)."""
    now = now or timezone.now()
    coordinator = perms.can_create_case(user)
    counts = (
        cases_visible_to(user)
        .filter(status__in=OPEN_STATES)
        .aggregate(
            overdue=Count("pk", filter=Q(next_due_at__lt=now)),
            urgent=Count("pk", filter=Q(next_due_at__gte=now, next_due_at__lt=now + URGENT)),
            to_allocate=Count("pk", filter=Q(status=Status.COLLECTED)),
            disputed=Count("pk", filter=Q(status=Status.DISPUTED)),
        )
    )
    organs = perms.member_organ_ids(user)
    notices = (
        CaseNotice.objects.filter(
            organ_id__in=organs, read_at__isnull=True, case__status__in=OPEN_STATES
        ).count()
        if organs
        else 0
    )
    return TodoCounts(
        overdue=counts["overdue"],
        urgent=counts["urgent"],
        to_allocate=counts["to_allocate"] if coordinator else 0,
        disputed=counts["disputed"] if coordinator else 0,
        notices=notices,
    )


def cases_for_document(user: Any, document: Any) -> QuerySet[OpinionCase]:
    return cases_visible_to(user).filter(documents=document).order_by("-detected_at")


def responses_public() -> QuerySet[OpinionResponse]:
    """Responses published in 回应关切, newest first."""
    return (
        OpinionResponse.objects.filter(published_at__isnull=False)
        .exclude(case__status=Status.DISMISSED)
        .select_related("case", "organ")
        .order_by("-occurred_at", "-published_at", "-id")
    )


def responses_public_list() -> QuerySet[OpinionResponse]:
    from gongkai.documents.selectors import documents_public

    return responses_public().prefetch_related(
        Prefetch(
            "case__documents",
            queryset=documents_public().order_by("pk"),
            to_attr="public_documents",
        )
    )


def public_documents_of(response: OpinionResponse) -> list[Any]:
    from gongkai.documents.selectors import documents_public

    return list(documents_public().filter(opinion_cases=response.case_id).order_by("pk"))


def public_interpretations_of(documents: list[Any]) -> list[Any]:
    """The published 政策解读 of the documents concerned (linked from 回应关切)."""
    from gongkai.interpretations.selectors import interpretations_public

    if not documents:
        return []
    return list(
        interpretations_public()
        .filter(documents__in=documents)
        .distinct()
        .order_by("-published_date")
    )


def published_responses_for_document(document: Any) -> list[OpinionResponse]:
    return list(responses_public().filter(case__documents=document))


# --- the main 待办 (hook `inbox`, built by gongkai.concerns.inbox) ----------------------------

INBOX_ITEMS = 10  # tasks shown inline per line


@dataclass(frozen=True)
class InboxSection:
    """One line of the 待办: its key (the InboxLink key after "concerns."), how many, and
    the first cases (nearest deadline first) or, for `publish`, the first responses."""

    key: str
    count: int
    rows: list[Any]


def inbox_sections(user: Any, *, now: datetime | None = None) -> list[InboxSection]:
    """The user's 舆情 tasks, by kind of work:

    - overdue / urgent (under an hour) / running: open cases with a clock running, on which
      the user must act (every case for a coordinator; its organs' cases as first
      responsible body for a department's responders);
    - allocate (coordinators): cases waiting for the first responsible body to be confirmed;
    - disputed (the government office, which decides): allocations disputed;
    - publish (the responsible organ's head or openness office): responses recorded and not
      yet published in 回应关切;
    - evaluate (coordinators): cases answered, waiting for the 评估;
    - notices: cases concerning a document the user's organ interprets (解疑释惑), unread.
    """
    now = now or timezone.now()
    coordinator = perms.is_coordinator(user)
    handled = perms.scope_cases_to_handle(user, OpinionCase.objects.filter(status__in=OPEN_STATES))
    filters = {
        "overdue": Q(next_due_at__lt=now),
        "urgent": Q(next_due_at__gte=now, next_due_at__lt=now + URGENT),
        # The allocation line already carries the cases still being allocated.
        "running": Q(next_due_at__gte=now + URGENT) & ~Q(status=Status.COLLECTED),
    }
    wanted: dict[str, Q] = dict(filters)
    if coordinator:
        wanted["allocate"] = Q(status=Status.COLLECTED)
        wanted["evaluate"] = Q(status=Status.EVALUATING)
    if perms.decides_disputes(user):
        wanted["disputed"] = Q(status=Status.DISPUTED)
    counts = handled.aggregate(
        **{
            key: Count("pk", filter=q & Q(next_due_at__isnull=False) if key in filters else q)
            for key, q in wanted.items()
        }
    )
    order = ("allocate", "disputed", "overdue", "urgent", "running", "evaluate")
    # The first cases of each line by id (a cheap index read), then their rows in one query.
    # The time lines exclude the finished states rather than list the open ones, so that the
    # index on next_due_at gives the order and the read stops after INBOX_ITEMS.
    ongoing = perms.scope_cases_to_handle(
        user,
        OpinionCase.objects.exclude(status__in=set(Status.values) - OPEN_STATES).filter(
            next_due_at__isnull=False
        ),
    )
    first: dict[str, list[int]] = {}
    for key in order:
        if counts.get(key):
            source = ongoing if key in filters else handled
            first[key] = list(
                source.filter(wanted[key])
                .order_by("next_due_at", "pk")
                .values_list("pk", flat=True)[:INBOX_ITEMS]
            )
    cases = OpinionCase.objects.select_related("responsible_organ", "proposed_organ").in_bulk(
        [pk for pks in first.values() for pk in pks]
    )
    sections = [
        InboxSection(key, counts[key], [cases[pk] for pk in first[key]])
        for key in order
        if key in first
    ]
    responses = perms.scope_responses_to_publish(
        user,
        OpinionResponse.objects.filter(
            published_at__isnull=True, case__status__in=OPEN_STATES | {Status.CLOSED}
        ),
    )
    n = responses.count()
    if n:
        rows = list(
            responses.select_related("case", "organ").order_by("occurred_at", "pk")[:INBOX_ITEMS]
        )
        sections.append(InboxSection("publish", n, rows))
    organs = perms.member_organ_ids(user)
    if organs:
        notices = CaseNotice.objects.filter(
            organ_id__in=organs, read_at__isnull=True, case__status__in=OPEN_STATES
        )
        n = notices.values("case").distinct().count()
        if n:
            rows = list(
                OpinionCase.objects.filter(pk__in=notices.values("case"))
                .select_related("responsible_organ", "proposed_organ")
                .order_by("-detected_at", "pk")[:INBOX_ITEMS]
            )
            sections.append(InboxSection("notices", n, rows))
    return sections
