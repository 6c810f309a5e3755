"""Working-day (工作日) arithmetic for statutory clocks.

A working day is Monday to Friday, minus statutory holiday rest days (法定节假日, including
调休 rest days that fall on weekdays), plus weekend days declared working days (调休上班日).
The arrangement changes every year with the State Council notice 关于YYYY年部分节假日安排的通知,
so the calendar is data, never rules (domain.md §9.1, STYLE.md §3).

Counting convention: the day on which a period starts is day 0 and is not counted; counting
begins on the next day (期间开始之日不计入, domain.md §9.1), so "received 2025-09-25, reply
within 20 working days" (条例第三十三条) ends on the 20th working day after 2025-09-25.

Pure Python: no Django, no clock. Callers pass dates.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

__all__ = [
    "WorkCalendar",
    "add_hours",
    "add_workdays",
    "holidays_between",
    "makeup_workdays_between",
    "workdays_between",
    "years_touched",
]


def _weekdays_through(ordinal: int) -> int:
    """Number of Monday-to-Friday days among proleptic ordinals 1..ordinal (0001-01-01 is a Monday)."""
    return (ordinal // 7) * 5 + min(ordinal % 7, 5)


def _nth_weekday(t: int) -> int:
    """Ordinal of the t-th Monday-to-Friday day counting from ordinal 1 (t >= 1)."""
    weeks, rest = divmod(t - 1, 5)
    return weeks * 7 + rest + 1


class _WorkdayIndex:
    """Cumulative working-day count F(x) = working days among ordinals 1..x, and its inverse.

    Outside the span of the calendar data [lo, hi] every day follows the plain Monday-to-Friday
    rule, which has a closed form; inside it a sorted list of working-day ordinals is searched
    with bisect. Every query is O(log n), whatever the dates.
    """

    __slots__ = ("before", "hi", "inside", "lo", "ordinals")

    def __init__(self, cal: WorkCalendar) -> None:
        special = [d.toordinal() for d in cal.holidays | cal.makeup_workdays]
        if special:
            self.lo, self.hi = min(special), max(special)
        else:
            self.lo, self.hi = 1, 0
        self.ordinals = [
            o for o in range(self.lo, self.hi + 1) if cal.is_workday(date.fromordinal(o))
        ]
        self.before = _weekdays_through(self.lo - 1)  # F(lo - 1)
        self.inside = len(self.ordinals)

    def count_through(self, x: int) -> int:
        """F(x): number of working days among ordinals 1..x."""
        if x < self.lo:
            return _weekdays_through(x)
        if x <= self.hi:
            return self.before + bisect_right(self.ordinals, x)
        return self.before + self.inside + _weekdays_through(x) - _weekdays_through(self.hi)

    def nth(self, t: int) -> int:
        """Ordinal of the t-th working day counting from ordinal 1 (t >= 1)."""
        if t <= self.before:
            return _nth_weekday(t)
        t -= self.before
        if t <= self.inside:
            return self.ordinals[t - 1]
        return _nth_weekday(_weekdays_through(self.hi) + t - self.inside)


@dataclass(frozen=True)
class WorkCalendar:
    """An immutable working-day calendar.

    ``holidays`` are rest days of the holiday arrangement on any weekday (法定节假日及调休休息日);
    ``makeup_workdays`` are weekend days declared working days (调休上班日); ``official_years``
    are the years whose arrangement comes from an official notice (chinesecalendar data or
    entered by an administrator). A deadline that counts a day of any other year is provisional
    (domain.md §11 scenario 12).
    """

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    official_years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        # Accept any iterable (a set, a list) and store frozensets, so the value stays hashable.
        for name in ("holidays", "makeup_workdays", "official_years"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))
        for d in self.holidays | self.makeup_workdays:
            if type(d) is not date:
                raise TypeError(f"WorkCalendar dates must be datetime.date, not {type(d).__name__}")
        both = self.holidays & self.makeup_workdays
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"dates cannot be both a holiday and a make-up workday: {listed}")

    def is_workday(self, d: date) -> bool:
        """True for Monday to Friday unless a holiday rest day, and for a weekend 调休上班日."""
        return d in self.makeup_workdays or (d.weekday() < 5 and d not in self.holidays)

    def is_official(self, d: date) -> bool:
        """True if the holiday arrangement of d's year has been officially published."""
        return d.year in self.official_years

    def with_overrides(
        self, overrides: Iterable[tuple[date, bool]], years: Iterable[int] = ()
    ) -> WorkCalendar:
        """Return a copy with administrator overrides applied.

        Each override is ``(date, is_workday)`` and wins over the packaged data; later entries
        win over earlier ones for the same date. ``years`` become official, e.g. once an
        administrator has entered the whole of next year's notice.
        """
        holidays = set(self.holidays)
        makeup = set(self.makeup_workdays)
        for d, is_workday in overrides:
            if type(d) is not date:
                raise TypeError(f"override dates must be datetime.date, not {type(d).__name__}")
            if is_workday:
                holidays.discard(d)
                if d.weekday() >= 5:
                    makeup.add(d)
            else:
                makeup.discard(d)
                holidays.add(d)
        return WorkCalendar(
            holidays=frozenset(holidays),
            makeup_workdays=frozenset(makeup),
            official_years=self.official_years | frozenset(years),
        )

    @cached_property
    def _index(self) -> _WorkdayIndex:
        # cached_property writes to the instance __dict__ directly, which a frozen dataclass
        # allows; the index is built once per calendar object, on first use.
        return _WorkdayIndex(self)

    @cached_property
    def _sorted_holidays(self) -> tuple[date, ...]:
        return tuple(sorted(self.holidays))

    @cached_property
    def _sorted_makeup_workdays(self) -> tuple[date, ...]:
        return tuple(sorted(self.makeup_workdays))


