"""Monthly figures per department (cases, on-time rate per clock) and the office dashboard.

A clock is on time when the response that meets it came at or before its due moment
(detected_at + 5 h / 24 h / 48 h); late when it came after, or when nothing has met it and
the moment has passed; pending otherwise. Dismissed cases are not counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.concerns.clocks import CLOCK_TYPES, ClockKind, kinds_for
from gongkai.concerns.models import OpinionCase
from gongkai.concerns.workflow import Status
from gongkai.organizations.models import Organ

HOURS = {t.kind: t.amount or 0 for t in CLOCK_TYPES}
MET = {
    ClockKind.RELEASE: "release_met_at",
    ClockKind.PRESS: "press_met_at",
    ClockKind.RESPONSE: "response_met_at",
}


@dataclass
class ClockFigures:
    total: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0

    @property
    def rate(self) -> float | None:
        decided = self.on_time + self.late
        return round(100 * self.on_time / decided, 1) if decided else None


@dataclass
class DepartmentMonth:
    organ_id: int | None
    organ_name: str
    cases: int = 0
    major: int = 0
    clocks: dict[str, ClockFigures] = field(
        default_factory=lambda: {k.value: ClockFigures() for k in ClockKind}
    )


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(year, month, 1), time.min))
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return start, timezone.make_aware(datetime.combine(nxt, time.min))


def monthly_figures(year: int, month: int, *, now: datetime | None = None) -> list[DepartmentMonth]:
    """One line per responsible department with cases detected in the month (local time)."""
    now = now or timezone.now()
    start, end = month_bounds(year, month)
    rows = (
        OpinionCase.objects.filter(detected_at__gte=start, detected_at__lt=end)
        .exclude(status=Status.DISMISSED)
        .values_list(
            "responsible_organ_id",
            "proposed_organ_id",
            "severity",
            "detected_at",
            "release_met_at",
            "press_met_at",
            "response_met_at",
        )
    )
    names = dict(Organ.objects.values_list("pk", "name"))
    lines: dict[int | None, DepartmentMonth] = {}
    for responsible, proposed, severity, detected, *met_at in rows:
        organ_id = responsible or proposed
        line = lines.get(organ_id)
        if line is None:
            line = lines[organ_id] = DepartmentMonth(organ_id, names.get(organ_id, "—"))
        line.cases += 1
        met = dict(zip(MET.values(), met_at, strict=True))
        kinds = kinds_for(severity)
        if ClockKind.RELEASE in kinds:
            line.major += 1
        for kind in kinds:
            figures = line.clocks[kind.value]
            due = detected + timedelta(hours=HOURS[kind])
            done = met[MET[kind]]
            figures.total += 1
            if done is not None:
                if done <= due:
                    figures.on_time += 1
                else:
                    figures.late += 1
            elif now > due:
                figures.late += 1
            else:
                figures.pending += 1
    return sorted(lines.values(), key=lambda x: (-x.cases, x.organ_name))


def totals(lines: list[DepartmentMonth]) -> DepartmentMonth:
    total = DepartmentMonth(None, str(_("合计")))
    for line in lines:
        total.cases += line.cases
        total.major += line.major
        for kind, figures in line.clocks.items():
            t = total.clocks[kind]
            t.total += figures.total
            t.on_time += figures.on_time
            t.late += figures.late
            t.pending += figures.pending
    return total


def dashboard(*, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    open_cases = OpinionCase.objects.exclude(status__in=[Status.CLOSED, Status.DISMISSED])
    by_status = dict.fromkeys(Status.values, 0)
    for status in open_cases.values_list("status", flat=True):
        by_status[status] += 1
    local = timezone.localtime(now)
    lines = monthly_figures(local.year, local.month, now=now)
    return {
        "open": open_cases.count(),
        "by_status": [(Status(s).label, n) for s, n in by_status.items() if n],
        "overdue": open_cases.filter(next_due_at__lt=now).count(),
        "urgent": open_cases.filter(
            next_due_at__gte=now, next_due_at__lt=now + timedelta(hours=1)
        ).count(),
        "month": (local.year, local.month),
        "lines": lines,
        "total": totals(lines),
    }
