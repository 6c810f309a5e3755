"""Sources of holiday data for ``WorkCalendar``.

Precedence (stack-notes.md §2): administrator overrides, then the official schedules shipped in
the pinned ``chinesecalendar`` package (State Council notices 关于YYYY年部分节假日安排的通知,
2004–2026 in 1.11.0), then, for a year with no official schedule yet, the statutory holidays
computed by the ``holidays`` package from 全国年节及纪念日放假办法. The last source is a guess
(no 调休上班日, the real notice usually moves days around), so such years are never official and
every deadline that counts one of their days is provisional (domain.md §9.2, §11 scenario 12).

Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

import holidays as holidays_pkg
from chinese_calendar import constants as chinese_calendar_data

from gongkai.lib.workdays import WorkCalendar

__all__ = [
    "YearSchedule",
    "calendar_for",
    "load_official_calendar",
    "packaged_schedule",
    "provisional_rest_days",
]


@cache
def load_official_calendar() -> WorkCalendar:
    """The official schedules of the pinned chinesecalendar package, as a ``WorkCalendar``.

    ``official_years`` is every year from the first to the last year the package covers. The
    package's dicts are copied, so later changes to them (stack-notes.md §2 describes patching
    them to add a year) do not leak into calendars built here; use ``with_overrides`` instead.
    """
    rest_days = frozenset(chinese_calendar_data.holidays)
    makeup_workdays = frozenset(chinese_calendar_data.workdays)
    years = {d.year for d in rest_days | makeup_workdays}
    return WorkCalendar(
        holidays=rest_days,
        makeup_workdays=makeup_workdays,
        official_years=frozenset(range(min(years), max(years) + 1)),
    )


@cache
def _computed_rest_days(year: int) -> frozenset[date]:
    computed = holidays_pkg.country_holidays("CN", years=year)
    return frozenset(d for d in computed if d.year == year)


def provisional_rest_days(year: int) -> set[date]:
    """Statutory rest days of ``year`` as computed by the ``holidays`` package (fallback only).

    Includes the package's "observed" days (补假 for a holiday on a weekend, 放假办法第六条).
    There are no make-up working days: those exist only in the official notice.
    """
    return set(_computed_rest_days(year))


def calendar_for(
    years_needed: Iterable[int],
    overrides: Iterable[tuple[date, bool]] = (),
    override_years: Iterable[int] = (),
) -> WorkCalendar:
    """Official data + computed fallback for unknown years + administrator overrides.

    ``years_needed`` are the years a computation may reach (e.g. the receipt year and the next
    one); each that is neither covered by chinesecalendar nor listed in ``override_years`` gets
    the ``holidays`` fallback and stays not official. ``overrides`` are ``(date, is_workday)``
    rows from the administrator's calendar table and win over both sources; ``override_years``
    are years whose full notice the administrator has entered: they become official, and the
    administrator's rows *replace* that year's packaged data and computed fallback, so a date
    removed from the entered schedule is an ordinary day again. Results are cached, so
    repeated calls share one search index.
    """
    return _calendar_for(frozenset(years_needed), tuple(overrides), frozenset(override_years))


@lru_cache(maxsize=64)
def _calendar_for(
    years_needed: frozenset[int],
    overrides: tuple[tuple[date, bool], ...],
    override_years: frozenset[int],
) -> WorkCalendar:
    official = load_official_calendar()
    fallback: set[date] = set()
    for year in sorted(years_needed):
        if year not in official.official_years and year not in override_years:
            fallback |= _computed_rest_days(year)
    holidays, makeup = official.holidays | fallback, official.makeup_workdays
    if override_years:
        holidays = frozenset(d for d in holidays if d.year not in override_years)
        makeup = frozenset(d for d in makeup if d.year not in override_years)
    merged = official
    if holidays != official.holidays or makeup != official.makeup_workdays:
        merged = WorkCalendar(
            holidays=holidays, makeup_workdays=makeup, official_years=official.official_years
        )
    if overrides or override_years:
        merged = merged.with_overrides(overrides, override_years)
    return merged


@dataclass(frozen=True)
class YearSchedule:
    """What the packages say about one year, for an administrator to start from (预填).

    ``official``: the dates come from the State Council notice as shipped in chinesecalendar;
    False: computed by the ``holidays`` package from 全国年节及纪念日放假办法, a guess with no
    调休上班日. ``rest_days`` and ``makeup_workdays`` are ``(date, Chinese name)`` pairs in date
    order; ``rest_days`` includes weekend days inside a holiday span, as the notices list them.
    """

    year: int
    official: bool
    rest_days: tuple[tuple[date, str], ...]
    makeup_workdays: tuple[tuple[date, str], ...]

    @property
    def source(self) -> str:
        if self.official:
            return "chinesecalendar（国务院办公厅节假日安排通知）"
        return "holidays（按《全国年节及纪念日放假办法》推算，非正式安排）"


def packaged_schedule(year: int) -> YearSchedule:
    """The packaged schedule of ``year``: chinesecalendar if it covers the year, else the fallback."""
    if year in load_official_calendar().official_years:
        rest = {d: name for d, name in chinese_calendar_data.holidays.items() if d.year == year}
        makeup = {d: name for d, name in chinese_calendar_data.workdays.items() if d.year == year}
        return YearSchedule(
            year=year,
            official=True,
            rest_days=tuple((d, _chinese_name(rest[d])) for d in sorted(rest)),
            makeup_workdays=tuple((d, _chinese_name(makeup[d])) for d in sorted(makeup)),
        )
    return YearSchedule(
        year=year, official=False, rest_days=_computed_named(year), makeup_workdays=()
    )


def _chinese_name(english: str) -> str:
    try:
        return str(chinese_calendar_data.Holiday(english).chinese)
    except ValueError:
        return english


@cache
def _computed_named(year: int) -> tuple[tuple[date, str], ...]:
    computed = holidays_pkg.country_holidays("CN", years=year, language="zh_CN")
    return tuple(sorted((d, str(name)) for d, name in computed.items() if d.year == year))
