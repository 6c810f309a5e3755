"""Clocks in calendar days and in hours (pure arithmetic, no database)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.lib.deadlines import Unit, calendar_day_deadline, hour_deadline
from gongkai.lib.official_calendar import load_official_calendar
from gongkai.lib.workdays import (
    WorkCalendar,
    add_calendar_days,
    add_hours,
    next_workday_on_or_after,
)

CAL = load_official_calendar()
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (date(2025, 3, 3), 0, date(2025, 3, 3)),
        (date(2025, 3, 3), 1, date(2025, 3, 4)),  # the start day is not counted
        (date(2025, 3, 3), 30, date(2025, 4, 2)),
        (date(2024, 2, 28), 1, date(2024, 2, 29)),  # leap day
        (date(2025, 12, 20), 30, date(2026, 1, 19)),  # year boundary
        (date(2025, 1, 25), 10, date(2025, 2, 4)),  # through Spring Festival: every day counts
    ],
)
def test_add_calendar_days_counts_every_day(start, days, expected):
    assert add_calendar_days(start, days) == expected


def test_add_calendar_days_rejects_negative_days():
    with pytest.raises(ValueError):
        add_calendar_days(date(2025, 3, 3), -1)


@pytest.mark.parametrize(
    "start, days, due, codes",
    [
        # 30 days from Mon 2025-03-03 end on Wed 2025-04-02, a working day.
        (date(2025, 3, 3), 30, date(2025, 4, 2), ["start", "due"]),
        # Ends on Sat 2025-03-08: rolled over to Mon 2025-03-10.
        (date(2025, 2, 6), 30, date(2025, 3, 10), ["start", "rolled_over", "due"]),
        # Ends on 2025-10-01 (National Day); 10-01 to 10-08 are rest days in 2025 (Mid-Autumn
        # joined the holiday), so the period ends on Thu 10-09.
        (date(2025, 9, 1), 30, date(2025, 10, 9), ["start", "rolled_over", "due"]),
        # Ends on Sat 2025-09-28, a make-up working day (调休上班): no roll-over.
        (date(2025, 8, 29), 30, date(2025, 9, 28), ["start", "due"]),
    ],
)
def test_calendar_day_deadline_rolls_a_rest_day_over_to_the_next_working_day(
    start, days, due, codes
):
    deadline = calendar_day_deadline(CAL, start, days)
    assert deadline.due == due
    assert [step.code for step in deadline.steps] == codes
    assert not deadline.provisional and not deadline.paused


def test_calendar_day_deadline_without_roll_over_ends_on_the_rest_day():
    deadline = calendar_day_deadline(CAL, date(2025, 2, 6), 30, roll_over_rest_days=False)
    assert deadline.due == date(2025, 3, 8)
    assert [step.code for step in deadline.steps] == ["start", "due"]


def test_calendar_day_deadline_in_a_year_without_schedule_is_provisional():
    cal = WorkCalendar(official_years=frozenset({2025}))
    deadline = calendar_day_deadline(cal, date(2025, 12, 20), 30)
    assert deadline.provisional and deadline.provisional_years == (2026,)
    assert "provisional" in [step.code for step in deadline.steps]


def test_next_workday_on_or_after():
    assert next_workday_on_or_after(CAL, date(2025, 3, 3)) == date(2025, 3, 3)
    assert next_workday_on_or_after(CAL, date(2025, 1, 28)) == date(2025, 2, 5)  # Spring Festival


@pytest.mark.parametrize(
    "start, hours, due",
    [
        # Hours do not stop at night, on weekends or on holidays.
        (
            datetime(2025, 9, 30, 20, 0, tzinfo=SHANGHAI),
            5,
            datetime(2025, 10, 1, 1, 0, tzinfo=SHANGHAI),
        ),
        (
            datetime(2025, 10, 1, 9, 30, tzinfo=SHANGHAI),
            24,
            datetime(2025, 10, 2, 9, 30, tzinfo=SHANGHAI),
        ),
        (
            datetime(2025, 1, 28, 18, 0, tzinfo=SHANGHAI),
            48,
            datetime(2025, 1, 30, 18, 0, tzinfo=SHANGHAI),
        ),
        (
            datetime(2025, 12, 31, 23, 0, tzinfo=SHANGHAI),
            5,
            datetime(2026, 1, 1, 4, 0, tzinfo=SHANGHAI),
        ),
    ],
)
def test_hours_run_through_nights_weekends_and_holidays(start, hours, due):
    assert add_hours(start, hours) == due
    assert hour_deadline(start, hours)[0] == due


def test_hours_from_another_zone_are_elapsed_time():
    start = datetime(2025, 10, 1, 1, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Shanghai
    assert add_hours(start, 24).astimezone(SHANGHAI) == datetime(2025, 10, 2, 9, 0, tzinfo=SHANGHAI)


def test_units_are_named():
    assert [u.value for u in Unit] == ["workdays", "calendar_days", "hours"]
