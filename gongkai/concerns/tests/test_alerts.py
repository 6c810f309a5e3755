"""Escalation alerts (gate G15): before and at each deadline, to the responsible body and
the coordinators, through e-mail and the SMS gateway; each exactly once, a missed run caught
up, concurrent sweeps never doubling, a failed gateway retried."""

from __future__ import annotations

import logging
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from gongkai.concerns import services
from gongkai.concerns.alerts import alerts_due
from gongkai.concerns.alerts import alerts_sweep as queue_alerts
from gongkai.concerns.clocks import ClockKind
from gongkai.concerns.models import AlertKind, CaseAlert
from gongkai.concerns.tests.conftest import at
from gongkai.concerns.tests.factories import new_case, respond
from gongkai.concerns.workflow import ResponseForm, Severity
from gongkai.core.kit.outbox import deliver_pending
from gongkai.core.models import OutboxMessage

pytestmark = pytest.mark.django_db

SMS_LOGGER = "gongkai.sms"


class GatewayDown:
    """An SMS gateway that does not answer (the HTTP backend's SmsError)."""

    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        raise ConnectionError("SMS gateway unreachable")


def alerts_sweep(**kwargs):  # type: ignore[no-untyped-def]
    """The sweep queues the alerts in the durable outbox; `send_outbox` delivers them."""
    run = queue_alerts(**kwargs)
    deliver_pending()
    return run


def _major(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), severity=Severity.MAJOR,
                    organs=[cast.district.education])  # fmt: skip
    return services.case_allocate(actor=cast.gov_office, case=case, organ=cast.district.education)


def _sent(case):  # type: ignore[no-untyped-def]
    return sorted(
        (a.clock.kind, a.kind)
        for a in CaseAlert.objects.filter(case=case, queued_at__isnull=False).select_related(
            "clock"
        )
    )


def test_before_and_at_each_deadline_once(cast, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger=SMS_LOGGER)
    case = _major(cast)
    assert alerts_sweep(now=at("2025-06-10 12:59")).claimed == 0
    run = alerts_sweep(now=at("2025-06-10 13:00"))  # 1 h before the 5-hour deadline
    assert run.sent == 1
    assert _sent(case) == [(ClockKind.RELEASE, AlertKind.BEFORE)]
    message = mail.outbox[-1]
    assert "临期预警" in message.subject and case.number in message.subject
    # The responsible body and both coordinators (office, propaganda desk) are told, each
    # by one e-mail from the outbox.
    told = {address for m in mail.outbox for address in m.to}
    assert {"head@example.gov.cn", "gov_office@example.gov.cn"} <= told
    assert OutboxMessage.objects.filter(status="sent").count() == len(mail.outbox) + len(
        [r for r in caplog.records if r.name == SMS_LOGGER]
    )
    texts = [r.getMessage() for r in caplog.records if r.name == SMS_LOGGER]
    assert any("13800000009" in t for t in texts)  # the propaganda desk
    assert any("13800000002" in t for t in texts)  # the department head
    assert alerts_sweep(now=at("2025-06-10 13:30")).claimed == 0  # nothing twice
    alerts_sweep(now=at("2025-06-10 14:00"))
    alerts_sweep(now=at("2025-06-11 05:00"))  # 4 h before the press conference
    alerts_sweep(now=at("2025-06-11 09:00"))
    assert _sent(case) == sorted([
        (ClockKind.RELEASE, AlertKind.BEFORE), (ClockKind.RELEASE, AlertKind.DUE),
        (ClockKind.PRESS, AlertKind.BEFORE), (ClockKind.PRESS, AlertKind.DUE),
    ])  # fmt: skip
    assert alerts_sweep(now=at("2025-06-12 09:00")).claimed == 0


def test_missed_runs_are_caught_up_each_alert_once(cast):  # type: ignore[no-untyped-def]
    case = _major(cast)
    ordinary = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.finance])
    # The scheduler was down from 09:00 until two days later: everything missed goes out now.
    run = alerts_sweep(now=at("2025-06-12 10:00"))
    assert run.sent == 6
    assert len(_sent(case)) == 4
    assert _sent(ordinary) == sorted(
        [(ClockKind.RESPONSE, AlertKind.BEFORE), (ClockKind.RESPONSE, AlertKind.DUE)]
    )
    outbox = len(mail.outbox)
    assert alerts_sweep(now=at("2025-06-12 10:05")).claimed == 0
    assert len(mail.outbox) == outbox


def test_met_clock_is_not_alerted(cast):  # type: ignore[no-untyped-def]
    case = _major(cast)
    respond(cast.reviewer, case, at("2025-06-10 11:00"), form=ResponseForm.RELEASE)
    alerts_sweep(now=at("2025-06-10 14:30"))
    assert _sent(case) == []
    respond(cast.head, case, at("2025-06-10 15:00"), form=ResponseForm.PRESS_CONFERENCE)
    assert alerts_due(at("2025-06-12 00:00")) == []


def test_failed_gateway_is_retried_by_the_outbox_without_repeating_mail(cast, settings):  # type: ignore[no-untyped-def]
    case = _major(cast)
    settings.GONGKAI_SMS_BACKEND = "gongkai.concerns.tests.test_alerts.GatewayDown"
    settings.GONGKAI_OUTBOX_RETRY_SECONDS = 0
    run = alerts_sweep(now=at("2025-06-10 13:00"))
    assert (run.claimed, run.sent) == (1, 1)
    alert = CaseAlert.objects.get(case=case)
    assert alert.emails >= 1 and alert.sms >= 2 and alert.queued_at is not None
    mails = len(mail.outbox)
    assert mails == alert.emails
    failed = OutboxMessage.objects.filter(channel="sms").exclude(status="sent")
    assert failed.count() == alert.sms and all("unreachable" in m.last_error for m in failed)
    settings.GONGKAI_SMS_BACKEND = "gongkai.core.kit.sms.LogSmsBackend"
    # The sweep claims nothing again; the outbox retries the text messages only.
    assert alerts_sweep(now=at("2025-06-10 13:10")).claimed == 0
    assert not OutboxMessage.objects.exclude(status="sent").exists()
    assert len(mail.outbox) == mails  # the e-mail already went; not sent again
    assert CaseAlert.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_once(cast):  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the claim is exercised on PostgreSQL")
    case = _major(cast)
    results = []

    def sweep() -> None:
        try:
            results.append(alerts_sweep(now=at("2025-06-12 10:00")))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.claimed for r in results) == 4
    assert CaseAlert.objects.filter(case=case).count() == 4


def test_job_command_dry_run_and_today(cast):  # type: ignore[no-untyped-def]
    from io import StringIO

    _major(cast)
    out = StringIO()
    call_command("sweep_concern_alerts", "--dry-run", "--today", "2025-06-10", stdout=out)
    assert "待发送预警 2 条" in out.getvalue()
    assert not CaseAlert.objects.exists()
    call_command("sweep_concern_alerts", "--today", "2025-06-10", stdout=out)
    assert CaseAlert.objects.filter(queued_at__isnull=False).count() == 2


def test_lead_hours_are_configurable(cast, settings):  # type: ignore[no-untyped-def]
    settings.GONGKAI_CONCERNS_ALERT_LEAD_HOURS = {"release": 2, "press": 4, "response": 8}
    case = _major(cast)
    alerts_sweep(now=at("2025-06-10 12:00"))
    assert _sent(case) == [(ClockKind.RELEASE, AlertKind.BEFORE)]
