"""The durable outbox (gongkai.core.kit.outbox): stored with the write, sent once, retried."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from gongkai.core.kit import outbox
from gongkai.core.kit.sms import LocmemSmsBackend
from gongkai.core.models import OutboxMessage, OutboxStatus
from gongkai.core.storage import private_storage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _sms(settings: Any) -> Any:
    settings.GONGKAI_SMS_BACKEND = "gongkai.core.kit.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


class FlakySms:
    """Refuses the first ``failures`` messages, then accepts."""

    failures = 0
    sent: list[str] = []  # noqa: RUF012

    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        if FlakySms.failures > 0:
            FlakySms.failures -= 1
            raise OSError("gateway down")
        FlakySms.sent.append(message_id)


def test_a_message_is_stored_with_its_transaction_and_not_when_it_rolls_back():
    with transaction.atomic():
        outbox.enqueue(key="t:1", channel="sms", recipient="13800000000", body="已受理")
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(key="t:2", channel="sms", recipient="13800000000", body="不该发")
        raise RuntimeError("the service failed")
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == ["t:1"]


def test_enqueueing_the_same_key_twice_sends_once(_sms):
    for _ in range(2):
        outbox.enqueue(key="t:once", channel="sms", recipient="13800000000", body="一次")
    run = outbox.deliver_pending()
    again = outbox.deliver_pending()
    assert (run.sent, again.sent) == (1, 0)
    assert [m["text"] for m in _sms] == ["一次"]
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT and message.sent_at and message.attempts == 1
    assert _sms[0]["id"] == f"outbox-{message.pk}"


def test_email_carries_its_attachments_and_a_stable_message_id():
    stored = private_storage().save("letters/reply.pdf", ContentFile(b"%PDF-1.7 reply"))
    outbox.enqueue(
        key="t:mail",
        channel="email",
        recipient="wang@example.com",
        subject="答复",
        body="见附件",
        attachments=[outbox.Attachment("答复书.pdf", stored, "application/pdf")],
    )
    outbox.deliver_pending()
    (email,) = mail.outbox
    assert email.to == ["wang@example.com"] and email.subject == "答复"
    assert email.attachments == [("答复书.pdf", b"%PDF-1.7 reply", "application/pdf")]
    assert email.extra_headers["Message-ID"].startswith("<outbox-")


def test_a_failure_is_retried_later_and_never_dropped(settings):
    settings.GONGKAI_SMS_BACKEND = "gongkai.core.tests.test_outbox.FlakySms"
    settings.GONGKAI_OUTBOX_MAX_ATTEMPTS = 3
    FlakySms.failures, FlakySms.sent = 10, []
    outbox.enqueue(key="t:retry", channel="sms", recipient="13800000000", body="重试")
    assert outbox.deliver_pending().retried == 1
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and "gateway down" in message.last_error
    assert outbox.deliver_pending().sent == 0  # not due yet: it waits
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert outbox.deliver_pending().retried == 1
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert outbox.deliver_pending().failed == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3
    # An administrator sends it again once the gateway is back.
    FlakySms.failures = 0
    assert outbox.requeue(message)
    assert outbox.deliver_pending().sent == 1 and len(FlakySms.sent) == 1


def test_a_stop_mid_batch_sends_nothing_twice(_sms):
    for n in range(3):
        outbox.enqueue(key=f"t:batch:{n}", channel="sms", recipient=f"1380000000{n}", body=str(n))
    # SIGTERM arrives while the first message is being sent: it finishes, the rest wait.
    first = outbox.deliver_pending(should_stop=lambda: len(_sms) >= 1)
    assert first.sent == 1
    second = outbox.deliver_pending()
    assert second.sent == 2
    assert sorted(m["text"] for m in _sms) == ["0", "1", "2"]
    assert outbox.deliver_pending().sent == 0


def test_a_message_claimed_by_another_sender_is_left_alone_until_its_lease_ends(_sms):
    message = outbox.enqueue(key="t:lease", channel="sms", recipient="13800000000", body="租约")
    assert outbox._claim(message.pk) is not None  # another sender took it (then crashed)
    assert outbox.deliver_pending().sent == 0 and _sms == []
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert outbox.deliver_pending().sent == 1
    # Sent again under the same identity, for the gateway to deduplicate.
    assert _sms[0]["id"] == f"outbox-{message.pk}"


def test_a_sensitive_body_is_erased_after_delivery(_sms):
    outbox.enqueue(
        key="t:secret", channel="sms", recipient="13800000000", body="查询码ABCD", sensitive=True
    )
    outbox.deliver_pending()
    assert _sms[0]["text"] == "查询码ABCD"
    assert "ABCD" not in OutboxMessage.objects.get().body


def test_the_send_outbox_command(_sms):
    outbox.enqueue(key="t:cmd", channel="sms", recipient="13800000000", body="命令")
    out = StringIO()
    call_command("send_outbox", "--dry-run", stdout=out)
    assert "待发送 1 条" in out.getvalue() and _sms == []
    call_command("send_outbox", stdout=out)
    assert "已发送 1 条" in out.getvalue() and len(_sms) == 1
