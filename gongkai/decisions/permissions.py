"""Who may do what with 重大行政决策 (`can_<verb>_<entity>(user, obj)`, `scope_*`).

- The 决策承办单位 (its 起草人员 and 负责人) and the 政务公开工作机构 above it run the
  procedure: drafts, consultations, moderation, rulings, hearings, records.
- 合法性审查 belongs to the legal-review role (决策条例第二十五条) of the organ or above.
- 集体讨论决定 and 公布 belong to the 区政府办公室 (决策机关) or the organ's head (部务会议).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator, organs_for_role
from gongkai.decisions.models import CatalogueItem, MajorDecision, PublicConsultation


def _organs_running(user: Any) -> set[int]:
    return (
        organs_for_role(user, Role.CLERK)
        | organs_for_role(user, Role.HEAD)
        | organs_for_role(user, Role.OPENNESS_OFFICER)
    )


def _runs(user: Any, organ_id: int) -> bool:
    return organ_id in _organs_running(user)


def can_create_decision(user: Any, organ_id: int) -> bool:
    return has_role(user, Role.CLERK, organ_id) or has_role(user, Role.HEAD, organ_id)


def can_run_decision(user: Any, decision: MajorDecision) -> bool:
    """Drafting, participation, expert and risk stages, records and hearings."""
    return _runs(user, decision.organ_id)


def can_review_legality(user: Any, decision: MajorDecision) -> bool:
    return decision.organ_id in organs_for_role(user, Role.LEGAL)


def can_decide_decision(user: Any, decision: MajorDecision) -> bool:
    return has_role(user, Role.GOVERNMENT_OFFICE) or has_role(user, Role.HEAD, decision.organ_id)


def can_publish_decision(user: Any, decision: MajorDecision) -> bool:
    return can_decide_decision(user, decision)


def can_view_decision(user: Any, decision: MajorDecision) -> bool:
    return (
        is_administrator(user)
        or can_run_decision(user, decision)
        or can_review_legality(user, decision)
        or can_decide_decision(user, decision)
    )


def can_manage_consultation(user: Any, consultation: PublicConsultation) -> bool:
    """Announce, moderate, cluster, rule, report (the 承办单位)."""
    return _runs(user, consultation.decision.organ_id)


def can_manage_catalogue(user: Any, organ_id: int) -> bool:
    return has_role(user, Role.GOVERNMENT_OFFICE) or has_role(user, Role.HEAD, organ_id)


def can_edit_catalogue_item(user: Any, item: CatalogueItem) -> bool:
    return can_manage_catalogue(user, item.organ_id)


def scope_decisions(user: Any, qs: QuerySet[MajorDecision]) -> QuerySet[MajorDecision]:
    if is_administrator(user) or has_role(user, Role.GOVERNMENT_OFFICE):
        return qs
    organs = _organs_running(user) | organs_for_role(user, Role.LEGAL)
    head = organs_for_role(user, Role.HEAD)
    return qs.filter(Q(organ_id__in=organs) | Q(organ_id__in=head))


def scope_consultations(
    user: Any, qs: QuerySet[PublicConsultation]
) -> QuerySet[PublicConsultation]:
    return qs.filter(decision__in=scope_decisions(user, MajorDecision.objects.all()))
