"""Reads: the bodies an applicant turns to against an organ's act (remedies, 救济途径)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.organizations.models import Organ, OrganKind

__all__ = ["RemedyBodies", "remedy_bodies"]


@dataclass(frozen=True)
class RemedyBodies:
    """Who hears a complaint, a reconsideration and a lawsuit against ``organ``'s act.

    Each name is "" when neither the organ's record nor the hierarchy names it; the caller
    then prints its configured generic wording (e.g. “上一级人民政府”).
    """

    reconsideration: str
    court: str
    # True when the court of first instance is an intermediate court (行政诉讼法第十五条第（一）项:
    # cases against a 县级以上地方人民政府).
    intermediate_court: bool
    complaint: str


def _nearest(organ: Organ, kind: str) -> Organ | None:
    return next((a for a in organ.ancestors() if a.kind == kind), None)


def _derived_reconsideration(organ: Organ) -> str:
    # 行政复议法 (2023) 第二十七条: acts of vertically managed organs (海关、金融、外汇管理、
    # 税务、国家安全…) go to the competent department one level up, which the hierarchy of a
    # district does not hold.
    if organ.vertically_managed or organ.kind == OrganKind.DISTRICT_GOVERNMENT:
        # 第二十四条第一款第（二）项: the district government's acts go to the government one
        # level up (the city), outside the district's records.
        return ""
    # 第二十四条第一款第（一）项、第（二）项、第（三）项: departments, the government's office,
    # dispatched 街道 and the township governments below go to the district government.
    government = _nearest(organ, OrganKind.DISTRICT_GOVERNMENT)
    return government.name if government else ""


def _derived_complaint(organ: Organ) -> str:
    # 条例第三条第二款: the office (办公室) of a county-level government is the openness
    # competent department (政府信息公开工作主管部门) of its area.
    if organ.vertically_managed or organ.kind in (
        OrganKind.DISTRICT_GOVERNMENT,
        OrganKind.GOVERNMENT_OFFICE,
    ):
        return ""
    government = _nearest(organ, OrganKind.DISTRICT_GOVERNMENT)
    if government is None:
        return ""
    office = (
        Organ.objects.filter(parent=government, kind=OrganKind.GOVERNMENT_OFFICE, is_active=True)
        .order_by("sort_order", "id")
        .first()
    )
    return office.name if office else ""


def remedy_bodies(organ: Organ) -> RemedyBodies:
    """The organ's own record first, then what the hierarchy implies."""
    return RemedyBodies(
        reconsideration=organ.reconsideration_organ.strip() or _derived_reconsideration(organ),
        court=organ.court.strip(),
        intermediate_court=organ.kind == OrganKind.DISTRICT_GOVERNMENT,
        complaint=organ.complaint_organ.strip() or _derived_complaint(organ),
    )
