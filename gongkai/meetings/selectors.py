"""Reads of the meetings module: what staff see, what the public sees, the 待办 counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import is_administrator, organs_for_role
from gongkai.decisions.models import MajorDecision, PublicConsultation
from gongkai.decisions.workflow import ConsultationStatus
from gongkai.decisions.workflow import Status as DecisionStatus
from gongkai.meetings.models import AgendaItem, AttendanceApplication, Meeting, MeetingLink
from gongkai.meetings.permissions import organiser_organs, scope_meetings
from gongkai.meetings.workflow import PUBLIC_STATES, OpenMethod, Status


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return scope_meetings(user, Meeting.objects.select_related("organ"))


def meetings_public() -> QuerySet[Meeting]:
    """Meetings the public sees: announced (会议预告), held, with results, or cancelled after
    their announcement."""
    return Meeting.objects.filter(status__in=PUBLIC_STATES).select_related("organ")


def _public_items() -> Prefetch[Any]:
    return Prefetch(
        "items",
        queryset=AgendaItem.objects.select_related("consultation", "major_decision").order_by(
            "order", "id"
        ),
    )


def upcoming_public() -> QuerySet[Meeting]:
    """Announced meetings (会议预告), soonest first."""
    return (
        meetings_public()
        .filter(status=Status.ANNOUNCED)
        .order_by("starts_at", "id")
        .prefetch_related(_public_items())
    )


def held_public() -> QuerySet[Meeting]:
    """Held meetings, newest first: with their results once published."""
    return (
        meetings_public()
        .filter(status__in=[Status.HELD, Status.PUBLISHED])
        .order_by("-starts_at", "-id")
        .prefetch_related(_public_items())
    )


def public_meeting(uid: str) -> Meeting | None:
    return (
        meetings_public()
        .filter(uid=uid)
        .prefetch_related(_public_items(), Prefetch("links", queryset=MeetingLink.objects.all()))
        .first()
    )


def public_item(item_id: int) -> AgendaItem | None:
    return (
        AgendaItem.objects.select_related("meeting__organ")
        .filter(pk=item_id, meeting__status__in=PUBLIC_STATES)
        .first()
    )


def applications_of(meeting: Meeting) -> QuerySet[AttendanceApplication]:
    return AttendanceApplication.objects.filter(item__meeting=meeting).select_related("item")


# --- 待办 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxSection:
    key: str
    title: str
    meetings: list[Meeting]
    urgent: bool = False


def _own(user: Any, organs: set[int], qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    if is_administrator(user):
        return qs
    return qs.filter(organ_id__in=organs)


def inbox_for(user: Any, now: datetime | None = None) -> list[InboxSection]:
    """The meetings waiting for `user`: plans to approve, meetings to announce, applications
    to select, meetings to record and results to publish."""
    from django.utils.translation import gettext as _

    now = now or timezone.now()
    base = Meeting.objects.select_related("organ")
    heads = organs_for_role(user, Role.HEAD)
    officers = organs_for_role(user, Role.OPENNESS_OFFICER)
    organisers = organiser_organs(user)
    sections = [
        InboxSection(
            "to_approve",
            _("会议方案待审定"),
            list(_own(user, heads, base.filter(status=Status.SUBMITTED))),
        ),
        InboxSection(
            "to_announce",
            _("会议预告待发布"),
            list(_own(user, officers, base.filter(status=Status.APPROVED, starts_at__gt=now))),
            urgent=True,
        ),
        InboxSection(
            "to_select",
            _("列席申请待遴选"),
            [
                m
                for m in _own(
                    user,
                    organisers,
                    base.filter(
                        status=Status.ANNOUNCED,
                        items__applications__isnull=False,
                        items__selection__isnull=True,
                    ).distinct(),
                )
                if any(
                    i.takes_applications and i.applications.exists()
                    for i in m.items.filter(selection__isnull=True)
                )
            ],
            urgent=True,
        ),
        InboxSection(
            "to_record",
            _("会议结果待录入"),
            list(
                _own(
                    user,
                    organisers,
                    base.filter(
                        Q(status=Status.ANNOUNCED, starts_at__lte=now)
                        | Q(status=Status.HELD, press_release="")
                    ),
                )
            ),
        ),
        InboxSection(
            "to_publish",
            _("会议结果待发布"),
            list(_own(user, officers, base.filter(status=Status.HELD).exclude(press_release=""))),
            urgent=True,
        ),
    ]
    return [s for s in sections if s.meetings]


def application_counts(meeting: Meeting) -> dict[int, int]:
    rows = (
        AgendaItem.objects.filter(meeting=meeting)
        .annotate(n=Count("applications"))
        .values_list("pk", "n")
    )
    return dict(rows)


def takes_attendance(item: AgendaItem) -> bool:
    return item.is_open and OpenMethod.ATTENDANCE in item.open_methods


# --- the decisions an agenda item discusses (决策条例第二十九—三十条) --------------------------

# Stages in which a 重大行政决策 can be put on a meeting's agenda: its legality review under
# way or done (the 集体讨论决定 itself is gated on a passed review), or decided there.
AGENDA_DECISION_STAGES = (
    DecisionStatus.LEGALITY,
    DecisionStatus.DISCUSSION,
    DecisionStatus.DECIDED,
)


def consultations_for_agenda() -> QuerySet[PublicConsultation]:
    """意见征集 whose adoption report is published (the meeting materials carry it)."""
    return (
        PublicConsultation.objects.filter(status=ConsultationStatus.REPORTED)
        .select_related("decision")
        .order_by("-reported_at", "-id")
    )


def decisions_for_agenda() -> QuerySet[MajorDecision]:
    return MajorDecision.objects.filter(status__in=AGENDA_DECISION_STAGES).order_by(
        "-updated_at", "-id"
    )


def public_decision_uids(items: list[AgendaItem]) -> set[Any]:
    """The uids of the items' 重大行政决策 that have a public page (linked from the meeting)."""
    from gongkai.decisions.selectors import decisions_public

    ids = {item.major_decision_id for item in items if item.major_decision_id}
    if not ids:
        return set()
    return set(decisions_public().filter(pk__in=ids).values_list("uid", flat=True))
