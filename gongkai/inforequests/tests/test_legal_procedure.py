"""Issue 11, procedure items: each rule of the 条例 that a decision, a clock or a fee must obey.

2025 calendar facts used: 1–8 October is the 国庆/中秋 break; Saturday 11 October is a
make-up working day (调休上班日).
"""

import io
from datetime import date

import docx
import pytest

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import (
    GateRefused,
    InvalidInput,
    NotPermitted,
    TransitionNotAllowed,
)
from gongkai.core.models import events_for
from gongkai.documents.models import Attribute, ReasonCode, SecrecyLevel
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.inforequests import services
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.letters.docx import render_docx
from gongkai.inforequests.models import (
    ConsultationKind,
    ConsultationPosition,
    Delivery,
    FeeMode,
    LetterKind,
    NoticeKind,
    Outcome,
    ProvisionForm,
)
from gongkai.inforequests.tests.factories import received, release_reviewed
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db
D = date
EXCESS = "同一申请人本月第11件以上申请，数量明显超过合理范围。"


def docx_text(letter):
    content = services.letter_content(letter, preview_date=D(2025, 12, 15))
    document = docx.Document(io.BytesIO(render_docx(content)))
    return "\n".join(p.text for p in document.paragraphs)


def due(ir, kind=ClockKind.REPLY):
    clock = Clock.objects.for_subject(ir).filter(kind=kind).order_by("-pk").first()
    return clock.due_date if clock else None


@pytest.fixture
def ir(district, reviewer):
    return received(reviewer, district.education, D(2025, 9, 25))


# --- item 2: 保密审查 of what is released on request (条例第十七条; 保密法第三十五条) -------------


def test_disclosure_needs_a_passed_item_by_item_review(reviewer, ir):
    for outcome in (Outcome.OPEN, Outcome.PARTIAL):
        with pytest.raises(GateRefused, match="保密审查") as exc:
            services.inforequest_decide(
                actor=reviewer,
                info_request=ir,
                outcome=outcome,
                reasons="部分涉及隐私",
                withheld_grounds=[Outcome.THIRD_PARTY_RIGHTS] if outcome == Outcome.PARTIAL else (),
            )
        assert exc.value.gate == "G6"
    review = services.inforequest_review_release(
        actor=reviewer,
        info_request=ir,
        items=[{"item": "批复正文", "passed": True}, {"item": "附图（涉密）", "passed": False}],
        opinion="附图涉及国家秘密，不得提供。",
    )
    assert review.outcome == "fail" and [i["item"] for i in review.items] == [
        "批复正文",
        "附图（涉密）",
    ]
    with pytest.raises(GateRefused, match="保密审查"):
        services.inforequest_decide(
            actor=reviewer,
            info_request=ir,
            outcome=Outcome.PARTIAL,
            reasons="附图不予公开",
            withheld_grounds=[Outcome.STATE_SECRET],
        )
    release_reviewed(reviewer, ir, "批复正文")
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.PARTIAL,
        reasons="附图不予公开",
        withheld_grounds=[Outcome.STATE_SECRET],
    )
    assert ir.status == Status.DECIDED
    decided = events_for(ir).get(action="inforequest.decided")
    assert decided.data["release_review"] == ir.release_reviews.last().pk
    reviewed = events_for(ir).filter(action="inforequest.release_reviewed")
    assert [e.data["outcome"] for e in reviewed] == ["fail", "pass"]


def test_refusals_need_no_confidentiality_review(reviewer, ir):
    services.inforequest_decide(
        actor=reviewer, info_request=ir, outcome=Outcome.STATE_SECRET, reasons="属于国家秘密"
    )
    assert ir.outcome == Outcome.STATE_SECRET


def test_review_lists_the_items(reviewer, ir):
    with pytest.raises(InvalidInput) as exc:
        services.inforequest_review_release(actor=reviewer, info_request=ir, items=[" "])
    assert exc.value.field == "items"


