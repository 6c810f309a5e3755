"""Reads: the working calendar in force (package data + administrator overrides)."""

from __future__ import annotations

import hashlib
from datetime import date

from gongkai.calendars.models import CalendarDay, CalendarYear, DayKind
from gongkai.lib.official_calendar import calendar_for
from gongkai.lib.workdays import WorkCalendar

# Years the calendar covers: the package's first official year up to a few years ahead.
FIRST_YEAR = 2004
YEARS_AHEAD = 3

_cache: dict[str, WorkCalendar] = {}


def _fingerprint(rows: list[tuple[date, str]], years: list[int], last_year: int) -> str:
    digest = hashlib.sha256(repr((rows, years, last_year)).encode()).hexdigest()
    return digest


def current_calendar(today: date | None = None) -> WorkCalendar:
    """The WorkCalendar in force, rebuilt only when administrators changed the data."""
    rows = list(CalendarDay.objects.order_by("date").values_list("date", "kind"))
    years = list(CalendarYear.objects.order_by("year").values_list("year", flat=True))
    from django.utils import timezone

    last_year = (today or timezone.localdate()).year + YEARS_AHEAD
    last_year = max([last_year, *years])
    key = _fingerprint(rows, years, last_year)
    cal = _cache.get(key)
    if cal is None:
        overrides = [(d, kind == DayKind.MAKEUP_WORKDAY) for d, kind in rows]
        cal = calendar_for(range(FIRST_YEAR, last_year + 1), overrides, years)
        _cache.clear()
        _cache[key] = cal
    return cal
