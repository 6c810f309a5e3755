"""gongkai.W030: next year's holiday arrangement is missing from 1 November."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.calendars.checks import check_next_year_calendar
from gongkai.calendars.models import CalendarYear

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ids_at(*when: int) -> list[str]:
    with time_machine.travel(datetime(*when, tzinfo=SHANGHAI), tick=False):
        return [message.id for message in check_next_year_calendar()]


def test_no_warning_before_1_november():
    assert ids_at(2026, 10, 31, 23, 59) == []


def test_warning_from_1_november_local_time_without_next_year():
    # 00:30 in Shanghai is still 31 October in UTC: the local date decides.
    assert ids_at(2026, 11, 1, 0, 30) == ["gongkai.W030"]
    assert ids_at(2026, 12, 31, 12, 0) == ["gongkai.W030"]


def test_no_warning_once_an_administrator_entered_next_year():
    CalendarYear.objects.create(year=2027, source_notice="国办发明电〔2026〕99号")
    assert ids_at(2026, 11, 15, 9, 0) == []


def test_no_warning_when_the_package_covers_next_year():
    assert ids_at(2025, 11, 15, 9, 0) == []


def test_warning_is_registered_with_the_system_checks():
    from django.core import checks

    with time_machine.travel(datetime(2026, 11, 2, tzinfo=SHANGHAI), tick=False):
        found = checks.run_checks(include_deployment_checks=False)
    assert "gongkai.W030" in [m.id for m in found]
