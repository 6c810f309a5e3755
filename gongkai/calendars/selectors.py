"""Reads: the working calendar in force (package data + administrator overrides)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.calendars.models import CalendarDay, CalendarYear, DayKind, PendingRecompute
from gongkai.lib.official_calendar import calendar_for, load_official_calendar
from gongkai.lib.workdays import WorkCalendar

# Years the calendar covers: the package's first official year up to a few years ahead.
FIRST_YEAR = 2004
YEARS_AHEAD = 3


@dataclass(frozen=True)
class CalendarInForce:
    """The calendar in force and the version of the administrator data it was built from."""

    version: str
    calendar: WorkCalendar


def _calendar_data() -> tuple[tuple[tuple[date, str], ...], tuple[int, ...]]:
    rows = tuple(CalendarDay.objects.order_by("date").values_list("date", "kind"))
    years = tuple(CalendarYear.objects.order_by("year").values_list("year", flat=True))
    return rows, years


def _version(rows: tuple[tuple[date, str], ...], years: tuple[int, ...]) -> str:
    return hashlib.sha256(repr((rows, years)).encode()).hexdigest()


def calendar_version() -> str:
    """A fingerprint of the administrator calendar data; it changes with every effective edit."""
    return _version(*_calendar_data())


def calendar_in_force(today: date | None = None) -> CalendarInForce:
    rows, years = _calendar_data()
    last_year = max([(today or timezone.localdate()).year + YEARS_AHEAD, *years])
    overrides = [(d, kind == DayKind.MAKEUP_WORKDAY) for d, kind in rows]
    # calendar_for caches on its arguments, so an unchanged table reuses one search index.
    cal = calendar_for(range(FIRST_YEAR, last_year + 1), overrides, years)
    return CalendarInForce(_version(rows, years), cal)


def current_calendar(today: date | None = None) -> WorkCalendar:
    """The WorkCalendar in force: package data, the fallback for unknown years, admin years."""
    return calendar_in_force(today).calendar


def year_has_official_schedule(year: int) -> bool:
    """True if the packaged data covers ``year`` or an administrator has entered its notice."""
    if year in load_official_calendar().official_years:
        return True
    return CalendarYear.objects.filter(year=year).exists()


def pending_recomputes() -> QuerySet[PendingRecompute]:
    return PendingRecompute.objects.filter(done_at__isnull=True).order_by("pk")
