"""Back office: list with 待办 bands, detail, actions through the services (the 待办 lines:
test_inbox.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.tests.factories import submit
from gongkai.mailbox.workflow import Status

pytestmark = pytest.mark.django_db


def test_list_and_detail_for_handlers_only(client, district, clerk, other_clerk, citizen):
    message = submit(district.education)
    client.force_login(clerk)
    page = client.get(reverse("mailbox:list")).content.decode()
    assert message.number in page and "band-soon" in page
    detail = client.get(reverse("mailbox:detail", args=[message.pk])).content.decode()
    assert "13812345678" in detail and 'data-action="accept"' in detail
    client.force_login(other_clerk)
    assert client.get(reverse("mailbox:detail", args=[message.pk])).status_code == 404
    client.force_login(citizen)
    assert client.get(reverse("mailbox:list")).status_code == 403


def test_administrator_sees_masked_personal_data(client, district, administrator):
    message = submit(district.education)
    client.force_login(administrator)
    detail = client.get(reverse("mailbox:detail", args=[message.pk])).content.decode()
    assert "13812345678" not in detail and "王＊＊" in detail
    assert 'data-action="accept"' not in detail


def test_actions_post_through_the_services(client, district, clerk, reviewer):
    message = submit(district.education)
    client.force_login(clerk)
    url = lambda name: reverse("mailbox:action", args=[message.pk, name])  # noqa: E731
    assert client.post(url("accept")).status_code == 302
    response = client.post(url("reply"), {"reply-reply": ""})
    assert response.status_code == 400
    client.post(url("reply"), {"reply-reply": "您好，已答复。"})
    message.refresh_from_db()
    assert message.status == Status.REPLIED
    assert client.post(url("publish"), {}).status_code == 403
    client.force_login(reviewer)
    client.post(
        url("publish"),
        {
            "publish-public_subject": "入学咨询",
            "publish-public_text": "王小明问入学",
            "publish-public_reply": "已答复",
        },
    )
    message.refresh_from_db()
    assert message.status == Status.PUBLISHED and message.public_text == "王＊＊问入学"
    history = client.get(reverse("mailbox:detail", args=[message.pk])).content.decode()
    assert "选登" in history and "答复留言" in history


def test_transfer_form_refuses_without_reason(client, district, reviewer):
    message = submit(district.education)
    client.force_login(reviewer)
    url = reverse("mailbox:action", args=[message.pk, "transfer"])
    response = client.post(url, {"transfer-to_organ": district.finance.pk, "transfer-reason": ""})
    assert response.status_code == 400
    client.post(url, {"transfer-to_organ": district.finance.pk, "transfer-reason": "属财政局"})
    assert PublicMessage.objects.get().organ == district.finance


def test_phone_message_registered_with_clocks_code_and_printable_receipt(
    client, district, clerk, other_clerk
):
    from django.utils import timezone

    from gongkai.calendars.models import Clock
    from gongkai.core.kit.querycodes import query_code_matches

    client.force_login(clerk)
    form = client.get(reverse("mailbox:phone"))
    assert form.status_code == 200
    received = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "organ": district.education.pk,
        "kind": "complaint",
        "subject": "夜间施工噪音",
        "text": "某工地夜间施工。",
        "writer_name": "赵六",
        "phone": "13700000000",
        "email": "",
        "client_token": "phone-1",
    }
    response = client.post(reverse("mailbox:phone"), data)
    assert response.status_code == 302
    message = PublicMessage.objects.get()
    assert message.channel == "phone" and message.created_by == clerk
    assert Clock.objects.for_subject(message).filter(closed_on__isnull=True).count() == 1
    receipt = client.get(response["Location"]).content.decode()
    assert message.number in receipt
    code = receipt.split('id="receipt-code"><strong>')[1].split("<")[0]
    assert query_code_matches(message.number, code, message.query_code_hash)
    # A double submit lands on the same message.
    assert client.post(reverse("mailbox:phone"), data).status_code == 302
    assert PublicMessage.objects.count() == 1
    # Only for the organs the user handles.
    client.force_login(other_clerk)
    refused = client.post(reverse("mailbox:phone"), {**data, "client_token": "phone-2"})
    assert refused.status_code == 400 and PublicMessage.objects.count() == 1
