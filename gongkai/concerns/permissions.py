"""Who may do what with 舆情 cases.

- The coordinators — the government office (区政府办公室审核) and the propaganda desk
  (宣传联络) — register cases, confirm or change the first responsible body, decide
  disputes, evaluate and close, and may record every step.
- The responsible organ's staff (head, openness office, propaganda desk, clerks) record
  会商, 研判 and responses; its head or openness office may dispute the allocation and
  publish its responses in 回应关切.
- Organs concerned, co-responders and the department interpreting a document concerned see
  the case.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import (
    has_role,
    is_administrator,
    member_organ_ids,
    organs_for_role,
)
from gongkai.concerns.models import CaseNotice, OpinionCase

RESPONDER_ROLES = (Role.HEAD, Role.OPENNESS_OFFICER, Role.PROPAGANDA, Role.CLERK)
DISPUTE_ROLES = (Role.HEAD, Role.OPENNESS_OFFICER)


def is_coordinator(user: Any) -> bool:
    """Cached on the user object for the request, like its memberships."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_concerns_coordinator", None)
    if cached is None:
        cached = has_role(user, Role.GOVERNMENT_OFFICE) or _propaganda_desk(user)
        user._concerns_coordinator = cached
    return bool(cached)


def _propaganda_desk(user: Any) -> bool:
    """The propaganda desk of the coordinating organs (not a department's own 宣传联络)."""
    from gongkai.concerns.allocation import coordinators

    desks = organs_for_role(user, Role.PROPAGANDA)
    if not desks:
        return False
    return bool({o.pk for o in coordinators()} & desks)


def _organs_with(user: Any, roles: tuple[Role, ...]) -> set[int]:
    ids: set[int] = set()
    for role in roles:
        ids |= organs_for_role(user, role)
    return ids


def is_responder(user: Any, case: OpinionCase) -> bool:
    return case.responsible_organ_id is not None and case.responsible_organ_id in _organs_with(
        user, RESPONDER_ROLES
    )


def can_create_case(user: Any) -> bool:
    return is_coordinator(user)


def can_view_case(user: Any, case: OpinionCase) -> bool:
    if is_coordinator(user) or is_administrator(user):
        return True
    return scope_cases(user, OpinionCase.objects.filter(pk=case.pk)).exists()


def can_allocate_case(user: Any, case: OpinionCase) -> bool:
    return is_coordinator(user)


def decides_disputes(user: Any) -> bool:
    """The government office decides disputed allocations (of any case)."""
    return has_role(user, Role.GOVERNMENT_OFFICE)


def can_decide_dispute(user: Any, case: OpinionCase) -> bool:
    return decides_disputes(user)


def can_dispute_case(user: Any, case: OpinionCase) -> bool:
    return case.responsible_organ_id is not None and case.responsible_organ_id in _organs_with(
        user, DISPUTE_ROLES
    )


def can_record_step(user: Any, case: OpinionCase) -> bool:
    return is_coordinator(user) or is_responder(user, case)


def can_respond_case(user: Any, case: OpinionCase) -> bool:
    return is_coordinator(user) or is_responder(user, case)


def can_publish_response(user: Any, case: OpinionCase) -> bool:
    if is_coordinator(user):
        return True
    return case.responsible_organ_id is not None and case.responsible_organ_id in _organs_with(
        user, DISPUTE_ROLES
    )


def can_evaluate_case(user: Any, case: OpinionCase) -> bool:
    return is_coordinator(user)


def can_dismiss_case(user: Any, case: OpinionCase) -> bool:
    return has_role(user, Role.GOVERNMENT_OFFICE)


def can_view_dashboard(user: Any) -> bool:
    return is_coordinator(user) or is_administrator(user)


def scope_cases_to_handle(user: Any, qs: QuerySet[OpinionCase]) -> QuerySet[OpinionCase]:
    """The cases on which `user` has work to do against the clocks (the 待办): every case for
    the coordinators, the cases of its organs as first responsible body for a responder
    (an organ only concerned or notified has nothing to answer)."""
    if is_coordinator(user):
        return qs
    organs = _organs_with(user, RESPONDER_ROLES)
    return qs.filter(responsible_organ_id__in=organs) if organs else qs.none()


def scope_responses_to_publish(user: Any, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Responses whose publication in 回应关切 falls to `user`: those of its organs as first
    responsible body, for their head or openness office (the coordinators may publish too,
    but the department's own publisher is who the 待办 asks)."""
    organs = _organs_with(user, DISPUTE_ROLES)
    return qs.filter(case__responsible_organ_id__in=organs) if organs else qs.none()


def scope_cases(user: Any, qs: QuerySet[OpinionCase]) -> QuerySet[OpinionCase]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_coordinator(user) or is_administrator(user):
        return qs
    organs = list(member_organ_ids(user))
    if not organs:
        return qs.none()
    concerned = OpinionCase.organs.through.objects.filter(
        opinioncase_id=OuterRef("pk"), organ_id__in=organs
    )
    co_responding = OpinionCase.co_responders.through.objects.filter(
        opinioncase_id=OuterRef("pk"), organ_id__in=organs
    )
    notified = CaseNotice.objects.filter(case_id=OuterRef("pk"), organ_id__in=organs)
    return qs.filter(
        Q(responsible_organ_id__in=organs)
        | Q(proposed_organ_id__in=organs, status="collected")
        | Exists(concerned)
        | Exists(co_responding)
        | Exists(notified)
    )
