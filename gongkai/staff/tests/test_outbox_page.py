"""The back office's outbox page (issue 15): failed and pending messages to citizens for the
administrators and the openness office, with the last error and a retry that is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.core.kit import outbox
from gongkai.core.models import OutboxMessage, OutboxStatus, events_for
from gongkai.inforequests.tests.factories import received

pytestmark = pytest.mark.django_db

PAGE = reverse("staff:outbox")


def _fail(message: OutboxMessage, error: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, attempts=12, last_error=error
    )


@pytest.fixture
def messages(district, reviewer):
    """One failed and one pending message about an 教育局 case; one sent about the same."""
    ir = received(reviewer, district.education, date(2025, 12, 10), email="wang@example.cn")
    receipt = outbox.messages_about(ir).get()
    _fail(receipt, "SMTP 550 mailbox unavailable")
    pending = outbox.enqueue(
        key="test:pending",
        channel="sms",
        recipient="13800000000",
        body="补正告知",
        about=ir,
    )
    sent = outbox.enqueue(
        key="test:sent", channel="sms", recipient="13900000000", body="已发", about=ir
    )
    OutboxMessage.objects.filter(pk=sent.pk).update(
        status=OutboxStatus.SENT, sent_at=sent.created_at
    )
    return receipt, pending, sent


def _listed(client, **query):
    return [m.pk for m in client.get(PAGE, query).context["page"].object_list]


def test_the_openness_office_sees_unsent_messages_with_the_error_and_retries(
    client, reviewer, messages
):
    failed, pending, sent = messages
    client.force_login(reviewer)
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert _listed(client) == [pending.pk, failed.pk]  # newest first; sent ones hidden
    assert "SMTP 550 mailbox unavailable" in html and "wang@example.cn" in html
    assert html.count('data-action="outbox_retry"') == 1  # only the failed one
    assert _listed(client, status="failed") == [failed.pk]
    assert _listed(client, status="all", channel="sms") == [sent.pk, pending.pk]
    assert _listed(client, q="wang@") == [failed.pk]
    assert _listed(client, created_from="2099-01-01") == []

    response = client.post(reverse("staff:outbox_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.PENDING and failed.attempts == 0
    event = events_for(failed).get(action="outbox.retried")
    assert event.actor == reviewer and "SMTP 550" in event.data["last_error"]
    # A pending message cannot be "retried".
    client.post(reverse("staff:outbox_retry", args=[pending.pk]))
    assert not events_for(pending).exists()


def test_other_organs_and_other_roles_do_not_see_the_messages(
    client, clerk, other_reviewer, administrator, messages
):
    failed, pending, _sent = messages
    client.force_login(other_reviewer)  # the openness office of another organ
    assert _listed(client) == []
    assert client.post(reverse("staff:outbox_retry", args=[failed.pk])).status_code == 404
    client.force_login(clerk)
    assert client.get(PAGE).status_code == 403
    client.force_login(administrator)
    assert _listed(client) == [pending.pk, failed.pk]
    assert "待发消息" in client.get(reverse("staff:inbox")).content.decode()
