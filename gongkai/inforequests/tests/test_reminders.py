"""Deadline reminders (send_deadline_reminders): queued once in the outbox, which delivers the
e-mail and the SMS and retries a failure; idempotent, catch-up."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.kit import outbox
from gongkai.core.models import OutboxMessage, OutboxStatus
from gongkai.inforequests import services
from gongkai.inforequests.models import ReminderKind, ReminderSent
from gongkai.inforequests.notifications import HttpSmsBackend, SmsError
from gongkai.inforequests.selectors import case_handlers, deadline_reminders_due
from gongkai.inforequests.tests.factories import received, release_reviewed

pytestmark = pytest.mark.django_db
D = date
HTTP_BACKEND = "gongkai.inforequests.notifications.HttpSmsBackend"


class Gateway:
    """A local SMS gateway on 127.0.0.1 that records what it receives."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers["Content-Length"])
                gateway.received.append(
                    {
                        "body": json.loads(self.rfile.read(length).decode("utf-8")),
                        "authorization": self.headers.get("Authorization"),
                        "content_type": self.headers.get("Content-Type"),
                    }
                )
                self.send_response(gateway.status)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Gateway:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    with Gateway() as running:
        settings.GONGKAI_SMS_BACKEND = HTTP_BACKEND
        settings.GONGKAI_SMS_URL = running.url
        settings.GONGKAI_SMS_TOKEN = "secret-token"
        yield running


@pytest.fixture
def officer(district):
    return UserFactory(
        username="ir_officer",
        phone="13900000001",
        roles=[(district.education, Role.OPENNESS_OFFICER)],
    )


@pytest.fixture
def due_soon_case(district, officer):
    # Received 17 November 2025: 20 working days end on 15 December (today, frozen).
    return received(officer, district.education, D(2025, 11, 17))


def run(**kwargs: Any) -> Any:
    """A reminder run, then the outbox's delivery (the send_outbox job). The applicants'
    receipts the factories queued are not what these tests count: taken out first."""
    OutboxMessage.objects.exclude(key__startswith="inforequests:reminder:").delete()
    result = services.reminders_send(**kwargs)
    outbox.deliver_pending()
    return result


def test_candidates_are_the_reply_clocks_due_soon_or_past(district, officer, due_soon_case):
    late = received(officer, district.education, D(2025, 11, 3))
    fresh = received(officer, district.education, D(2025, 12, 12))
    found = {r.info_request_id: r for r in deadline_reminders_due(D(2025, 12, 15), 3)}
    assert set(found) == {due_soon_case.pk, late.pk}
    assert found[due_soon_case.pk].kind == ReminderKind.DUE_SOON
    assert found[late.pk].kind == ReminderKind.OVERDUE and found[late.pk].workdays > 0
    assert fresh.pk not in found


