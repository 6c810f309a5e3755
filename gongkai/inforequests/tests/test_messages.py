"""The applicant is told by e-mail or SMS through the durable outbox (gongkai.core.kit.outbox)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail

from gongkai.core.kit import outbox
from gongkai.core.kit.sms import LocmemSmsBackend
from gongkai.core.models import OutboxMessage
from gongkai.inforequests import services
from gongkai.inforequests.messages import plain_outcome
from gongkai.inforequests.models import Delivery, LetterKind, Outcome
from gongkai.inforequests.tests.factories import application, at, received, release_reviewed
from gongkai.inforequests.workflow import Channel

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture(autouse=True)
def _sms(settings: Any) -> Any:
    settings.GONGKAI_SMS_BACKEND = "gongkai.core.kit.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield LocmemSmsBackend.outbox
    LocmemSmsBackend.outbox.clear()


def test_the_online_receipt_carries_the_query_code_once(district):
    result = services.inforequest_submit(
        organ=district.education,
        channel=Channel.ONLINE,
        data=application(),
        client_token="k1",
        submitted_at=at(D(2025, 12, 15)),
    )
    # A replay of the same submission sends nothing new.
    services.inforequest_submit(
        organ=district.education,
        channel=Channel.ONLINE,
        data=application(),
        client_token="k1",
        submitted_at=at(D(2025, 12, 15)),
    )
    assert outbox.deliver_pending().sent == 1
    (email,) = mail.outbox
    assert email.to == ["wang@example.com"]
    assert result.query_code and result.query_code in email.body
    assert result.info_request.case_number in email.subject
    # The query code does not stay in the database once delivered.
    assert result.query_code not in OutboxMessage.objects.get().body


def test_without_e_mail_the_receipt_goes_by_sms_and_without_contact_nothing_goes(
    district, reviewer, _sms
):
    received(reviewer, district.education, D(2025, 12, 10), email="")
    received(reviewer, district.education, D(2025, 12, 10), email="", phone="")
    outbox.deliver_pending()
    assert [m["phone"] for m in _sms] == ["13812345678"]
    assert "已收到" in _sms[0]["text"] and mail.outbox == []


def test_correction_extension_decision_and_reply_with_letter_and_files(
    district, reviewer, office_head
):
    ir = received(reviewer, district.education, D(2025, 12, 10), delivery=Delivery.EMAIL)
    services.inforequest_notify_correction(
        actor=reviewer, info_request=ir, items=["请写明文号"], period_days=10
    )
    services.inforequest_receive_correction(actor=reviewer, info_request=ir)
    services.inforequest_request_extension(
        actor=reviewer, info_request=ir, days=10, reason="需要调取档案"
    )
    services.inforequest_extend(actor=office_head, info_request=ir, days=10, reason="需要调取档案")
    release_reviewed(reviewer, ir)
    services.inforequest_decide(actor=reviewer, info_request=ir, outcome=Outcome.OPEN)
    letter = services.letter_draft(actor=reviewer, info_request=ir, kind=LetterKind.REPLY)
    services.letter_send(actor=reviewer, letter=letter)
    services.inforequest_reply(actor=reviewer, info_request=ir, delivery=Delivery.EMAIL)
    # A second run of the sender sends nothing again.
    assert outbox.deliver_pending().sent == 5
    assert outbox.deliver_pending().sent == 0
    subjects = [m.subject for m in mail.outbox]
    assert [s.split("】")[1].split("（")[0] for s in subjects] == [
        "政府信息公开申请已收到",
        "政府信息公开申请补正告知",
        "政府信息公开申请延期答复告知",
        "政府信息公开申请已作出决定",
        "政府信息公开申请答复",
    ]
    assert "请写明文号" in mail.outbox[1].body
    assert "延长10个工作日" in mail.outbox[2].body
    assert "予以公开" in mail.outbox[3].body and "（一）" not in mail.outbox[3].body
    reply = mail.outbox[4]
    ((name, content, mimetype),) = reply.attachments
    assert name.endswith(".pdf") and content.startswith(b"%PDF") and mimetype == "application/pdf"
    assert name in reply.body


def test_nothing_is_told_when_the_action_is_refused(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 12, 10))
    before = OutboxMessage.objects.count()
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal rolls back
        services.inforequest_notify_correction(
            actor=reviewer, info_request=ir, items=[], period_days=10
        )
    assert OutboxMessage.objects.count() == before


@pytest.mark.parametrize(
    ("outcome", "plain"),
    [
        (Outcome.OPEN, "予以公开"),
        (Outcome.PARTIAL, "部分公开"),
        (Outcome.STATE_SECRET, "不予公开（属于国家秘密）"),
        (Outcome.NA_NOT_HELD, "无法提供（本机关不掌握相关政府信息）"),
    ],
)
def test_outcomes_are_told_without_table_3_codes(outcome, plain):
    assert plain_outcome(outcome.label) == plain


def test_the_tracking_page_speaks_plainly(district, reviewer):
    from gongkai.inforequests.presenters import tracking_view

    ir = received(reviewer, district.education, D(2025, 12, 10))
    release_reviewed(reviewer, ir)
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.PARTIAL,
        reasons="第3页含第三方个人信息",
        withheld_grounds=["THIRD_PARTY_RIGHTS"],
    )
    services.inforequest_reply(actor=reviewer, info_request=ir, delivery=Delivery.POST)
    view = tracking_view(ir)
    assert view.outcome_label == "部分公开" and "（" not in view.outcome_label
    submitted = services.inforequest_submit(
        organ=district.education, channel=Channel.ONLINE, data=application(), client_token="t9"
    ).info_request
    submitted.status = "submitted"
    assert "待确认收到日期" not in tracking_view(submitted).status_label
