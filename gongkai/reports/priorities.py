"""年度政务公开工作要点 per organ: items, responsible unit, deadline, progress (80号细则 六).
Their state feeds section 六 of the annual report (domain.md §4.1)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.core.kit import steps
from gongkai.core.kit.audit import record_event
from gongkai.organizations.models import Organ
from gongkai.reports import permissions as perms
from gongkai.reports.models import Progress, WorkPriority


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, limit in (("title", 300), ("responsible_unit", 120)):
        if name in data or not partial:
            value = str(data.get(name) or "").strip()
            if not value:
                raise InvalidInput(_("请填写工作要点和责任单位。"), field=name)
            out[name] = value[:limit]
    if "deadline" in data or not partial:
        if not isinstance(data.get("deadline"), date):
            raise InvalidInput(_("请填写完成时限。"), field="deadline")
        out["deadline"] = data["deadline"]
    if "progress" in data:
        if data["progress"] not in Progress.values:
            raise InvalidInput(_("进展无效。"), field="progress")
        out["progress"] = data["progress"]
    if "progress_note" in data:
        out["progress_note"] = str(data["progress_note"] or "")[:5000]
    return out


@transaction.atomic
def priority_add(*, actor: Any, organ: Organ, year: int, data: dict[str, Any]) -> WorkPriority:
    if not perms.can_create_annual_report(actor, organ.pk):
        raise NotPermitted(_("只有本机关政务公开工作机构或起草人员可以登记工作要点。"))
    if year < 2019 or year > 2100:
        raise InvalidInput(_("年度无效。"), field="year")
    fields = _clean(data, partial=False)
    if fields["deadline"].year not in (year, year + 1):
        raise InvalidInput(_("完成时限应在本年度内（最迟次年）。"), field="deadline")
    priority = WorkPriority.objects.create(organ=organ, year=year, created_by=actor, **fields)
    record_event(action="work_priority.added", subject=priority, actor=actor, data={"year": year})
    return priority


@transaction.atomic
def priority_update(*, actor: Any, priority: WorkPriority, data: dict[str, Any]) -> WorkPriority:
    priority = steps.lock(priority)
    if not perms.can_create_annual_report(actor, priority.organ_id):
        raise NotPermitted(_("只有本机关政务公开工作机构或起草人员可以更新工作要点。"))
    fields = _clean(data, partial=True)
    if (
        fields.get("progress") == Progress.DELAYED
        and not (fields.get("progress_note") or priority.progress_note).strip()
    ):
        raise InvalidInput(_("未按期完成的，请说明原因。"), field="progress_note")
    for name, value in fields.items():
        setattr(priority, name, value)
    priority.save()
    record_event(
        action="work_priority.updated",
        subject=priority,
        actor=actor,
        data={"progress": priority.progress},
    )
    return priority


def priorities_summary(*, organ: Organ, year: int) -> dict[str, Any]:
    items = list(WorkPriority.objects.filter(organ=organ, year=year))
    counts = Counter(p.progress for p in items)
    return {
        "total": len(items),
        "done": counts[Progress.DONE],
        "in_progress": counts[Progress.IN_PROGRESS],
        "not_started": counts[Progress.NOT_STARTED],
        "delayed": counts[Progress.DELAYED],
        "open": [
            {
                "title": p.title,
                "unit": p.responsible_unit,
                "progress": str(p.get_progress_display()),
            }
            for p in items
            if p.progress != Progress.DONE
        ],
    }
