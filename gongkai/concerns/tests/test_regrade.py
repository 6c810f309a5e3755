"""Severity regrade: the hour clocks follow the new grade from the detection time, alerts
stay exactly once, permission and reason required, audit recorded."""

from __future__ import annotations

import pytest

from gongkai.calendars.models import Clock
from gongkai.concerns import services
from gongkai.concerns.alerts import alerts_sweep
from gongkai.concerns.clocks import ClockKind
from gongkai.concerns.models import AlertKind, CaseAlert
from gongkai.concerns.tests.conftest import at
from gongkai.concerns.tests.factories import new_case, respond
from gongkai.concerns.workflow import ResponseForm, Severity
from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _open(case):  # type: ignore[no-untyped-def]
    return {
        c.kind: c.due_at for c in Clock.objects.for_subject(case).filter(closed_on__isnull=True)
    }


def _sent(case):  # type: ignore[no-untyped-def]
    return sorted(
        (a.clock.kind, a.kind)
        for a in CaseAlert.objects.filter(case=case, queued_at__isnull=False).select_related(
            "clock"
        )
    )


def test_upgrade_opens_5h_and_24h_from_detection(cast, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(at("2025-06-10 10:00"))
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    assert _open(case) == {ClockKind.RESPONSE: at("2025-06-12 09:00")}
    services.case_regrade(
        actor=cast.gov_office, case=case, severity=Severity.MAJOR, reason="转发量激增"
    )
    case.refresh_from_db()
    assert case.severity == Severity.MAJOR
    assert _open(case) == {
        ClockKind.RELEASE: at("2025-06-10 14:00"),
        ClockKind.PRESS: at("2025-06-11 09:00"),
    }
    assert case.next_due_at == at("2025-06-10 14:00")
    event = AuditEvent.objects.get(action="opinion_case.regraded")
    assert event.reason == "转发量激增"
    assert event.data["from"] == "ordinary" and event.data["to"] == "major"
    assert case.steps.filter(kind="analysis").exists()


def test_downgrade_closes_and_alerts_stay_exactly_once(cast, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(at("2025-06-10 09:30"))
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), severity=Severity.MAJOR,
                    organs=[cast.district.education])  # fmt: skip
    alerts_sweep(now=at("2025-06-10 13:00"))  # the 5 h "before" alert
    assert _sent(case) == [(ClockKind.RELEASE, AlertKind.BEFORE)]
    time_machine.move_to(at("2025-06-10 13:10"))
    services.case_regrade(
        actor=cast.gov_office, case=case, severity=Severity.ORDINARY, reason="经研判影响有限"
    )
    assert _open(case) == {ClockKind.RESPONSE: at("2025-06-12 09:00")}
    # The 5 h and 24 h clocks are closed: no alert for them any more.
    alerts_sweep(now=at("2025-06-11 09:30"))
    assert _sent(case) == [(ClockKind.RELEASE, AlertKind.BEFORE)]
    # Graded up again: the same clocks run again; the alert sent before is not resent, the
    # ones missed meanwhile are caught up once.
    time_machine.move_to(at("2025-06-11 09:40"))
    services.case_regrade(
        actor=cast.gov_office, case=case, severity=Severity.MAJOR, reason="再次升温"
    )
    assert set(_open(case)) == {ClockKind.RELEASE, ClockKind.PRESS}
    alerts_sweep(now=at("2025-06-11 09:45"))
    alerts_sweep(now=at("2025-06-11 09:50"))
    assert _sent(case) == sorted([
        (ClockKind.RELEASE, AlertKind.BEFORE), (ClockKind.RELEASE, AlertKind.DUE),
        (ClockKind.PRESS, AlertKind.BEFORE), (ClockKind.PRESS, AlertKind.DUE),
    ])  # fmt: skip
    # The 48 h clock of the ordinary grade is closed again and never alerted.
    assert CaseAlert.objects.filter(case=case, clock__kind=ClockKind.RESPONSE).count() == 0


def test_upgrade_after_a_release_keeps_the_met_clock_closed(cast, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(at("2025-06-10 12:00"))
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    case = services.case_allocate(actor=cast.gov_office, case=case, organ=cast.district.education)
    respond(cast.gov_office, case, at("2025-06-10 11:00"), form=ResponseForm.RELEASE)
    services.case_regrade(actor=cast.gov_office, case=case, severity=Severity.MAJOR, reason="升级")
    assert set(_open(case)) == {ClockKind.PRESS}
    release = Clock.objects.for_subject(case).get(kind=ClockKind.RELEASE)
    assert release.closed_on is not None


def test_regrade_needs_coordinator_reason_and_a_change(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    with pytest.raises(NotPermitted):
        services.case_regrade(actor=cast.clerk, case=case, severity=Severity.MAJOR, reason="x")
    with pytest.raises(InvalidInput):
        services.case_regrade(actor=cast.gov_office, case=case, severity=Severity.MAJOR, reason="")
    with pytest.raises(InvalidInput):
        services.case_regrade(
            actor=cast.gov_office, case=case, severity=Severity.ORDINARY, reason="同级"
        )


def test_regrade_from_the_staff_page(client, cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    client.force_login(cast.gov_office)
    page = client.get(f"/staff/concerns/{case.pk}/").content.decode()
    assert 'data-action="regrade"' in page
    r = client.post(
        f"/staff/concerns/{case.pk}/regrade/",
        {"regrade-severity": "extraordinary", "regrade-reason": "重大突发事件"},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.severity == Severity.EXTRAORDINARY
