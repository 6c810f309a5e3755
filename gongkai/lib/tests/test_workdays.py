"""Working-day arithmetic: worked examples (domain.md §9.2, stack-notes.md §2) and properties."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.lib.official_calendar import load_official_calendar
from gongkai.lib.workdays import (
    WorkCalendar,
    add_hours,
    add_workdays,
    workdays_between,
    years_touched,
)

CAL = load_official_calendar()
SHANGHAI = ZoneInfo("Asia/Shanghai")
D = date


def naive_add_workdays(cal: WorkCalendar, start: date, n: int) -> date:
    """Day-by-day oracle for add_workdays."""
    d = start
    while n:
        d += timedelta(days=1)
        if cal.is_workday(d):
            n -= 1
    return d


# domain.md §9.2 worked examples (receipt day = day 0) + the stack-notes.md §2 check.
WORKED_EXAMPLES = [
    # received, +7 (补正 notice), +20 (reply), +40 (extended)
    (D(2025, 1, 20), D(2025, 2, 5), D(2025, 2, 21), D(2025, 3, 21)),
    (D(2025, 4, 25), D(2025, 5, 8), D(2025, 5, 27), D(2025, 6, 25)),
    (D(2025, 9, 25), D(2025, 10, 11), D(2025, 10, 29), D(2025, 11, 26)),
    (D(2024, 9, 27), D(2024, 10, 12), D(2024, 10, 30), D(2024, 11, 27)),
]


@pytest.mark.parametrize(("received", "plus7", "plus20", "plus40"), WORKED_EXAMPLES)
def test_domain_worked_examples(received, plus7, plus20, plus40):
    assert add_workdays(CAL, received, 7) == plus7
    assert add_workdays(CAL, received, 20) == plus20
    assert add_workdays(CAL, received, 40) == plus40


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # stack-notes.md §2: across 中秋 (9/25), 国庆 and the make-up days 9/20 and 10/10.
        (D(2026, 9, 18), 20, D(2026, 10, 22)),
        (D(2026, 9, 18), 40, D(2026, 11, 19)),
        # Spring Festival 2025: rest 01-28..02-04, make-up Sunday 01-26 and Saturday 02-08.
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 2, 7), 1, D(2025, 2, 8)),
        # Spring Festival 2026: rest 02-15..02-23, make-up Saturdays 02-14 and 02-28.
        (D(2026, 2, 9), 5, D(2026, 2, 14)),
        (D(2026, 2, 9), 6, D(2026, 2, 24)),
        (D(2026, 2, 9), 10, D(2026, 2, 28)),
        (D(2026, 2, 9), 20, D(2026, 3, 13)),
        # National Day 2025: rest 10-01..10-08, make-up Sunday 09-28 and Saturday 10-11.
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 10, 10), 1, D(2025, 10, 11)),
        # Year boundary: 2026-01-01..01-03 rest, Sunday 2026-01-04 worked.
        (D(2025, 12, 20), 20, D(2026, 1, 19)),
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        # Start on a holiday or a weekend: still day 0.
        (D(2025, 10, 3), 1, D(2025, 10, 9)),
        (D(2025, 3, 1), 1, D(2025, 3, 3)),
        # n == 0 returns the start, even on a rest day.
        (D(2025, 10, 3), 0, D(2025, 10, 3)),
    ],
)
def test_add_workdays_across_holidays(start, n, expected):
    assert add_workdays(CAL, start, n) == expected
    assert workdays_between(CAL, start, expected) == n


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2025, 9, 25), D(2025, 9, 25), 0),
        (D(2025, 9, 26), D(2025, 9, 25), 0),  # b before a
        (D(2025, 9, 25), D(2025, 9, 26), 1),  # a itself is not counted
        (D(2025, 9, 30), D(2025, 10, 8), 0),  # all of National Day
        (D(2025, 9, 30), D(2025, 10, 11), 3),  # 10-09, 10-10, make-up 10-11
        (D(2024, 12, 31), D(2025, 12, 31), 248),
    ],
)
def test_workdays_between(a, b, expected):
    assert workdays_between(CAL, a, b) == expected


def test_add_workdays_rejects_negative_n():
    with pytest.raises(ValueError, match=">= 0"):
        add_workdays(CAL, D(2025, 1, 1), -1)


def test_add_workdays_rejects_datetime():
    with pytest.raises(TypeError):
        add_workdays(CAL, datetime(2025, 1, 1, tzinfo=UTC), 1)


def test_plain_weekdays_outside_the_data_range():
    empty = WorkCalendar()
    assert add_workdays(empty, D(2031, 1, 3), 1) == D(2031, 1, 6)  # Friday -> Monday
    assert add_workdays(CAL, D(1990, 5, 4), 5) == D(1990, 5, 11)
    assert workdays_between(empty, D(2030, 12, 29), D(2031, 1, 5)) == 5


# --- WorkCalendar -----------------------------------------------------------------------------


def test_is_workday_follows_the_data():
    assert CAL.is_workday(D(2025, 10, 11))  # Saturday 调休上班日
    assert not CAL.is_workday(D(2025, 10, 8))  # Wednesday 调休 rest day
    assert not CAL.is_workday(D(2025, 10, 12))  # plain Sunday
    assert CAL.is_workday(D(2025, 10, 13))  # plain Monday


def test_calendar_accepts_plain_sets_and_stays_hashable():
    cal = WorkCalendar(holidays={D(2030, 1, 1)}, makeup_workdays=[], official_years={2030})
    assert isinstance(cal.holidays, frozenset)
    assert hash(cal) == hash(
        WorkCalendar(frozenset({D(2030, 1, 1)}), frozenset(), frozenset({2030}))
    )


def test_calendar_rejects_a_date_that_is_both_holiday_and_makeup():
    with pytest.raises(ValueError, match="2030-01-05"):
        WorkCalendar(
            holidays=frozenset({D(2030, 1, 5)}), makeup_workdays=frozenset({D(2030, 1, 5)})
        )


def test_is_official():
    assert CAL.is_official(D(2026, 12, 31))
    assert not CAL.is_official(D(2027, 1, 1))


def test_with_overrides_marks_a_2027_holiday_and_makeup_day():
    assert add_workdays(CAL, D(2027, 3, 1), 1) == D(2027, 3, 2)
    cal = CAL.with_overrides([(D(2027, 3, 2), False), (D(2027, 3, 6), True)])
    assert not cal.is_workday(D(2027, 3, 2))
    assert cal.is_workday(D(2027, 3, 6))  # Saturday made a make-up day
    assert add_workdays(cal, D(2027, 3, 1), 1) == D(2027, 3, 3)
    assert add_workdays(cal, D(2027, 3, 5), 1) == D(2027, 3, 6)
    # The override does not confirm the whole year.
    assert not cal.is_official(D(2027, 3, 2))
    # The original calendar is unchanged.
    assert add_workdays(CAL, D(2027, 3, 1), 1) == D(2027, 3, 2)


def test_with_overrides_years_become_official():
    cal = CAL.with_overrides([(D(2027, 2, 8), False)], years=[2027])
    assert cal.is_official(D(2027, 6, 1))
    assert cal.official_years == CAL.official_years | {2027}


def test_with_overrides_wins_over_package_data_and_last_override_wins():
    cal = CAL.with_overrides([(D(2025, 10, 8), True), (D(2025, 10, 11), False)])
    assert cal.is_workday(D(2025, 10, 8))
    assert not cal.is_workday(D(2025, 10, 11))
    flip = CAL.with_overrides([(D(2027, 1, 4), False), (D(2027, 1, 4), True)])
    assert flip.is_workday(D(2027, 1, 4))


# --- add_hours and years_touched ------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (5, datetime(2025, 9, 25, 14, 0, tzinfo=SHANGHAI)),
        (24, datetime(2025, 9, 26, 9, 0, tzinfo=SHANGHAI)),
        (48, datetime(2025, 9, 27, 9, 0, tzinfo=SHANGHAI)),  # a Saturday: hours, not workdays
    ],
)
def test_add_hours(hours, expected):
    result = add_hours(datetime(2025, 9, 25, 9, 0, tzinfo=SHANGHAI), hours)
    assert result == expected
    assert result.tzinfo is SHANGHAI


def test_add_hours_rejects_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        add_hours(datetime(2025, 9, 25, 9, 0), 5)  # noqa: DTZ001


def test_add_hours_keeps_the_callers_timezone():
    start = datetime(2025, 9, 25, 1, 0, tzinfo=UTC)
    assert add_hours(start, 5) == datetime(2025, 9, 25, 14, 0, tzinfo=SHANGHAI)
    assert add_hours(start, 5).tzinfo is UTC


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 12, 20), D(2025, 12, 31), {2025}),
        (D(2025, 12, 20), D(2026, 1, 19), {2025, 2026}),
        (D(2026, 12, 20), D(2028, 1, 1), {2026, 2027, 2028}),
        (D(2026, 1, 1), D(2025, 12, 31), {2025, 2026}),
    ],
)
def test_years_touched(start, end, expected):
    assert years_touched(start, end) == expected


# --- properties -------------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31))
counts = st.integers(min_value=0, max_value=120)
window = st.dates(min_value=D(2024, 12, 1), max_value=D(2027, 2, 1))


@st.composite
def calendars(draw):
    holidays = draw(st.frozensets(window, max_size=60))
    weekends = [d for d in draw(st.frozensets(window, max_size=20)) if d.weekday() >= 5]
    makeup = frozenset(weekends) - holidays
    return WorkCalendar(holidays=holidays, makeup_workdays=makeup)


@given(start=dates, n=counts)
def test_between_inverts_add(start, n):
    assert workdays_between(CAL, start, add_workdays(CAL, start, n)) == n


@given(start=dates, n=counts)
def test_add_is_monotone_in_n(start, n):
    assert add_workdays(CAL, start, n) < add_workdays(CAL, start, n + 1)


@given(start=dates, n=st.integers(min_value=1, max_value=120))
def test_result_is_a_workday(start, n):
    assert CAL.is_workday(add_workdays(CAL, start, n))


@given(cal=calendars(), start=st.dates(min_value=D(2024, 10, 1), max_value=D(2027, 3, 1)), n=counts)
def test_add_matches_day_by_day_count_for_any_calendar(cal, start, n):
    expected = naive_add_workdays(cal, start, n)
    assert add_workdays(cal, start, n) == expected
    assert workdays_between(cal, start, expected) == n


@given(saturday=window.filter(lambda d: d.weekday() == 5), start=dates)
def test_a_makeup_saturday_is_a_workday(saturday, start):
    cal = CAL.with_overrides([(saturday, True)])
    assert cal.is_workday(saturday)
    friday = saturday - timedelta(days=1)
    if cal.is_workday(friday):
        assert add_workdays(cal, friday, 1) == saturday