@pytest.mark.parametrize(
    "document",
    [
        {"secrecy_level": SecrecyLevel.SECRET, "reason_codes": [ReasonCode.STATE_SECRET]},
        {"reason_codes": [ReasonCode.PROCESS_INFO]},
    ],
)
def test_withheld_document_needs_the_heads_audited_redecision(
    district, reviewer, office_head, document
):
    doc = DocumentFactory(organ=district.education, attribute=Attribute.NOT_DISCLOSED, **document)
    ir = received(reviewer, district.education, D(2025, 9, 25), document=doc.pk)
    assert ir.document == doc
    release_reviewed(reviewer, ir)
    with pytest.raises(GateRefused, match="重新作出决定"):
        services.inforequest_decide(actor=reviewer, info_request=ir, outcome=Outcome.OPEN)
    with pytest.raises(NotPermitted):
        services.inforequest_review_release(
            actor=reviewer, info_request=ir, items=["全文"], redecision="已解密"
        )
    services.inforequest_review_release(
        actor=office_head,
        info_request=ir,
        items=["全文"],
        redecision="经定密机关审核已于2025年10月解密，不再属于不予公开范围。",
    )
    services.inforequest_decide(actor=reviewer, info_request=ir, outcome=Outcome.OPEN)
    assert ir.outcome == Outcome.OPEN
    redecided = events_for(ir).get(action="inforequest.document_redecided")
    assert redecided.actor == office_head and redecided.data["document"] == doc.pk
    assert "解密" in redecided.reason


def test_redecision_only_for_a_withheld_document(reviewer, office_head, ir):
    with pytest.raises(InvalidInput) as exc:
        services.inforequest_review_release(
            actor=office_head, info_request=ir, items=["全文"], redecision="重新决定"
        )
    assert exc.value.field == "redecision"


# --- item 3: third parties in parallel and disclosure over an objection (条例第三十二条) -------


def consult(reviewer, ir, party, sent_on):
    return services.consultation_start(
        actor=reviewer,
        info_request=ir,
        kind=ConsultationKind.THIRD_PARTY,
        party=party,
        sent_on=sent_on,
    )


def test_third_parties_run_in_parallel_each_with_its_window(reviewer, ir):
    assert due(ir) == D(2025, 10, 29)
    first = consult(reviewer, ir, "甲公司", D(2025, 9, 26))
    second = consult(reviewer, ir, "乙公司", D(2025, 9, 29))
    assert ir.status == Status.PAUSED_THIRD_PARTY
    # 15 wd from Friday 26 September (Sunday 28 September is a make-up working day).
    assert first.window_clock.due_date == D(2025, 10, 23)
    assert second.window_clock.due_date == D(2025, 10, 27)  # 15 wd from 29 Sept
    with pytest.raises(InvalidInput):
        consult(reviewer, ir, "甲公司", D(2025, 9, 30))  # still waiting for 甲公司
    services.consultation_answer(
        actor=reviewer,
        consultation=first,
        position=ConsultationPosition.AGREE,
        answered_on=D(2025, 10, 13),
    )
    ir.refresh_from_db()
    assert ir.status == Status.PAUSED_THIRD_PARTY  # 乙公司 may still answer
    windows = Clock.objects.in_bulk([first.window_clock_id, second.window_clock_id])
    assert windows[first.window_clock_id].closed_on == D(2025, 10, 13)
    assert windows[second.window_clock_id].closed_on is None
    # 乙公司 stays silent: the pause ends when its window lapses.
    assert services.inforequests_sweep(today=D(2025, 10, 28)).consultations_expired == 1
    ir.refresh_from_db()
    assert ir.status == Status.IN_PROCESS
    reply = Clock.objects.open().for_subject(ir).get(kind=ClockKind.REPLY)
    assert reply.pauses[-1]["start"] == "2025-09-26" and reply.pauses[-1]["end"] == "2025-10-27"
    # Day 1 (26 Sept) was used before the pause; 19 working days remain from 27 October.
    assert reply.due_date == D(2025, 11, 21)


def objected(reviewer, ir):
    consultation = consult(reviewer, ir, "甲公司", D(2025, 9, 26))
    services.consultation_answer(
        actor=reviewer,
        consultation=consultation,
        position=ConsultationPosition.OBJECT,
        answered_on=D(2025, 10, 9),
        summary="涉及商业秘密",
    )
    release_reviewed(reviewer, ir)
    return consultation


