"""can_<verb>_meeting(user, meeting) predicates and the queryset scoper.

- The organiser drafts the plan, handles the applications to attend (and sees the
  applicants' contact details in clear), records the meeting and its results: a clerk
  (起草人员) of the organ; for the 区政府's own meetings also the 区政府办公室.
- The organ's head (单位负责人) approves the plan with its openness proposal, sends it back
  or cancels the meeting.
- The openness office (政务公开工作机构) of the organ, or above it, announces the meeting and
  publishes its results on the portal.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator, organs_for_role
from gongkai.meetings.models import Meeting
from gongkai.meetings.workflow import PLAN_EDITABLE, RESULTS_EDITABLE, Status
from gongkai.organizations.models import Organ, OrganKind


def _government_ids() -> set[int]:
    return set(
        Organ.objects.filter(kind=OrganKind.DISTRICT_GOVERNMENT).values_list("pk", flat=True)
    )


def organiser_organs(user: Any) -> set[int]:
    """Organs whose meetings `user` organises."""
    ids = organs_for_role(user, Role.CLERK)
    if has_role(user, Role.GOVERNMENT_OFFICE):
        ids |= _government_ids()
    return ids


def scope_meetings(user: Any, qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings a staff user may see in the back office."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_administrator(user):
        return qs
    own = organiser_organs(user) | organs_for_role(user, Role.HEAD)
    reviewing = organs_for_role(user, Role.OPENNESS_OFFICER)
    return qs.filter(Q(organ_id__in=own) | (Q(organ_id__in=reviewing) & ~Q(status=Status.DRAFT)))


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    return scope_meetings(user, Meeting.objects.filter(pk=meeting.pk)).exists()


def can_create_meeting(user: Any, organ_id: int) -> bool:
    return organ_id in organiser_organs(user)


def can_organise_meeting(user: Any, meeting: Meeting) -> bool:
    return meeting.organ_id in organiser_organs(user)


def can_edit_meeting(user: Any, meeting: Meeting) -> bool:
    return meeting.status in PLAN_EDITABLE and can_organise_meeting(user, meeting)


def can_submit_meeting(user: Any, meeting: Meeting) -> bool:
    return can_organise_meeting(user, meeting)


def can_approve_meeting(user: Any, meeting: Meeting) -> bool:
    return has_role(user, Role.HEAD, meeting.organ_id)


can_reopen_meeting = can_approve_meeting
can_cancel_meeting = can_approve_meeting


def can_announce_meeting(user: Any, meeting: Meeting) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, meeting.organ_id)


can_publish_meeting = can_announce_meeting


def can_hold_meeting(user: Any, meeting: Meeting) -> bool:
    return can_organise_meeting(user, meeting)


def can_select_attendees(user: Any, meeting: Meeting) -> bool:
    return meeting.status == Status.ANNOUNCED and can_organise_meeting(user, meeting)


def can_record_results(user: Any, meeting: Meeting) -> bool:
    return meeting.status in RESULTS_EDITABLE and can_organise_meeting(user, meeting)


def can_see_applicants(user: Any, meeting: Meeting) -> bool:
    """Contact details in clear: only for those who handle the applications."""
    return can_organise_meeting(user, meeting)


def can_use_meetings(user: Any) -> bool:
    """The 政府会议 back office is for the organs' organisers, heads and openness offices."""
    return bool(
        is_administrator(user)
        or organiser_organs(user)
        or has_role(user, Role.HEAD)
        or has_role(user, Role.OPENNESS_OFFICER)
    )