def add_workdays(cal: WorkCalendar, start: date, n: int) -> date:
    """Return the n-th working day after ``start``.

    ``start`` is day 0 and is not counted (期间开始之日不计入); n == 0 returns ``start``. The result
    is always a working day when n >= 1, possibly a Saturday 调休上班日.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0 working days, got {n}")
    if type(start) is not date:
        raise TypeError(f"start must be a datetime.date, not {type(start).__name__}")
    if n == 0:
        return start
    index = cal._index
    return date.fromordinal(index.nth(index.count_through(start.toordinal()) + n))


def workdays_between(cal: WorkCalendar, a: date, b: date) -> int:
    """Number of working days d with a < d <= b (0 if b <= a).

    The inverse of ``add_workdays``: ``workdays_between(cal, s, add_workdays(cal, s, n)) == n``.
    """
    if b <= a:
        return 0
    index = cal._index
    return index.count_through(b.toordinal()) - index.count_through(a.toordinal())


def holidays_between(cal: WorkCalendar, a: date, b: date) -> tuple[date, ...]:
    """The calendar's holidays d with a < d <= b, in date order (O(log n) to find)."""
    days = cal._sorted_holidays
    return days[bisect_right(days, a) : bisect_right(days, b)]


def makeup_workdays_between(cal: WorkCalendar, a: date, b: date) -> tuple[date, ...]:
    """The calendar's make-up working days d with a < d <= b, in date order."""
    days = cal._sorted_makeup_workdays
    return days[bisect_right(days, a) : bisect_right(days, b)]


def add_hours(start: datetime, hours: int) -> datetime:
    """Add clock hours, not working days (舆情回应 5h / 24h / 48h, domain.md §8.3).

    The hours are elapsed time: the sum is done in UTC and converted back to ``start``'s time
    zone. For Asia/Shanghai (no daylight saving) this equals adding to the wall clock.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start must be a timezone-aware datetime (use Asia/Shanghai)")
    if hours < 0:
        raise ValueError(f"hours must be >= 0, got {hours}")
    return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(start.tzinfo)


def add_calendar_days(start: date, days: int) -> date:
    """Add natural days: the start day itself is not counted, the period begins the next day
    (民法典第二百零一条第一款); weekends and holidays count like any day."""
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")
    return start + timedelta(days=days)


def next_workday_on_or_after(cal: WorkCalendar, d: date) -> date:
    """`d` if it is a working day, else the first working day after it."""
    while not cal.is_workday(d):
        d += timedelta(days=1)
    return d


def years_touched(start: date, end: date) -> set[int]:
    """Calendar years of all days from ``start`` to ``end`` inclusive (in either order)."""
    lo, hi = sorted((start.year, end.year))
    return set(range(lo, hi + 1))