def test_disclosure_over_objection_needs_the_public_interest_finding(reviewer, ir):
    objected(reviewer, ir)
    with pytest.raises(GateRefused, match="公共利益") as exc:
        services.inforequest_decide(actor=reviewer, info_request=ir, outcome=Outcome.OPEN)
    assert exc.value.gate == "G12" and exc.value.field == "public_interest_finding"
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.OPEN,
        public_interest_finding="涉及周边居民饮用水安全，不公开会对公共利益造成重大影响。",
    )
    assert ir.public_interest_finding.startswith("涉及周边居民")
    decided = events_for(ir).get(action="inforequest.decided")
    assert "饮用水" in decided.data["public_interest_finding"]


def test_release_waits_for_the_notice_to_the_third_party(reviewer, ir):
    consultation = objected(reviewer, ir)
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.OPEN,
        decided_on=D(2025, 10, 15),
        public_interest_finding="不公开会对公共利益造成重大影响。",
    )
    reply = {"actor": reviewer, "info_request": ir, "delivery": Delivery.POST}
    with pytest.raises(GateRefused, match="甲公司"):
        services.inforequest_reply(**reply, replied_on=D(2025, 10, 20))
    services.consultation_disclosure_notice(
        actor=reviewer,
        consultation=consultation,
        content="环评批复全文",
        reasons="涉及饮用水安全，不公开会对公共利益造成重大影响。",
        sent_on=D(2025, 10, 20),
    )
    with pytest.raises(GateRefused, match="尚未送达"):
        services.inforequest_reply(**reply, replied_on=D(2025, 10, 21))
    services.consultation_disclosure_notice_delivered(
        actor=reviewer, consultation=consultation, delivered_on=D(2025, 10, 22)
    )
    with pytest.raises(GateRefused):  # not before the third party received it
        services.inforequest_reply(**reply, replied_on=D(2025, 10, 21))
    services.inforequest_reply(**reply, replied_on=D(2025, 10, 22))
    assert ir.status == Status.REPLIED
    actions = [e.action for e in events_for(ir)]
    assert "inforequest.disclosure_notice_sent" in actions
    assert "inforequest.disclosure_notice_delivered" in actions


def test_disclosure_notice_letter_to_the_third_party(reviewer, ir):
    """决定公开告知书: addressed to the third party, stating content and reasons (DOCX)."""
    consultation = objected(reviewer, ir)
    with pytest.raises(TransitionNotAllowed):
        services.letter_draft(
            actor=reviewer,
            info_request=ir,
            kind=LetterKind.DISCLOSURE,
            consultation=consultation,
        )
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.OPEN,
        decided_on=D(2025, 10, 15),
        public_interest_finding="该项目涉及周边居民饮用水安全。",
    )
    services.consultation_disclosure_notice(
        actor=reviewer,
        consultation=consultation,
        content="环评批复全文（含污染物排放数据）",
        reasons="排放数据关系公众健康，不公开会对公共利益造成重大影响。",
        sent_on=D(2025, 10, 16),
    )
    letter = services.letter_draft(
        actor=reviewer, info_request=ir, kind=LetterKind.DISCLOSURE, consultation=consultation
    )
    assert letter.addressee == "甲公司" and not letter.to_applicant
    text = docx_text(letter)
    assert "政府信息公开决定公开告知书" in text
    assert "2025年10月9日提出不同意公开的意见" in text
    assert "该项目涉及周边居民饮用水安全。" in text and "第三十二条" in text
    assert "决定公开的内容：环评批复全文（含污染物排放数据）" in text
    assert "决定公开的理由：排放数据关系公众健康" in text


def test_partial_disclosure_withholding_the_objected_part_needs_no_notice(reviewer, ir):
    consultation = objected(reviewer, ir)
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.PARTIAL,
        reasons="甲公司商业秘密部分不予公开（条例第十五条）。",
        decided_on=D(2025, 10, 15),
        third_party_part_withheld=True,
        withheld_grounds=[Outcome.THIRD_PARTY_RIGHTS],
    )
    assert ir.public_interest_finding == ""
    with pytest.raises(GateRefused):
        services.consultation_disclosure_notice(
            actor=reviewer, consultation=consultation, content="全文", reasons="公共利益"
        )
    services.inforequest_reply(
        actor=reviewer, info_request=ir, delivery=Delivery.POST, replied_on=D(2025, 10, 20)
    )
    assert ir.status == Status.REPLIED


# --- item 4: 补正 counted from the applicant's receipt (条例第三十条) ---------------------------


