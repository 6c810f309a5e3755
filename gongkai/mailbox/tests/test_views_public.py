"""The public pages at /hdjl/: form, receipt, tracking, rating, 留言选登, statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.mailbox import services
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.tests.factories import replied, submit
from gongkai.mailbox.workflow import Status

pytestmark = pytest.mark.django_db

FORM = reverse("mailbox_public:form")
SCRIPT = '<script>alert("x")</script>'


def form_data(organ: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "organ": organ.pk,
        "kind": "consultation",
        "subject": "入学报名咨询",
        "text": "孩子明年入学，应到哪所学校报名？",
        "writer_name": "王小明",
        "phone": "13812345678",
        "email": "",
        "consent_publish": "on",
        "client_token": "token-1",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _submit(client: Any, organ: Any, **overrides: Any) -> Any:
    return client.post(FORM, form_data(organ, **overrides))


def test_form_stores_then_shows_receipt_with_number_and_code(client, district):
    page = client.get(FORM)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    response = _submit(client, district.education)
    assert response.status_code == 302 and response["Location"] == reverse("mailbox_public:receipt")
    message = PublicMessage.objects.get()
    receipt = client.get(response["Location"]).content.decode()
    assert message.number in receipt and "查询码" in receipt
    # a double submit lands on the same message
    _submit(client, district.education)
    assert PublicMessage.objects.count() == 1


def test_bad_input_gets_a_chinese_message_and_nothing_is_stored(client, district):
    response = _submit(client, district.education, phone="", email="")
    html = response.content.decode()
    assert response.status_code == 400 and "请至少填写一种联系方式" in html
    response = _submit(client, district.education, kind="praise")
    assert response.status_code == 400 and "请选择留言类型" in response.content.decode()
    response = _submit(client, district.education, text="x" * 5001)
    assert response.status_code == 400 and "最多5000个字符" in response.content.decode()
    assert PublicMessage.objects.count() == 0


def test_script_is_stored_as_text_and_never_rendered_as_markup(client, district, clerk, reviewer):
    _submit(client, district.education, subject=SCRIPT, text=SCRIPT)
    message = PublicMessage.objects.get()
    assert message.text == SCRIPT
    receipt = client.get(reverse("mailbox_public:receipt")).content.decode()
    assert SCRIPT not in receipt and "&lt;script&gt;" in receipt
    services.message_accept(actor=clerk, message=message)
    services.message_reply(actor=clerk, message=message, reply=SCRIPT)
    services.message_publish(actor=reviewer, message=message)
    detail = client.get(reverse("mailbox_public:detail", args=[message.number]))
    assert (
        SCRIPT not in detail.content.decode()
        and "script-src 'self'" in detail["Content-Security-Policy"]
    )
    client.force_login(reviewer)
    staff = client.get(reverse("mailbox:detail", args=[message.pk])).content.decode()
    assert SCRIPT not in staff


def test_a_flood_from_one_source_is_refused_and_others_are_not(client, district, settings):
    settings.GONGKAI_MAILBOX_SUBMIT_MAX = 3
    for i in range(3):
        assert _submit(client, district.education, client_token=f"t{i}").status_code == 302
    refused = _submit(client, district.education, client_token="t9")
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    kept = refused.content.decode()  # the message typed, in a form that posts it again
    assert f'<form method="post" action="{FORM}"' in kept and ">提交留言</button>" in kept
    assert PublicMessage.objects.count() == 3
    other = client.post(
        FORM, form_data(district.education, client_token="o1"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302 and PublicMessage.objects.count() == 4


def _track(client: Any, number: str, code: str, **extra: Any) -> Any:
    return client.post(
        reverse("mailbox_public:track"), {"number": number, "query_code": code}, **extra
    )


def test_tracking_and_rating_by_query_code(client, district, clerk):
    result = services.message_submit(
        organ=district.education,
        data={
            "kind": "complaint",
            "subject": "噪音投诉",
            "text": "夜间施工",
            "writer_name": "李四",
            "phone": "13900001111",
            "consent_publish": False,
        },
    )
    message = result.message
    assert _track(client, message.number, "WRONGCODE").status_code == 400
    response = _track(client, message.number, result.query_code.lower())
    assert response.status_code == 302
    page = client.get(reverse("mailbox_public:tracked")).content.decode()
    assert "待受理" in page and "rating-form" not in page
    services.message_accept(actor=clerk, message=message)
    services.message_reply(actor=clerk, message=message, reply="已责令停工")
    page = client.get(reverse("mailbox_public:tracked")).content.decode()
    assert "已责令停工" in page and "rating-form" in page
    assert client.post(reverse("mailbox_public:rate"), {"rating": "9"}).status_code == 400
    client.post(reverse("mailbox_public:rate"), {"rating": "3", "comment": "满意"})
    message.refresh_from_db()
    assert message.rating == 3


def test_tracking_guesses_are_throttled(client, district, settings):
    settings.GONGKAI_MAILBOX_TRACK_MAX_FAILURES = 3
    message = submit(district.education)
    for _ in range(3):
        _track(client, message.number, "AAAAAAAAAAAA")
    response = _track(client, message.number, "AAAAAAAAAAAA")
    assert response.status_code == 429 and "查询失败次数过多" in response.content.decode()


def test_converted_message_files_an_inforequest_from_the_tracking_page(client, district, reviewer):
    from gongkai.inforequests.models import InfoRequest
    from gongkai.inforequests.tests.factories import VALID_ID

    result = services.message_submit(
        organ=district.education,
        data={
            "kind": "consultation",
            "subject": "申请公开学位分配方案",
            "text": "请公开2025年学位分配方案。",
            "writer_name": "王小明",
            "phone": "13812345678",
        },
    )
    services.message_convert(actor=reviewer, message=result.message)
    _track(client, result.message.number, result.query_code)
    form = client.get(reverse("mailbox_public:apply")).content.decode()
    assert "请公开2025年学位分配方案。" in form
    response = client.post(
        reverse("mailbox_public:apply"),
        {
            "applicant_type": "natural",
            "applicant_name": "王小明",
            "id_type": "resident_id",
            "id_number": VALID_ID,
            "phone": "13812345678",
            "organ": district.education.pk,
            "info_description": "请公开2025年学位分配方案。",
            "provision_form": "paper",
            "delivery": "pickup",
            "client_token": "conv-1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("inforequests_public:receipt")
    info_request = InfoRequest.objects.get()
    result.message.refresh_from_db()
    assert result.message.inforequest == info_request
    assert info_request.case_number in client.get(response["Location"]).content.decode()


def test_published_list_detail_and_feed_show_only_the_masked_copy(
    client, district, clerk, reviewer
):
    message = replied(district.education, clerk)
    services.message_publish(actor=reviewer, message=message)
    private = replied(district.education, clerk, consent_publish=False, subject="不公开的留言")
    for url in (
        reverse("mailbox_public:home"),
        reverse("mailbox_public:list"),
        reverse("mailbox_public:detail", args=[message.number]),
        reverse("portal:feed_rss", kwargs={"key": "lyxd"}),
    ):
        html = client.get(url).content.decode()
        assert "适龄儿童入学报名咨询" in html, url
        assert "王小明" not in html and "13812345678" not in html, url
        assert "不公开的留言" not in html, url
    assert client.get(reverse("mailbox_public:detail", args=[private.number])).status_code == 404
    assert private.status == Status.REPLIED


def test_statistics_page(client, district, clerk):
    replied(district.education, clerk)
    html = client.get(reverse("mailbox_public:statistics")).content.decode()
    assert "留言办理情况统计" in html and 'id="total-replied">1<' in html
    assert client.get(reverse("mailbox_public:statistics") + "?year=abc").status_code == 200


def test_column_is_registered_with_its_children(client, district):
    from gongkai.core.kit import hooks

    keys = {c.key: c for c in hooks.registered("portal_columns")}
    assert keys["hdjl"].nav is not None and keys["lyxd"].parent == "hdjl"
    assert keys["ly"].static is False
    html = client.get(reverse("mailbox_public:home")).content.decode()
    assert reverse("mailbox_public:form") in html and reverse("mailbox_public:statistics") in html
