"""The CalendarYear admin: administrators enter next year's holiday arrangement."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.calendars.models import CalendarDay, CalendarYear, DayKind, PendingRecompute
from gongkai.calendars.tests.factories import MAKEUP_2027, NOTICE_2027, REST_2027, open_clock
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:calendars_calendaryear_add")


@pytest.fixture(autouse=True)
def december_2026():
    with time_machine.travel(datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def form_data(year: int, days: list[tuple[date, str]], **extra: str) -> dict[str, str]:
    data = {
        "year": str(year),
        "source_notice": NOTICE_2027,
        "source_title": f"国务院办公厅关于{year}年部分节假日安排的通知",
        "note": "",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (d, kind) in enumerate(days):
        data[f"days-{i}-date"] = d.isoformat()
        data[f"days-{i}-kind"] = kind
        data[f"days-{i}-name"] = ""
    data.update(extra)
    return data


NOTICE_DAYS = [(d, DayKind.HOLIDAY_REST) for d in REST_2027] + [
    (d, DayKind.MAKEUP_WORKDAY) for d in MAKEUP_2027
]


def test_only_administrators_reach_the_calendar_admin(client, clerk):
    client.force_login(clerk)
    response = client.get(ADD_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_add_form_offers_next_year_and_shows_the_packaged_fallback(admin_client):
    response = admin_client.get(ADD_URL)
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["year"] == 2027
    body = response.content.decode()
    assert "按放假办法推算" in body
    assert "2027-02-05（五）" in body


def test_entering_2027_in_admin_recomputes_the_open_clocks(
    admin_client, administrator, django_capture_on_commit_callbacks
):
    spring = open_clock(date(2027, 1, 25))
    into_2027 = open_clock(date(2026, 12, 20))
    in_2026 = open_clock(date(2026, 3, 2))
    assert spring.provisional and spring.due_date == date(2027, 2, 26)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(ADD_URL, form_data(2027, NOTICE_DAYS))
    assert response.status_code == 302, response.context and response.context["errors"]

    calendar_year = CalendarYear.objects.get(year=2027)
    assert calendar_year.entered_by == administrator
    assert calendar_year.days.count() == len(NOTICE_DAYS)
    spring.refresh_from_db()
    into_2027.refresh_from_db()
    in_2026.refresh_from_db()
    assert (spring.due_date, spring.provisional) == (date(2027, 3, 1), False)
    assert "provisional" not in [s["code"] for s in spring.explanation]
    assert (into_2027.due_date, into_2027.provisional) == (date(2027, 1, 18), False)

    events = AuditEvent.objects.filter(action="clock.recomputed")
    assert sorted(e.subject_id for e in events) == sorted(
        [str(spring.subject_id), str(into_2027.subject_id)]
    )
    assert not events.filter(subject_id=str(in_2026.subject_id)).exists()
    assert {e.actor for e in events} == {administrator}
    (changed,) = AuditEvent.objects.filter(action="calendar.year_changed")
    assert changed.actor == administrator and changed.data["created"]
    assert PendingRecompute.objects.get().done_at is not None


def test_editing_a_year_in_admin_records_the_diff(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(ADD_URL, form_data(2027, NOTICE_DAYS))
    calendar_year = CalendarYear.objects.get(year=2027)
    clock = open_clock(date(2027, 2, 1))
    url = reverse("admin:calendars_calendaryear_change", args=[calendar_year.pk])
    days = list(calendar_year.days.order_by("date"))
    data = form_data(2027, [])
    data.update({"days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": str(len(days))})
    for i, day in enumerate(days):
        data.update(
            {
                f"days-{i}-id": str(day.pk),
                f"days-{i}-year": str(calendar_year.pk),
                f"days-{i}-date": day.date.isoformat(),
                f"days-{i}-kind": day.kind,
                f"days-{i}-name": "",
            }
        )
        if day.date == date(2027, 2, 20):
            data[f"days-{i}-DELETE"] = "on"  # the make-up Saturday was a typo
    before = clock.due_date
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302
    clock.refresh_from_db()
    # One working day fewer (Saturday 20 February): one day later, Monday → Tuesday.
    assert (before, clock.due_date) == (date(2027, 3, 8), date(2027, 3, 9))
    latest = AuditEvent.objects.filter(action="calendar.year_changed").last()
    assert latest.data["removed"] == [["2027-02-20", DayKind.MAKEUP_WORKDAY, ""]]
    assert latest.data["changed_dates"] == ["2027-02-20"]
    (moved,) = AuditEvent.objects.filter(
        action="clock.recomputed", subject_id=str(clock.subject_id)
    )
    assert (moved.data["from_due"], moved.data["to_due"]) == (
        before.isoformat(),
        clock.due_date.isoformat(),
    )


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([(date(2027, 2, 17), DayKind.MAKEUP_WORKDAY)], "调休上班日必须是星期六或星期日"),
        ([(date(2026, 12, 31), DayKind.HOLIDAY_REST)], "日期不属于2027年"),
        (
            [(date(2027, 1, 1), DayKind.HOLIDAY_REST), (date(2027, 1, 1), DayKind.HOLIDAY_REST)],
            "重复",
        ),
        ([(date(2027, 2, 20), DayKind.MAKEUP_WORKDAY)], "请至少录入一个放假日"),
    ],
)
def test_admin_rejects_invalid_days(admin_client, days, message):
    if message != "请至少录入一个放假日":
        days = [*days, (date(2027, 10, 1), DayKind.HOLIDAY_REST)]
    response = admin_client.post(ADD_URL, form_data(2027, days))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CalendarYear.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="calendar.").exists()
    assert not PendingRecompute.objects.exists()


def test_admin_rejects_a_year_entered_twice(admin_client):
    CalendarYear.objects.create(year=2027, source_notice=NOTICE_2027)
    response = admin_client.post(ADD_URL, form_data(2027, NOTICE_DAYS))
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_isolated_weekend_rest_day_is_saved_with_a_warning(admin_client):
    days = [*NOTICE_DAYS, (date(2027, 2, 6), DayKind.HOLIDAY_REST)]  # inside 春节: fine
    days.append((date(2027, 3, 6), DayKind.HOLIDAY_REST))  # a Saturday on its own
    response = admin_client.post(ADD_URL, form_data(2027, days), follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    (warning,) = [m for m in messages if "周末本来就休息" in m]
    assert "2027-03-06（六）" in warning and "2027-02-06" not in warning
    assert CalendarDay.objects.filter(date=date(2027, 3, 6)).exists()


def test_prefill_fills_the_year_from_the_package(admin_client):
    response = admin_client.post(
        ADD_URL, form_data(2027, [], prefill="on", _continue="1"), follow=True
    )
    assert response.status_code == 200
    calendar_year = CalendarYear.objects.get(year=2027)
    entered = set(calendar_year.days.values_list("date", flat=True))
    assert {date(2027, 1, 1), date(2027, 2, 5), date(2027, 2, 6)} <= entered
    messages = [str(m) for m in response.context["messages"]]
    assert any("已按软件包数据预填" in m for m in messages)
    assert not any("周末本来就休息" in m for m in messages)
    assert "录入数据与软件包数据一致" in response.content.decode()


def test_delete_in_admin_goes_through_the_service(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(ADD_URL, form_data(2027, NOTICE_DAYS))
    calendar_year = CalendarYear.objects.get(year=2027)
    clock = open_clock(date(2027, 1, 25))
    assert not clock.provisional
    url = reverse("admin:calendars_calendaryear_delete", args=[calendar_year.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.provisional
    assert AuditEvent.objects.filter(action="calendar.year_deleted").count() == 1
