"""Handling, decision, reply and archive: rows, audit events and guards."""

from datetime import date

import pytest
from django.utils import translation

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import AuditEvent, events_for
from gongkai.inforequests import services
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.models import Delivery, NoticeKind, Outcome
from gongkai.inforequests.tests.factories import received, release_reviewed
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def ir(district, reviewer):
    return received(reviewer, district.education, D(2025, 9, 25))


def test_full_path_records_every_step(district, reviewer, ir):
    services.inforequest_assign(
        actor=reviewer,
        info_request=ir,
        department=district.finance,
        co_departments=[district.office, district.finance],
    )
    assert ir.status == Status.IN_PROCESS and ir.handling_department == district.finance
    assert list(ir.co_handling_departments.all()) == [
        district.office
    ]  # the lead is not also a co-department

    release_reviewed(reviewer, ir)
    services.inforequest_decide(
        actor=reviewer, info_request=ir, outcome=Outcome.OPEN, decided_on=D(2025, 10, 15)
    )
    assert ir.status == Status.DECIDED and ir.outcome == Outcome.OPEN
    assert Clock.objects.open().for_subject(ir).get().kind == ClockKind.REPLY  # window clock closed

    services.inforequest_reply(
        actor=reviewer, info_request=ir, delivery=Delivery.POST, replied_on=D(2025, 10, 16)
    )
    assert ir.status == Status.REPLIED and ir.closed_on == D(2025, 10, 16)
    assert not Clock.objects.open().for_subject(ir).exists()
    assert ir.notices.get(kind=NoticeKind.REPLY).method == Delivery.POST

    services.inforequest_archive(actor=reviewer, info_request=ir)
    assert ir.status == Status.ARCHIVED and ir.archived_at is not None

    actions = [e.action for e in events_for(ir) if e.action.startswith("inforequest.")]
    assert actions == [
        "inforequest.submitted",
        "inforequest.received",
        "inforequest.assigned",
        "inforequest.release_reviewed",
        "inforequest.decided",
        "inforequest.replied",
        "inforequest.archived",
    ]
    replied = events_for(ir).get(action="inforequest.replied")
    assert (
        replied.actor == reviewer
        and replied.from_state == "decided"
        and replied.to_state == "replied"
    )
    assert replied.data["on_time"] is True and replied.data["reply_due"] == "2025-10-29"


def test_refusals_are_in_the_active_language(reviewer, office_head, ir):
    """Service messages, labels inside them included, follow the active language."""
    decide = {"actor": reviewer, "info_request": ir, "outcome": Outcome.OPEN}
    with pytest.raises(InvalidInput) as exc:
        services.inforequest_decide(**decide, decided_on=D(2025, 9, 1))
    assert exc.value.message == "决定日期不能早于收到申请之日（2025-09-25）。"
    with translation.override("en"), pytest.raises(InvalidInput) as exc:
        services.inforequest_decide(**decide, decided_on=D(2025, 9, 1))
    assert exc.value.message == (
        "The decision date cannot be earlier than the date of receipt (2025-09-25)."
    )

    extend = {"actor": office_head, "info_request": ir, "reason": "需要调取档案"}
    services.inforequest_extend(**extend, days=10, approved_on=D(2025, 10, 9))
    with pytest.raises(GateRefused) as exc:
        services.inforequest_extend(**extend, days=5, approved_on=D(2025, 10, 10))
    assert exc.value.message == "答复期限只能延长一次（条例第三十三条第二款），本申请已经延长。"
    with translation.override("en"), pytest.raises(GateRefused) as exc:
        services.inforequest_extend(**extend, days=5, approved_on=D(2025, 10, 10))
    assert exc.value.message == (
        "The reply period can be extended only once (Art. 33(2) of the Regulations), "
        "and it has already been extended for this request."
    )


def test_decision_can_be_corrected_before_the_reply(reviewer, ir):
    release_reviewed(reviewer, ir)
    services.inforequest_decide(actor=reviewer, info_request=ir, outcome=Outcome.OPEN)
    release_reviewed(reviewer, ir)
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.PARTIAL,
        reasons="部分涉及个人隐私",
        withheld_grounds=[Outcome.THIRD_PARTY_RIGHTS],
    )
    assert ir.outcome == Outcome.PARTIAL and ir.withheld_grounds == [Outcome.THIRD_PARTY_RIGHTS]


@pytest.mark.parametrize(
    ("outcome", "reasons", "field"),
    [
        (Outcome.STATE_SECRET, "", "reasons"),  # reasons required for anything but 予以公开
        (Outcome.OTHER_NO_CORRECTION, "x", "outcome"),  # only the system sets it
        (Outcome.OTHER_NO_FEE, "x", "outcome"),
        (Outcome.NA_UNCLEAR, "仍不明确", "outcome"),  # never corrected
        ("maybe", "x", "outcome"),
    ],
)
def test_invalid_decisions(reviewer, ir, outcome, reasons, field):
    with pytest.raises(InvalidInput) as exc:
        release_reviewed(reviewer, ir)
        services.inforequest_decide(
            actor=reviewer, info_request=ir, outcome=outcome, reasons=reasons
        )
    assert exc.value.field == field
    ir.refresh_from_db()
    assert ir.status == Status.RECEIVED and ir.outcome == ""