def test_one_mail_and_one_sms_per_reminder_even_when_run_twice(due_soon_case, officer, gateway):
    first = run()
    second = run()
    assert (first.sent, first.emails, first.sms) == (1, 1, 1)
    assert (second.sent, second.skipped, second.emails, second.sms) == (0, 1, 0, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [officer.email]
    assert due_soon_case.case_number in message.subject and "即将到期" in message.subject
    assert "条例第三十三条" in message.body
    assert f"/staff/inforequests/{due_soon_case.pk}/" in message.body
    # No personal data of the applicant leaves the system.
    assert "王小明" not in message.body and "13812345678" not in message.body
    assert len(gateway.received) == 1
    post = gateway.received[0]
    assert post["body"]["phone"] == "13900000001"
    assert due_soon_case.case_number in post["body"]["text"]
    assert post["authorization"] == "Bearer secret-token"
    assert post["content_type"].startswith("application/json")
    reminder = ReminderSent.objects.get()
    assert reminder.queued_at is not None and (reminder.emails, reminder.sms) == (1, 1)
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 2


def test_a_second_instance_cannot_claim_the_same_reminder(due_soon_case):
    from gongkai.inforequests.services.reminders import _queue

    candidate = deadline_reminders_due(D(2025, 12, 15), 3)[0]
    from django.utils import timezone

    assert _queue(candidate, D(2025, 12, 15), timezone.now()) is not None
    assert _queue(candidate, D(2025, 12, 15), timezone.now()) is None
    assert ReminderSent.objects.count() == 1
    queued = OutboxMessage.objects.filter(key__startswith="inforequests:reminder:")
    assert queued.count() == 2  # one e-mail, one SMS, queued once


def test_a_missed_run_catches_up_with_the_overdue_reminder(due_soon_case, gateway):
    # No run on the due date; two working days later the deadline has passed.
    with time_machine.travel("2025-12-17 10:00 +08:00", tick=False):
        result = run()
    assert result.sent == 1
    reminder = ReminderSent.objects.get()
    assert reminder.kind == ReminderKind.OVERDUE
    assert "已超期" in mail.outbox[0].subject
    assert "已超过答复期限2个工作日" in gateway.received[0]["body"]["text"]


def test_due_soon_and_then_overdue_are_two_reminders(due_soon_case, gateway):
    run()
    with time_machine.travel("2025-12-16 10:00 +08:00", tick=False):
        run()
        run()
    assert sorted(ReminderSent.objects.values_list("kind", flat=True)) == ["due_soon", "overdue"]
    assert len(mail.outbox) == 2 and len(gateway.received) == 2


def test_an_extension_moves_the_deadline_and_earns_a_new_reminder(district, due_soon_case, gateway):
    run()
    head = UserFactory(username="ir_head", roles=[(district.education, Role.OPENNESS_OFFICE_HEAD)])
    services.inforequest_extend(actor=head, info_request=due_soon_case, days=2, reason="调档")
    with time_machine.travel("2025-12-17 10:00 +08:00", tick=False):
        run()
    assert ReminderSent.objects.count() == 2
    assert len(gateway.received) == 2


def test_gateway_failure_is_retried_by_the_outbox_without_resending_the_mail(
    due_soon_case, gateway, settings
):
    gateway.status = 500
    first = run()
    assert first.sent == 1
    sms = OutboxMessage.objects.get(channel="sms")
    assert sms.attempts == 1 and sms.status != OutboxStatus.SENT and "500" in sms.last_error
    assert run().claimed == 0  # the reminder is claimed once; the outbox owns the retry
    gateway.status = 200
    with time_machine.travel("2025-12-15 11:00 +08:00", tick=False):
        outbox.deliver_pending()
    sms.refresh_from_db()
    assert sms.status == OutboxStatus.SENT and sms.attempts == 2
    assert len(mail.outbox) == 1  # the mail went out on the first attempt
    assert len(gateway.received) == 2  # the failed POST and the retry


def test_paused_and_closed_clocks_are_not_reminded(district, officer, due_soon_case):
    services.consultation_start(
        actor=officer,
        info_request=due_soon_case,
        kind="third_party",
        party="示范公司",
        sent_on=D(2025, 12, 12),
    )
    late = received(officer, district.education, D(2025, 11, 3))
    release_reviewed(officer, late)
    services.inforequest_decide(actor=officer, info_request=late, outcome="open")
    services.inforequest_reply(actor=officer, info_request=late, delivery="post")
    assert deadline_reminders_due(D(2025, 12, 15), 3) == []


def test_handlers_are_the_office_and_the_lead_department(district, officer, due_soon_case):
    finance_clerk = UserFactory(username="fin_clerk", roles=[(district.finance, Role.CLERK)])
    assert case_handlers(due_soon_case) == [officer]
    services.inforequest_assign(
        actor=officer, info_request=due_soon_case, department=district.finance
    )
    assert case_handlers(due_soon_case) == [officer, finance_clerk]


def test_office_above_is_reminded_when_the_organ_has_none(district):
    district_officer = UserFactory(
        username="gov_officer", roles=[(district.government, Role.OPENNESS_OFFICER)]
    )
    case = received(district_officer, district.finance, D(2025, 11, 19))
    assert case_handlers(case) == [district_officer]


def test_command_dry_run_sends_nothing(due_soon_case):
    out = StringIO()
    call_command("send_deadline_reminders", "--dry-run", stdout=out)
    assert "（试运行）应提醒 1 件" in out.getvalue()
    assert not mail.outbox and not ReminderSent.objects.exists()


def test_command_sends_and_reports(due_soon_case):
    out = StringIO()
    call_command("send_deadline_reminders", "--days", "0", stdout=out)
    assert "本次发送 1 件（邮件 1 封，短信 1 条，已排入待发消息）" in out.getvalue()
    again = StringIO()
    call_command("send_deadline_reminders", stdout=again)
    assert "已提醒过 1 件" in again.getvalue()
    queued = OutboxMessage.objects.filter(key__startswith="inforequests:reminder:")
    assert sorted(queued.values_list("channel", flat=True)) == ["email", "sms"]


def test_http_backend_refuses_a_non_http_url():
    with pytest.raises(SmsError):
        HttpSmsBackend(url="file:///etc/passwd")


def test_http_backend_reports_an_unreachable_gateway():
    with Gateway() as gateway:
        url = gateway.url
    with pytest.raises(SmsError):
        HttpSmsBackend(url=url, timeout=2).send(phone="139", text="x")


def test_reminders_are_listed_read_only_in_the_admin(client, due_soon_case):
    run()
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    listing = client.get("/admin/inforequests/remindersent/")
    assert listing.status_code == 200 and "即将到期" in listing.content.decode()
    assert client.get("/admin/inforequests/remindersent/add/").status_code == 403
