"""Clocks, calendar edits and the recompute of open clocks."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from gongkai.calendars import services
from gongkai.calendars.models import (
    CalendarDay,
    CalendarYear,
    Clock,
    DayKind,
    PendingRecompute,
)
from gongkai.calendars.selectors import current_calendar
from gongkai.calendars.tests.factories import MAKEUP_2027, REST_2027, enter_year, open_clock
from gongkai.core.models import AuditEvent
from gongkai.documents.clocks import ClockKind as DocumentClock
from gongkai.inforequests.clocks import ClockKind as InfoRequestClock
from gongkai.lib.official_calendar import load_official_calendar, packaged_schedule

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def december_2026():
    with time_machine.travel(datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        yield


def codes(clock: Clock) -> list[str]:
    return [step["code"] for step in clock.explanation]


def recomputed_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="clock.recomputed").order_by("pk"))


# --- clocks ----------------------------------------------------------------------------------


def test_clock_into_2027_is_provisional_and_says_so():
    clock = open_clock(date(2026, 12, 20))
    assert clock.due_date == date(2027, 1, 18)
    assert clock.provisional
    assert codes(clock)[-2:] == ["provisional", "due"]
    assert "2027年节假日安排尚未公布，本期限为暂定。" in clock.explanation_text("zh")
    assert "this deadline is provisional" in clock.explanation_text("en")[-2]


def test_publication_clock_starts_from_the_document_being_issued():
    clock = open_clock(date(2026, 3, 2), kind=DocumentClock.PUBLICATION)
    assert clock.explanation_text()[0].startswith("2026年3月2日信息形成（成文）")
    assert not clock.provisional


# --- recompute after a calendar edit --------------------------------------------------------------


def test_entering_2027_moves_only_the_clocks_that_change(django_capture_on_commit_callbacks):
    into_2027 = open_clock(date(2026, 12, 20))  # provisional → official, same date
    spring = open_clock(date(2027, 1, 25))  # provisional → official, one day later
    in_2026 = open_clock(date(2026, 3, 2))  # untouched
    closed = open_clock(date(2027, 1, 25), kind=InfoRequestClock.THIRD_PARTY)
    services.clock_close(clock=closed, on=date(2027, 1, 26))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enter_year(2027, REST_2027, MAKEUP_2027, actor="测试")
    assert len(callbacks) == 1

    for clock in (into_2027, spring, in_2026, closed):
        clock.refresh_from_db()
    assert (into_2027.due_date, into_2027.provisional) == (date(2027, 1, 18), False)
    assert (spring.due_date, spring.provisional) == (date(2027, 3, 1), False)
    assert "provisional" not in codes(spring)
    assert (in_2026.due_date, in_2026.provisional) == (date(2026, 3, 30), False)
    assert (closed.due_date, closed.provisional) == (date(2027, 2, 26), True)  # closed: kept

    events = recomputed_events()
    assert [(e.subject_id, e.data["from_due"], e.data["to_due"]) for e in events] == [
        (str(into_2027.subject_id), "2027-01-18", "2027-01-18"),
        (str(spring.subject_id), "2027-02-26", "2027-03-01"),
    ]
    assert all(e.data["from_provisional"] and not e.data["provisional"] for e in events)
    assert PendingRecompute.objects.get().done_at is not None
    assert PendingRecompute.objects.get().moved == 2


def test_recompute_is_idempotent():
    open_clock(date(2027, 1, 25))
    enter_year(2027, REST_2027, MAKEUP_2027)
    first = services.recompute_open_clocks()
    second = services.recompute_open_clocks()
    assert (first.checked, first.moved) == (1, 1)
    assert (second.checked, second.moved, second.refreshed) == (1, 0, 0)
    assert len(recomputed_events()) == 1


def test_calendar_year_changed_records_the_diff():
    calendar_year = enter_year(2027, REST_2027, MAKEUP_2027, actor="测试")
    (event,) = AuditEvent.objects.filter(action="calendar.year_changed")
    assert event.subject_id == str(calendar_year.pk)
    assert event.reason == calendar_year.source_notice
    assert event.data["created"] is True
    assert ["2027-02-20", DayKind.MAKEUP_WORKDAY, ""] in event.data["added"]
    # Versus the provisional fallback: 02-11 and 02-12 are new rest days, 02-20 is worked.
    assert {"2027-02-11", "2027-02-12", "2027-02-20"} <= set(event.data["changed_dates"])

    before = services.calendar_year_snapshot(calendar_year)
    calendar_year.days.filter(date=date(2027, 2, 12)).delete()
    calendar_year.note = "更正"
    calendar_year.save()
    services.calendar_year_changed(calendar_year=calendar_year, actor="测试", before=before)
    latest = AuditEvent.objects.filter(action="calendar.year_changed").last()
    assert latest.data["removed"] == [["2027-02-12", DayKind.HOLIDAY_REST, ""]]
    assert latest.data["fields"] == {"note": ["", "更正"]}
    assert latest.data["changed_dates"] == ["2027-02-12"]


def test_an_edit_that_changes_no_working_day_requests_no_recompute():
    calendar_year = enter_year(2027, REST_2027, MAKEUP_2027)
    before = services.calendar_year_snapshot(calendar_year)
    calendar_year.days.filter(date=date(2027, 1, 1)).update(name="元旦")
    assert (
        services.calendar_year_changed(calendar_year=calendar_year, actor=None, before=before)
        is None
    )
    assert PendingRecompute.objects.count() == 1


def test_unmoved_clock_counting_a_changed_day_gets_a_fresh_explanation():
    # Re-enter 2026 as packaged, plus Saturday 2026-03-07 marked as a rest day: no working
    # day changes, but the explanation of a clock counting that weekend now mentions it.
    clock = open_clock(date(2026, 3, 2))
    assert "holiday" not in codes(clock)
    schedule = packaged_schedule(2026)
    rest = [d for d, _ in schedule.rest_days] + [date(2026, 3, 7)]
    enter_year(2026, rest, [d for d, _ in schedule.makeup_workdays], notice="国办发明电〔2025〕7号")
    result = services.recompute_pending()
    assert (result.moved, result.refreshed) == (0, 1)
    clock.refresh_from_db()
    assert clock.due_date == date(2026, 3, 30)
    assert "holiday" in codes(clock)
    assert recomputed_events() == []


def test_entered_year_replaces_the_package_for_that_year():
    schedule = packaged_schedule(2026)
    rest = [d for d, _ in schedule.rest_days if d != date(2026, 10, 7)]
    enter_year(2026, rest, [d for d, _ in schedule.makeup_workdays], notice="更正")
    cal = current_calendar()
    assert cal.is_workday(date(2026, 10, 7))
    assert cal.is_workday(date(2026, 10, 10))  # make-up Saturday still listed
    official = load_official_calendar()
    assert all(
        cal.is_workday(date(2026, m, d)) == official.is_workday(date(2026, m, d))
        for m, d in [(2, 16), (2, 28), (5, 5), (10, 6), (10, 8)]
    )


def test_prefill_copies_the_packaged_year_and_changes_nothing():
    before = services.calendar_year_snapshot(None)
    calendar_year = CalendarYear.objects.create(year=2026, source_notice="国办发明电〔2025〕7号")
    added = services.calendar_year_prefill(calendar_year=calendar_year)
    schedule = packaged_schedule(2026)
    assert [(d.date, d.kind) for d in added] == sorted(
        [(d, DayKind.HOLIDAY_REST) for d, _ in schedule.rest_days]
        + [(d, DayKind.MAKEUP_WORKDAY) for d, _ in schedule.makeup_workdays]
    )
    assert CalendarDay.objects.get(date=date(2026, 2, 16)).name == "春节"
    assert services.calendar_year_prefill(calendar_year=calendar_year) == []  # nothing twice
    # Re-entering a packaged year unchanged: no working day, no explanation changes.
    after = services.calendar_year_snapshot(calendar_year)
    assert services._changed_dates(before.calendar, after.calendar, [2026]) == []
    assert services.isolated_weekend_rest_days(calendar_year) == []


def test_isolated_weekend_rest_days():
    calendar_year = enter_year(2027, [*REST_2027, date(2027, 2, 6), date(2027, 3, 6)])
    # 02-06 (Saturday) joins the 春节 span; 03-06 (Saturday) stands alone.
    assert services.isolated_weekend_rest_days(calendar_year) == [date(2027, 3, 6)]


def test_deleting_an_entered_year_makes_its_clocks_provisional_again(
    django_capture_on_commit_callbacks,
):
    clock = open_clock(date(2027, 1, 25))
    calendar_year = enter_year(2027, REST_2027, MAKEUP_2027)
    services.recompute_pending()
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_year_delete(calendar_year=calendar_year, actor="测试")
    clock.refresh_from_db()
    assert (clock.due_date, clock.provisional) == (date(2027, 2, 26), True)
    assert AuditEvent.objects.filter(action="calendar.year_deleted").count() == 1
    assert len(recomputed_events()) == 2


# --- the pending marker: a lost after-commit run is caught up -------------------------------------


def test_pending_marker_is_caught_up_by_the_command(django_capture_on_commit_callbacks):
    clock = open_clock(date(2027, 1, 25))
    # The edit commits, but its after-commit recompute never runs (the process died).
    with django_capture_on_commit_callbacks(execute=False):
        enter_year(2027, REST_2027, MAKEUP_2027)
    marker = PendingRecompute.objects.get()
    assert marker.done_at is None
    clock.refresh_from_db()
    assert clock.provisional

    out = StringIO()
    call_command("recompute_deadlines", "--pending", stdout=out)
    assert out.getvalue().strip().endswith("moved: 1")
    clock.refresh_from_db()
    assert (clock.due_date, clock.provisional) == (date(2027, 3, 1), False)
    marker.refresh_from_db()
    assert marker.done_at is not None and marker.moved == 1

    out = StringIO()
    call_command("recompute_deadlines", "--pending", stdout=out)
    assert out.getvalue().strip() == "没有待处理的重新计算。moved: 0"
    out = StringIO()
    call_command("recompute_deadlines", stdout=out)
    assert out.getvalue().strip().endswith("moved: 0")
    assert len(recomputed_events()) == 1


def test_failed_after_commit_run_leaves_the_marker_pending(
    django_capture_on_commit_callbacks, monkeypatch
):
    open_clock(date(2027, 1, 25))

    def crash(**kwargs):
        raise RuntimeError("worker died")

    monkeypatch.setattr(services, "recompute_open_clocks", crash)
    with django_capture_on_commit_callbacks(execute=True):
        enter_year(2027, REST_2027, MAKEUP_2027)  # robust: the edit itself succeeds
    assert PendingRecompute.objects.get().done_at is None
    monkeypatch.undo()
    assert services.recompute_pending().moved == 1
    assert PendingRecompute.objects.get().done_at is not None


def test_run_stops_when_the_calendar_changes_during_it(monkeypatch):
    open_clock(date(2027, 1, 25))
    enter_year(2027, REST_2027, MAKEUP_2027)
    monkeypatch.setattr(services, "calendar_version", lambda: "changed meanwhile")
    result = services.recompute_pending()
    assert result.aborted and result.moved == 0
    assert PendingRecompute.objects.get().done_at is None  # the newer run (or cron) redoes it


def test_recompute_in_small_chunks():
    clocks = [open_clock(date(2027, 1, 25)) for _ in range(5)] + [open_clock(date(2026, 3, 2))]
    enter_year(2027, REST_2027, MAKEUP_2027)
    result = services.recompute_open_clocks(batch_size=2)
    assert (result.checked, result.moved) == (6, 5)
    assert sorted(result.moved_ids) == sorted(c.pk for c in clocks[:5])
