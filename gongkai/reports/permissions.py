"""can_<verb>_<entity>(user, obj) for annual reports and the 复议/诉讼 register.

The organ's openness office (政务公开工作机构) and its clerks compile the report; the organ's
head signs it off (审签); the openness office publishes it. Openness offices above the organ
(hierarchical role) and the government office see every department's report (the roll-up).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator, organs_for_role
from gongkai.reports.models import AnnualReport, RemedyCase
from gongkai.reports.workflow import EDITABLE_STATES


def _compilers(user: Any, organ_id: int) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, organ_id) or has_role(user, Role.CLERK, organ_id)


def visible_organ_ids(user: Any) -> set[int] | None:
    """Organs whose reports ``user`` sees; None for all of them."""
    if is_administrator(user) or has_role(user, Role.GOVERNMENT_OFFICE):
        return None
    return (
        organs_for_role(user, Role.OPENNESS_OFFICER)
        | organs_for_role(user, Role.CLERK)
        | organs_for_role(user, Role.HEAD)
    )


def scope_annual_reports(user: Any, qs: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    organs = visible_organ_ids(user)
    return qs if organs is None else qs.filter(organ_id__in=organs)


def scope_remedy_cases(user: Any, qs: QuerySet[RemedyCase]) -> QuerySet[RemedyCase]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    organs = visible_organ_ids(user)
    return qs if organs is None else qs.filter(organ_id__in=organs)


def can_create_annual_report(user: Any, organ_id: int) -> bool:
    return _compilers(user, organ_id)


def can_edit_annual_report(user: Any, report: AnnualReport) -> bool:
    return report.status in EDITABLE_STATES and _compilers(user, report.organ_id)


def can_check_annual_report(user: Any, report: AnnualReport) -> bool:
    return _compilers(user, report.organ_id)


def can_sign_off_annual_report(user: Any, report: AnnualReport) -> bool:
    return has_role(user, Role.HEAD, report.organ_id)


def can_publish_annual_report(user: Any, report: AnnualReport) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, report.organ_id)


def can_reopen_annual_report(user: Any, report: AnnualReport) -> bool:
    return has_role(user, Role.HEAD, report.organ_id) or has_role(
        user, Role.OPENNESS_OFFICER, report.organ_id
    )


def can_view_annual_report(user: Any, report: AnnualReport) -> bool:
    organs = visible_organ_ids(user) if getattr(user, "is_authenticated", False) else set()
    return organs is None or report.organ_id in organs


def can_manage_remedy_cases(user: Any, organ_id: int) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, organ_id) or has_role(user, Role.LEGAL, organ_id)


def can_view_rollup(user: Any) -> bool:
    return (
        is_administrator(user)
        or has_role(user, Role.GOVERNMENT_OFFICE)
        or has_role(user, Role.OPENNESS_OFFICER)
    )


def can_generate_inspection(user: Any, organ_id: int) -> bool:
    """Build an organ's self-inspection worklist: its compilers, the openness offices over it,
    the government office (which builds the departments' lists) and administrators."""
    return (
        _compilers(user, organ_id)
        or is_administrator(user)
        or has_role(user, Role.GOVERNMENT_OFFICE)
    )


def can_set_inspection_due(user: Any, inspection: Any) -> bool:
    """The deadline of a worklist: the government office, or an openness office over the
    organ (a department's own openness office included)."""
    return (
        is_administrator(user)
        or has_role(user, Role.GOVERNMENT_OFFICE)
        or has_role(user, Role.OPENNESS_OFFICER, inspection.organ_id)
    )


def can_decide_inspection(user: Any, organ_id: int) -> bool:
    """The organ's openness office decides what becomes public (条例第十八条)."""
    return has_role(user, Role.OPENNESS_OFFICER, organ_id)


def scope_inspections(user: Any, qs: QuerySet[Any]) -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    organs = visible_organ_ids(user)
    return qs if organs is None else qs.filter(organ_id__in=organs)


def can_see_reports(user: Any) -> bool:
    """The 年度报告 menu entry: members of an organ (any role above) and the office."""
    if not getattr(user, "is_authenticated", False):
        return False
    organs = visible_organ_ids(user)
    return organs is None or bool(organs)
