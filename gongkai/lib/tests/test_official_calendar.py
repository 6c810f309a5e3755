"""Holiday data sources: chinesecalendar (official), holidays.CN (fallback), overrides."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.lib.official_calendar import (
    calendar_for,
    load_official_calendar,
    packaged_schedule,
    provisional_rest_days,
)
from gongkai.lib.workdays import add_workdays

D = date
CAL = load_official_calendar()


def test_official_years_are_the_years_chinesecalendar_covers():
    assert CAL.official_years == frozenset(range(2004, 2027))


def test_agrees_with_chinesecalendar_on_every_day():
    d = D(2004, 1, 1)
    while d <= D(2026, 12, 31):
        assert CAL.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


# domain.md §9.2: make-up working days (weekend days worked).
MAKEUP = {
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
}

# domain.md §9.2: rest spans containing statutory holidays.
REST_SPANS = {
    2025: [
        ("01-01", "01-01"),
        ("01-28", "02-04"),
        ("04-04", "04-06"),
        ("05-01", "05-05"),
        ("05-31", "06-02"),
        ("10-01", "10-08"),
    ],
    2026: [
        ("01-01", "01-03"),
        ("02-15", "02-23"),
        ("04-04", "04-06"),
        ("05-01", "05-05"),
        ("06-19", "06-21"),
        ("09-25", "09-27"),
        ("10-01", "10-07"),
    ],
}


def _d(year: int, mmdd: str) -> date:
    month, day = mmdd.split("-")
    return D(year, int(month), int(day))


@pytest.mark.parametrize("year", sorted(MAKEUP))
def test_makeup_days_match_domain_table(year):
    listed = {_d(year, x) for x in MAKEUP[year]}
    assert {d for d in CAL.makeup_workdays if d.year == year} == listed
    assert all(d.weekday() >= 5 for d in listed)


@pytest.mark.parametrize("year", sorted(REST_SPANS))
def test_rest_spans_match_domain_table(year):
    spans = []
    d = D(year, 1, 1)
    while d.year == year:
        if not CAL.is_workday(d):
            first = d
            while not CAL.is_workday(d + timedelta(days=1)):
                d += timedelta(days=1)
            span = range(first.toordinal(), d.toordinal() + 1)
            if any(D.fromordinal(o) in CAL.holidays for o in span):
                spans.append((first, d))
        d += timedelta(days=1)
    assert spans == [(_d(year, a), _d(year, b)) for a, b in REST_SPANS[year]]


def test_provisional_rest_days_2027():
    rest = provisional_rest_days(2027)
    assert D(2027, 1, 1) in rest
    assert D(2027, 2, 6) in rest  # 春节 (正月初一)
    assert D(2027, 10, 1) in rest
    assert all(d.year == 2027 for d in rest)


def test_provisional_rest_days_returns_a_fresh_set():
    provisional_rest_days(2027).clear()
    assert D(2027, 1, 1) in provisional_rest_days(2027)


def test_calendar_for_fills_an_unknown_year_but_keeps_it_provisional():
    cal = calendar_for([2026, 2027])
    assert not cal.is_workday(D(2027, 2, 8))  # Monday in the computed Spring Festival
    assert not cal.is_official(D(2027, 2, 8))
    assert cal.is_official(D(2026, 12, 31))
    # Official years are untouched by the fallback.
    assert cal.holidays >= CAL.holidays
    assert {d for d in cal.holidays - CAL.holidays if d.year != 2027} == set()


def test_calendar_for_without_unknown_years_is_the_official_calendar():
    assert calendar_for([2025, 2026]) == CAL


def test_calendar_for_override_years_are_official_and_get_no_fallback():
    overrides = [(D(2027, 2, 5), False), (D(2027, 2, 20), True)]
    cal = calendar_for([2027], overrides=overrides, override_years=[2027])
    assert cal.is_official(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 2, 8))  # not a guessed holiday any more
    assert not cal.is_workday(D(2027, 2, 5))
    assert cal.is_workday(D(2027, 2, 20))  # Saturday make-up day


def test_calendar_for_overrides_beat_the_fallback():
    cal = calendar_for([2027], overrides=[(D(2027, 2, 8), True)])
    assert cal.is_workday(D(2027, 2, 8))
    assert not cal.is_official(D(2027, 2, 8))


def test_calendar_for_is_cached():
    assert calendar_for([2027, 2026]) is calendar_for((2026, 2027))


def test_fallback_changes_a_2027_deadline():
    plain = add_workdays(CAL, D(2027, 1, 29), 10)
    assert add_workdays(calendar_for([2027]), D(2027, 1, 29), 10) > plain


def test_entered_year_replaces_the_packaged_schedule_of_that_year():
    # An administrator re-enters 2026 without the 10-07 rest day and the 10-10 make-up Saturday:
    # the packaged 2026 data no longer applies, other years keep theirs.
    schedule = packaged_schedule(2026)
    rows = [(d, False) for d, _ in schedule.rest_days if d != D(2026, 10, 7)]
    rows += [(d, True) for d, _ in schedule.makeup_workdays if d != D(2026, 10, 10)]
    cal = calendar_for([2026], overrides=rows, override_years=[2026])
    assert cal.is_workday(D(2026, 10, 7))
    assert not cal.is_workday(D(2026, 10, 10))
    assert not cal.is_workday(D(2026, 10, 6))
    assert {d for d in cal.holidays if d.year != 2026} == {
        d for d in CAL.holidays if d.year != 2026
    }
    assert cal.is_official(D(2026, 10, 7))


def test_entered_year_identical_to_the_package_gives_the_same_working_days():
    schedule = packaged_schedule(2025)
    rows = [(d, False) for d, _ in schedule.rest_days]
    rows += [(d, True) for d, _ in schedule.makeup_workdays]
    cal = calendar_for([2025], overrides=rows, override_years=[2025])
    assert cal == CAL


def test_packaged_schedule_of_an_official_year_has_chinese_names():
    schedule = packaged_schedule(2026)
    assert schedule.official
    assert (D(2026, 2, 15), "春节") in schedule.rest_days
    assert [d for d, _ in schedule.makeup_workdays] == [_d(2026, x) for x in MAKEUP[2026]]
    assert "chinesecalendar" in schedule.source


def test_packaged_schedule_of_an_unknown_year_is_the_computed_fallback():
    schedule = packaged_schedule(2027)
    assert not schedule.official
    assert schedule.makeup_workdays == ()
    assert (D(2027, 1, 1), "元旦") in schedule.rest_days
    assert {d for d, _ in schedule.rest_days} == provisional_rest_days(2027)
    assert "推算" in schedule.source