def test_denial_reuses_the_document_reason_codes(reviewer, ir):
    from gongkai.documents.models import ReasonCode

    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=ReasonCode.THIRD_PARTY_RIGHTS.value,
        reasons="第三方不同意公开且理由合理",
    )
    assert ir.outcome == Outcome.THIRD_PARTY_RIGHTS == "THIRD_PARTY_RIGHTS"


def test_transfer_names_the_responsible_organ(reviewer, ir):
    services.inforequest_transfer(
        actor=reviewer,
        info_request=ir,
        organ_name="示范区自然资源局",
        organ_contact="0411-88888888",
    )
    assert ir.outcome == Outcome.NA_NOT_HELD
    assert ir.transferred_to_name == "示范区自然资源局"
    assert "示范区自然资源局" in ir.decision_reasons
    assert (
        events_for(ir).get(action="inforequest.transferred").data["transferred_to"]
        == "示范区自然资源局"
    )


def test_reply_needs_a_decision(reviewer, ir):
    with pytest.raises(TransitionNotAllowed, match="不能执行“答复”"):
        services.inforequest_reply(actor=reviewer, info_request=ir, delivery=Delivery.EMAIL)


def test_withdrawal_closes_as_other(reviewer, ir):
    services.inforequest_withdraw(
        actor=reviewer, info_request=ir, withdrawn_on=D(2025, 10, 9), reason="已自行获取"
    )
    assert ir.status == Status.TERMINATED
    assert ir.outcome == Outcome.OTHER_OTHER and ir.closed_on == D(2025, 10, 9)
    assert not Clock.objects.open().for_subject(ir).exists()
    services.inforequest_archive(actor=reviewer, info_request=ir)
    assert ir.status == Status.ARCHIVED


def test_other_organs_officer_is_not_permitted_and_nothing_is_written(
    other_reviewer, clerk, citizen, ir
):
    before = AuditEvent.objects.count()
    for user in (other_reviewer, clerk, citizen, None):
        with pytest.raises(NotPermitted):
            release_reviewed(user, ir)
            services.inforequest_decide(actor=user, info_request=ir, outcome=Outcome.OPEN)
    assert AuditEvent.objects.count() == before


def test_district_openness_office_covers_departments(district, ir):
    from gongkai.accounts.models import Role
    from gongkai.accounts.tests.factories import UserFactory

    district_office = UserFactory(
        username="district_office", roles=[(district.government, Role.OPENNESS_OFFICER)]
    )
    release_reviewed(district_office, ir)
    services.inforequest_decide(actor=district_office, info_request=ir, outcome=Outcome.OPEN)
    assert ir.status == Status.DECIDED


def test_dates_cannot_be_in_the_future_or_before_receipt(reviewer, ir):
    with pytest.raises(InvalidInput, match="晚于今天"):
        release_reviewed(reviewer, ir)
        services.inforequest_decide(
            actor=reviewer, info_request=ir, outcome=Outcome.OPEN, decided_on=D(2025, 12, 16)
        )
    with pytest.raises(InvalidInput, match="早于收到申请之日"):
        release_reviewed(reviewer, ir)
        services.inforequest_decide(
            actor=reviewer, info_request=ir, outcome=Outcome.OPEN, decided_on=D(2025, 9, 24)
        )


def test_correction_after_assignment_returns_to_the_department(district, reviewer, ir):
    services.inforequest_assign(actor=reviewer, info_request=ir, department=district.finance)
    services.inforequest_notify_correction(
        actor=reviewer, info_request=ir, items=["名称"], period_days=5, notified_on=D(2025, 9, 29)
    )
    services.inforequest_receive_correction(
        actor=reviewer, info_request=ir, corrected_on=D(2025, 9, 30)
    )
    assert ir.status == Status.IN_PROCESS
    # 补正后申请内容仍不明确 is possible now.
    services.inforequest_decide(
        actor=reviewer,
        info_request=ir,
        outcome=Outcome.NA_UNCLEAR,
        reasons="补正后仍无法确定所需信息",
    )
    assert ir.outcome == Outcome.NA_UNCLEAR


def test_withdrawal_during_a_consultation_ends_it(reviewer, ir):
    consultation = services.consultation_start(
        actor=reviewer, info_request=ir, kind="third_party", party="某公司", sent_on=D(2025, 10, 9)
    )
    services.inforequest_withdraw(actor=reviewer, info_request=ir, withdrawn_on=D(2025, 10, 10))
    consultation.refresh_from_db()
    assert consultation.ended_on == D(2025, 10, 10)
    assert not Clock.objects.open().for_subject(ir).exists()
