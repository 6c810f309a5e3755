"""Clocks and calendar years for the calendars tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.calendars import services
from gongkai.calendars.models import CalendarDay, CalendarYear, Clock, DayKind
from gongkai.inforequests.clocks import ClockKind
from gongkai.organizations.tests.factories import OrganFactory

# A hypothetical 2027 notice (the real one is not published yet): 元旦 on Friday 1 January,
# 春节 rest from Friday 5 to Friday 12 February, make-up Saturday 20 February.
NOTICE_2027 = "国办发明电〔2026〕99号"
REST_2027 = [date(2027, 1, 1), *(date(2027, 2, d) for d in (5, 8, 9, 10, 11, 12))]
MAKEUP_2027 = [date(2027, 2, 20)]


def open_clock(start: date, *, days: int = 20, kind: ClockKind = ClockKind.REPLY) -> Clock:
    """Open a clock on a fresh subject (one open clock per subject and kind)."""
    return services.clock_open(subject=OrganFactory(), kind=kind, start=start, days=days)


def enter_year(
    year: int,
    rest: list[date],
    makeup: list[date] = (),  # type: ignore[assignment]
    *,
    actor: Any = None,
    notice: str = NOTICE_2027,
) -> CalendarYear:
    """Enter a year through the service, as the admin does (audit + pending recompute)."""
    before = services.calendar_year_snapshot(None)
    calendar_year = CalendarYear.objects.create(year=year, source_notice=notice)
    CalendarDay.objects.bulk_create(
        [CalendarDay(year=calendar_year, date=d, kind=DayKind.HOLIDAY_REST) for d in rest]
        + [CalendarDay(year=calendar_year, date=d, kind=DayKind.MAKEUP_WORKDAY) for d in makeup]
    )
    services.calendar_year_changed(calendar_year=calendar_year, actor=actor, before=before)
    return calendar_year
