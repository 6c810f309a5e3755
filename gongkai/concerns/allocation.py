"""The proposal of the first responsible body (第一责任主体) and the coordinators, by the
rules of domain.md §8.1 (国办发〔2016〕61号, 80号 三: 属地管理、分级负责、谁主管谁负责).

- one department concerned → that department (涉事部门是第一责任主体);
- it is vertically managed (垂直管理) → still that department; its higher-level
  department's office coordinates with the propaganda department (recorded in the rule);
- several departments → each answers for its duties, the first named leads; the others are
  co-responders and the office with the propaganda department coordinates;
- several localities (街道、乡镇) → the higher-level competent department (a department
  named with them, else their common parent's department) responds; each locality answers
  for its territory;
- nothing identifiable → the government office designates.

The government office (区政府办公室) and the propaganda department (宣传部门) coordinate
every case. Staff confirm the proposal or change it with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.concerns.conf import setting
from gongkai.concerns.workflow import AllocationRule
from gongkai.organizations.models import Organ, OrganKind

LOCALITIES = frozenset({OrganKind.SUBDISTRICT, OrganKind.TOWNSHIP})
DEPARTMENTS = frozenset({OrganKind.DEPARTMENT})


@dataclass(frozen=True)
class Proposal:
    organ: Organ | None
    rule: str
    co_responders: list[Organ] = field(default_factory=list)
    coordinators: list[Organ] = field(default_factory=list)


def government_office() -> Organ | None:
    return (
        Organ.objects.filter(kind=OrganKind.GOVERNMENT_OFFICE, is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )


def propaganda_department() -> Organ | None:
    slug = str(setting("GONGKAI_CONCERNS_PROPAGANDA_ORGAN") or "")
    if not slug:
        return None
    return Organ.objects.filter(slug=slug, is_active=True).first()


def coordinators() -> list[Organ]:
    return [o for o in (government_office(), propaganda_department()) if o is not None]


def propose(organs: Sequence[Organ]) -> Proposal:
    """The rule's proposal for a case concerning `organs` (in the order they were named)."""
    coord = coordinators()
    office = coord[0] if coord and coord[0].kind == OrganKind.GOVERNMENT_OFFICE else None
    coordinating = {o.pk for o in coord}
    named = [o for o in dict.fromkeys(organs) if o.pk not in coordinating]
    departments = [o for o in named if o.kind in DEPARTMENTS]
    localities = [o for o in named if o.kind in LOCALITIES]
    if len(localities) >= 2:
        lead = departments[0] if departments else _higher_department(localities)
        rule = AllocationRule.SEVERAL_LOCALITIES
        if lead is None:
            return Proposal(office, AllocationRule.UNASSIGNED, localities, coord)
        others = [o for o in named if o.pk != lead.pk]
        return Proposal(lead, rule, others, coord)
    candidates = departments or localities or named
    if not candidates:
        return Proposal(office, AllocationRule.UNASSIGNED, [], coord)
    lead = candidates[0]
    others = [o for o in named if o.pk != lead.pk]
    if len(departments) >= 2:
        return Proposal(lead, AllocationRule.SEVERAL_DEPARTMENTS, others, coord)
    if lead.vertically_managed:
        return Proposal(lead, AllocationRule.VERTICAL, others, coord)
    return Proposal(lead, AllocationRule.DEPARTMENT, others, coord)


def _higher_department(localities: Sequence[Organ]) -> Organ | None:
    """The common parent of the localities when it is a department (a locality's competent
    department); None when their common parent is the government itself (then the office
    designates the competent department)."""
    parents = {o.parent_id for o in localities}
    if len(parents) != 1 or None in parents:
        return None
    parent = localities[0].parent
    if parent is not None and parent.kind in DEPARTMENTS:
        return parent
    return None
