"""Gate G15 and scenario 11 of domain.md §11: hour clocks from the detection time, running
through nights and holidays."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.concerns.clocks import ClockKind
from gongkai.concerns.selectors import case_clocks
from gongkai.concerns.tests.conftest import at
from gongkai.concerns.tests.factories import new_case
from gongkai.concerns.workflow import Severity

pytestmark = pytest.mark.django_db


def _due(case):  # type: ignore[no-untyped-def]
    return {
        c.kind: timezone.localtime(c.due_at).strftime("%Y-%m-%d %H:%M") for c in case_clocks(case)
    }


def test_scenario_11_major_case_at_nine(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), severity=Severity.MAJOR)
    assert _due(case) == {
        ClockKind.RELEASE: "2025-06-10 14:00",
        ClockKind.PRESS: "2025-06-11 09:00",
    }
    clocks = case_clocks(case)
    assert {c.unit for c in clocks} == {"hours"}
    assert all(c.days in (5, 24) for c in clocks)


def test_scenario_11_ordinary_case_48_hours(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), severity=Severity.ORDINARY)
    assert _due(case) == {ClockKind.RESPONSE: "2025-06-12 09:00"}
    large = new_case(cast.gov_office, at("2025-06-10 09:00"), severity=Severity.LARGE)
    assert _due(large) == {ClockKind.RESPONSE: "2025-06-12 09:00"}


def test_extraordinary_case_across_midnight(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 21:30"), severity=Severity.EXTRAORDINARY)
    assert _due(case) == {
        ClockKind.RELEASE: "2025-06-11 02:30",
        ClockKind.PRESS: "2025-06-11 21:30",
    }


def test_hours_do_not_stop_on_holidays(cast):  # type: ignore[no-untyped-def]
    # 2025-10-01..08 is the National Day holiday: the hours run on all the same.
    major = new_case(cast.gov_office, at("2025-09-30 23:00"), severity=Severity.MAJOR)
    assert _due(major) == {
        ClockKind.RELEASE: "2025-10-01 04:00",
        ClockKind.PRESS: "2025-10-01 23:00",
    }
    ordinary = new_case(cast.gov_office, at("2025-10-01 08:15"), severity=Severity.ORDINARY)
    assert _due(ordinary) == {ClockKind.RESPONSE: "2025-10-03 08:15"}


def test_detected_at_is_kept_to_the_minute(cast):  # type: ignore[no-untyped-def]
    moment = at("2025-06-10 09:00").replace(second=42, microsecond=5)
    case = new_case(cast.gov_office, moment, severity=Severity.MAJOR)
    assert timezone.localtime(case.detected_at).strftime("%H:%M:%S") == "09:00:00"
    assert _due(case)[ClockKind.RELEASE] == "2025-06-10 14:00"


def test_next_due_is_the_nearest_open_clock(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), severity=Severity.MAJOR)
    assert timezone.localtime(case.next_due_at).strftime("%Y-%m-%d %H:%M") == "2025-06-10 14:00"