def test_correction_period_runs_from_the_applicants_receipt(reviewer, ir):
    services.inforequest_notify_correction(
        actor=reviewer,
        info_request=ir,
        items=["请写明项目名称"],
        period_days=10,
        notified_on=D(2025, 9, 29),
        received_on=D(2025, 10, 9),
        method=Delivery.POST,
    )
    # 10 working days from Thursday 9 October (Saturday 11 October is a working day).
    assert due(ir, ClockKind.CORRECTION_PERIOD) == D(2025, 10, 22)
    assert ir.correction_notice_received_on == D(2025, 10, 9)
    notice = ir.notices.get(kind=NoticeKind.CORRECTION)
    assert notice.delivered_on == D(2025, 10, 9) and notice.data["due"] == "2025-10-22"


def test_correction_notice_delivery_recorded_later_moves_the_period(reviewer, ir):
    services.inforequest_notify_correction(
        actor=reviewer,
        info_request=ir,
        items=["请写明项目名称"],
        period_days=10,
        notified_on=D(2025, 9, 29),
        method=Delivery.POST,
    )
    assert due(ir, ClockKind.CORRECTION_PERIOD) == D(2025, 10, 20)  # from the notice date
    services.inforequest_correction_notice_delivered(
        actor=reviewer, info_request=ir, received_on=D(2025, 10, 9)
    )
    assert due(ir, ClockKind.CORRECTION_PERIOD) == D(2025, 10, 22)
    assert ir.notices.get(kind=NoticeKind.CORRECTION).data["due"] == "2025-10-22"
    event = events_for(ir).get(action="inforequest.correction_notice_delivered")
    assert event.data["from_due"] == "2025-10-20" and event.data["correction_due"] == "2025-10-22"


def test_correction_receipt_cannot_precede_the_notice(reviewer, ir):
    with pytest.raises(InvalidInput) as exc:
        services.inforequest_notify_correction(
            actor=reviewer,
            info_request=ir,
            items=["名称"],
            period_days=10,
            notified_on=D(2025, 9, 29),
            received_on=D(2025, 9, 28),
        )
    assert exc.value.field == "received_on"


# --- item 9: 第三十五条 — reasons first, then 不予处理 or a delayed deadline ----------------------


def test_mass_request_refusal_needs_the_request_for_reasons(reviewer, ir):
    decide = {"actor": reviewer, "info_request": ir, "outcome": Outcome.NP_MASS}
    with pytest.raises(GateRefused, match="说明理由"):
        services.inforequest_decide(**decide, reasons="一个月内提出120件申请。")
    services.inforequest_request_reasons(
        actor=reviewer,
        info_request=ir,
        matters="您本月提出120件申请，请说明理由。",
        requested_on=D(2025, 9, 29),
    )
    assert ir.notices.get(kind=NoticeKind.REASONS).issued_on == D(2025, 9, 29)
    with pytest.raises(GateRefused):  # decided before the reasons were asked
        services.inforequest_decide(**decide, reasons="理由不合理", decided_on=D(2025, 9, 26))
    services.inforequest_decide(**decide, reasons="申请人未说明合理理由。")
    assert ir.outcome == Outcome.NP_MASS
    assert events_for(ir).filter(action="inforequest.reasons_requested").count() == 1


def test_mass_request_letter_names_the_request_for_reasons(reviewer, ir):
    """The reply letter states the step actually taken, with its date (rendered DOCX)."""
    services.inforequest_request_reasons(
        actor=reviewer, info_request=ir, matters="请说明理由。", requested_on=D(2025, 9, 29)
    )
    services.inforequest_decide(
        actor=reviewer, info_request=ir, outcome=Outcome.NP_MASS, reasons="未说明正当理由。"
    )
    letter = services.letter_draft(actor=reviewer, info_request=ir, kind=LetterKind.REPLY)
    text = docx_text(letter)
    assert "本机关已于2025年9月29日要求您说明理由，您未能说明正当理由" in text
    assert "第三十五条" in text and "不予处理" in text


