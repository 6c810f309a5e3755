"""Clocks in calendar days and in hours, of types registered by a module."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.calendars import services
from gongkai.calendars.clocktypes import ClockType, Unit, clock_type, register_clock_type
from gongkai.calendars.models import Clock, ClockUnit
from gongkai.calendars.tests.factories import REST_2027, enter_year, open_clock
from gongkai.core.kit import hooks
from gongkai.organizations.tests.factories import OrganFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CONSULTATION = "test_consultation"
RESPONSE = "test_response"


@pytest.fixture(autouse=True)
def _types() -> Iterator[None]:
    """A consultation (征求意见不少于30日) and a 24-hour response, as a module registers them."""
    register_clock_type(
        ClockType(
            CONSULTATION, "征求意见期限", Unit.CALENDAR_DAYS, 30, "测试", ("发布", "Published")
        )
    )
    register_clock_type(ClockType(RESPONSE, "回应期限", Unit.HOURS, 24, "国办发〔2016〕61号"))
    yield
    hooks.unregister("clock_types", CONSULTATION)
    hooks.unregister("clock_types", RESPONSE)


def test_calendar_day_clock_counts_weekends_and_rolls_over_a_rest_day():
    clock = services.clock_open(subject=OrganFactory(), kind=CONSULTATION, start=date(2025, 2, 6))
    clock.refresh_from_db()
    assert (clock.unit, clock.days) == (ClockUnit.CALENDAR_DAYS, 30)  # the type's amount
    assert clock.due_date == date(2025, 3, 10)  # day 30 is Saturday 8 March
    assert [s["code"] for s in clock.explanation] == ["start", "rolled_over", "due"]
    assert clock.get_kind_display() == "征求意见期限"


def test_hour_clock_runs_through_the_holiday_and_has_a_due_moment():
    start = datetime(2025, 10, 1, 9, 30, tzinfo=SHANGHAI)
    clock = services.clock_open(subject=OrganFactory(), kind=RESPONSE, start=start)
    clock.refresh_from_db()
    assert clock.unit == ClockUnit.HOURS
    assert clock.start_at == start and clock.start_date == date(2025, 10, 1)
    assert clock.due_at == datetime(2025, 10, 2, 9, 30, tzinfo=SHANGHAI)
    assert clock.due_date == date(2025, 10, 2)
    assert clock.is_overdue_at(datetime(2025, 10, 2, 9, 31, tzinfo=SHANGHAI))
    assert not clock.is_overdue_at(datetime(2025, 10, 2, 9, 29, tzinfo=SHANGHAI))


def test_a_calendar_edit_moves_day_clocks_but_never_hour_clocks():
    hours = services.clock_open(
        subject=OrganFactory(), kind=RESPONSE, start=datetime(2027, 2, 4, 18, 0, tzinfo=SHANGHAI)
    )
    # Day 30 after 2027-01-07 is Saturday 6 February. Until 2027's schedule is published the
    # roll-over rests on computed holidays (provisional); once 5–12 February are entered as
    # rest days the period ends on Monday 15 February.
    days = services.clock_open(subject=OrganFactory(), kind=CONSULTATION, start=date(2027, 1, 7))
    assert days.provisional
    enter_year(2027, REST_2027)
    result = services.recompute_pending()
    assert result is not None and (result.checked, result.moved) == (1, 1)  # hours: not read
    hours.refresh_from_db()
    days.refresh_from_db()
    assert hours.due_at == datetime(2027, 2, 5, 18, 0, tzinfo=SHANGHAI)
    assert (days.due_date, days.provisional) == (date(2027, 2, 15), False)


def test_existing_clocks_count_working_days():
    clock = open_clock(date(2026, 3, 2))
    assert Clock.objects.get(pk=clock.pk).unit == ClockUnit.WORKDAYS


def test_modules_register_their_clock_types():
    assert clock_type("publication").article == "条例第二十六条"
    assert clock_type("reply").amount == 20
    assert clock_type("correction_period").amount is None


def test_bad_openings_are_refused():
    with pytest.raises(LookupError):
        services.clock_open(
            subject=OrganFactory(), kind="nobody_registered", start=date(2026, 1, 5)
        )
    with pytest.raises(ValueError, match="datetime"):
        services.clock_open(subject=OrganFactory(), kind=RESPONSE, start=date(2026, 1, 5))
    with pytest.raises(ValueError, match="days"):
        services.clock_open(
            subject=OrganFactory(), kind="correction_period", start=date(2026, 1, 5)
        )


@pytest.mark.django_db(transaction=True)
def test_clocks_stored_before_units_stay_working_day_clocks():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("calendars", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    organ = old.get_model("organizations", "Organ").objects.create(
        name="示范区教育局", short_name="教育局", slug="edu", kind="department"
    )
    content_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="organizations", model="organ"
    )
    old.get_model("calendars", "Clock").objects.create(
        subject_type=content_type,
        subject_id=organ.pk,
        kind="reply",
        start_date=date(2025, 3, 3),
        days=20,
        due_date=date(2025, 3, 31),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    clock = Clock.objects.get()
    assert (clock.unit, clock.days, clock.start_at, clock.due_at) == (
        ClockUnit.WORKDAYS,
        20,
        None,
        None,
    )
    assert clock.get_kind_display() == "答复期限（条例第三十三条）"
