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
from datetime import date
from functools import cache, lru_cache

import holidays as holidays_pkg
from chinese_calendar import constants as chinese_calendar_data

from gongkai.lib.workdays import WorkCalendar

__all__ = ["calendar_for", "load_official_calendar", "provisional_rest_days"]


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
    are years whose full notice the administrator has entered, which become official and get no
    computed fallback. Results are cached, so repeated calls share one search index.
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
    merged = official
    if fallback:
        merged = WorkCalendar(
            holidays=official.holidays | fallback,
            makeup_workdays=official.makeup_workdays,
            official_years=official.official_years,
        )
    if overrides or override_years:
        merged = merged.with_overrides(overrides, override_years)
    return merged