def test_delayed_deadline_has_its_own_clock(reviewer, office_head, ir):
    with pytest.raises(TransitionNotAllowed, match="说明理由"):
        services.inforequest_set_delayed_deadline(
            actor=reviewer, info_request=ir, days=30, reason="数量大"
        )
    services.inforequest_request_reasons(
        actor=reviewer, info_request=ir, matters="请说明理由。", requested_on=D(2025, 9, 29)
    )
    services.inforequest_set_delayed_deadline(
        actor=reviewer,
        info_request=ir,
        days=30,
        reason="需逐件调取档案，无法在法定期限内答复。",
        applicant_reasons="用于学术研究",
        decided_on=D(2025, 10, 9),
    )
    reply = Clock.objects.open().for_subject(ir).get(kind=ClockKind.REPLY)
    assert reply.start_date == D(2025, 10, 9) and reply.days == 30
    # 30 working days from 9 October, counting Saturday 11 October.
    assert reply.due_date == D(2025, 11, 19)
    assert ir.delayed_days == 30 and ir.reasons_answer == "用于学术研究"
    assert ir.notices.get(kind=NoticeKind.DELAYED).data["reply_due"] == "2025-11-19"
    with pytest.raises(GateRefused, match="第三十五条"):
        services.inforequest_extend(actor=office_head, info_request=ir, days=10, reason="再延")


# --- item 11: extension within the original period (条例第三十三条第二款) ----------------------


def test_extension_is_communicated_within_the_original_period(office_head, ir):
    assert due(ir) == D(2025, 10, 29)
    with pytest.raises(GateRefused, match="原答复期限") as exc:
        services.inforequest_extend(
            actor=office_head,
            info_request=ir,
            days=10,
            reason="需调档",
            approved_on=D(2025, 10, 29),
            notified_on=D(2025, 10, 30),
        )
    assert exc.value.field == "notified_on"
    assert ir.extension_days == 0
    services.inforequest_extend(
        actor=office_head,
        info_request=ir,
        days=10,
        reason="需调档",
        approved_on=D(2025, 10, 28),
        notified_on=D(2025, 10, 29),
    )
    assert ir.extension_days == 10


# --- item 12: fees (条例第四十二条, 国办函〔2020〕109号) --------------------------------------


def fee(reviewer, ir, **kwargs):
    kwargs.setdefault("excess_finding", EXCESS)
    return services.inforequest_fee_notice(
        actor=reviewer, info_request=ir, mode=FeeMode.PER_VOLUME, pages=150, **kwargs
    )


def test_no_fee_without_the_excess_finding(reviewer, ir):
    with pytest.raises(GateRefused, match="合理范围") as exc:
        fee(reviewer, ir, excess_finding=" ", issued_on=D(2025, 10, 9))
    assert exc.value.field == "excess_finding"
    fee(reviewer, ir, issued_on=D(2025, 10, 9))
    assert ir.fee_excess_finding == EXCESS
    assert events_for(ir).get(action="inforequest.fee_notified").data["excess_finding"] == EXCESS


@pytest.mark.parametrize(
    ("form", "delivery"),
    [
        (ProvisionForm.READING, Delivery.PICKUP),
        (ProvisionForm.OTHER, Delivery.PICKUP),
        (ProvisionForm.EMAIL, Delivery.ONLINE),
    ],
)
def test_no_per_page_fee_for_reading_or_online_viewing(district, reviewer, form, delivery):
    ir = received(
        reviewer,
        district.education,
        D(2025, 9, 25),
        provision_form=form,
        delivery=delivery,
        email="wang@example.com",
    )
    with pytest.raises(GateRefused, match="按量计收") as exc:
        fee(reviewer, ir, issued_on=D(2025, 10, 9))
    assert exc.value.field == "mode"
    assert ir.fee_notice_on is None


def test_fee_notice_only_within_the_reply_period(reviewer, ir):
    with pytest.raises(GateRefused, match="答复期限") as exc:
        fee(reviewer, ir, issued_on=D(2025, 10, 30))
    assert exc.value.field == "issued_on"
    fee(reviewer, ir, issued_on=D(2025, 10, 29))
    assert ir.status == Status.PAUSED_FEE


def test_withdrawal_closes_every_parallel_window(reviewer, ir):
    first = consult(reviewer, ir, "甲公司", D(2025, 9, 26))
    second = consult(reviewer, ir, "乙公司", D(2025, 9, 29))
    services.inforequest_withdraw(actor=reviewer, info_request=ir, withdrawn_on=D(2025, 10, 10))
    assert ir.status == Status.TERMINATED
    windows = Clock.objects.in_bulk([first.window_clock_id, second.window_clock_id])
    assert all(w.closed_on == D(2025, 10, 10) for w in windows.values())
    assert not ir.consultations.filter(ended_on__isnull=True).exists()
