"""The writer is told of 受理, 转办 and 答复 through the durable outbox: e-mail when given,
otherwise SMS; once per step; nothing without a contact; rolled back with the step."""

from __future__ import annotations

import pytest
from django.core import mail

from gongkai.core.kit.outbox import deliver_pending
from gongkai.core.models import OutboxMessage
from gongkai.mailbox import services
from gongkai.mailbox.tests.factories import submit

pytestmark = pytest.mark.django_db


def test_accept_transfer_reply_are_told_by_email(district, clerk, other_clerk):
    message = submit(district.education, email="wang@example.com")
    services.message_accept(actor=clerk, message=message)
    services.message_transfer(
        actor=clerk, message=message, to_organ=district.finance, reason="属财政局职责"
    )
    services.message_accept(actor=other_clerk, message=message)
    services.message_reply(actor=other_clerk, message=message, reply="您好：已核实并处理。")
    keys = list(OutboxMessage.objects.order_by("pk").values_list("key", flat=True))
    assert keys == [
        f"mailbox:{message.pk}:accepted:{district.education.pk}",
        f"mailbox:{message.pk}:transferred:1",
        f"mailbox:{message.pk}:accepted:{district.finance.pk}",
        f"mailbox:{message.pk}:replied",
    ]
    assert set(OutboxMessage.objects.values_list("channel", flat=True)) == {"email"}
    deliver_pending()
    assert [m.to for m in mail.outbox] == [["wang@example.com"]] * 4
    assert "属财政局职责" in mail.outbox[1].body
    assert "已核实并处理" in mail.outbox[3].body and message.number in mail.outbox[3].subject


def test_sms_without_email_and_nothing_without_contact(district, clerk):
    message = submit(district.education, email="", phone="13812345678")
    services.message_accept(actor=clerk, message=message)
    sms = OutboxMessage.objects.get()
    assert sms.channel == "sms" and sms.recipient == "13812345678"
    assert message.number in sms.body


def test_a_refused_step_queues_nothing(district, clerk):
    message = submit(district.education, email="wang@example.com")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the transfer to its own department
        services.message_transfer(
            actor=clerk, message=message, to_organ=district.education, reason="x"
        )
    assert not OutboxMessage.objects.exists()
