"""can_<verb>_interpretation(user, interpretation) predicates and queryset scopers.

The interpreting department works on its interpretation: its clerks draft, its head signs
off (the principal leader is the 第一解读人和责任人, 80号细则 二), its openness office
publishes and withdraws. Openness offices above it and the government office monitor.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator, organs_for_role
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import EDITABLE_STATES, Status


def scope_interpretations(user: Any, qs: QuerySet[Interpretation]) -> QuerySet[Interpretation]:
    """Interpretations a staff user may see in the back office."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_administrator(user):
        return qs
    drafting = organs_for_role(user, Role.CLERK) | organs_for_role(user, Role.HEAD)
    reviewing = (
        organs_for_role(user, Role.OPENNESS_OFFICER)
        | organs_for_role(user, Role.CONFIDENTIALITY)
        | organs_for_role(user, Role.LEGAL)
    )
    condition = Q(organ_id__in=drafting)
    condition |= Q(organ_id__in=reviewing) & ~Q(status=Status.DRAFT)
    if has_role(user, Role.GOVERNMENT_OFFICE):
        # The government office checks interpretations of submissions (退文) and monitors.
        condition |= ~Q(status=Status.DRAFT)
    return qs.filter(condition)


def can_view_interpretation(user: Any, interpretation: Interpretation) -> bool:
    return scope_interpretations(user, Interpretation.objects.filter(pk=interpretation.pk)).exists()


def can_create_interpretation(user: Any, organ_id: int) -> bool:
    return has_role(user, Role.CLERK, organ_id)


def can_edit_interpretation(user: Any, interpretation: Interpretation) -> bool:
    return interpretation.status in EDITABLE_STATES and has_role(
        user, Role.CLERK, interpretation.organ_id
    )


can_manage_media = can_edit_interpretation


def can_sign_off_interpretation(user: Any, interpretation: Interpretation) -> bool:
    return has_role(user, Role.HEAD, interpretation.organ_id)


def can_reopen_interpretation(user: Any, interpretation: Interpretation) -> bool:
    return has_role(user, Role.HEAD, interpretation.organ_id) or has_role(
        user, Role.CLERK, interpretation.organ_id
    )


def can_publish_interpretation(user: Any, interpretation: Interpretation) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, interpretation.organ_id)


can_withdraw_interpretation = can_publish_interpretation


def can_monitor_interpretations(user: Any) -> bool:
    return (
        is_administrator(user)
        or has_role(user, Role.OPENNESS_OFFICER)
        or has_role(user, Role.GOVERNMENT_OFFICE)
    )


def monitored_organs(user: Any) -> set[int] | None:
    """Organ ids whose interpretations `user` monitors; None for all of them."""
    if is_administrator(user) or has_role(user, Role.GOVERNMENT_OFFICE):
        return None
    return organs_for_role(user, Role.OPENNESS_OFFICER)
