"""Submission and receipt (条例第二十九条、第三十一条): case numbers, query codes, idempotency."""

from datetime import date

import pytest

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import events_for
from gongkai.inforequests import services
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.codes import query_code_matches
from gongkai.inforequests.models import ApplicantType, IdType, InfoRequest, OrganisationType
from gongkai.inforequests.selectors import inbox_for, inforequest_for_tracking
from gongkai.inforequests.signals import inforequest_event
from gongkai.inforequests.tests.factories import application, at
from gongkai.inforequests.workflow import Channel, Status

pytestmark = pytest.mark.django_db


def submit(district, **kwargs):
    kwargs.setdefault("data", application())
    return services.inforequest_submit(organ=district.education, channel=Channel.ONLINE, **kwargs)


def fax(district, reviewer, on, **kwargs):
    """A fax registered by the office on ``on``, its receipt still to be confirmed."""
    return services.inforequest_submit(
        organ=district.education,
        channel=Channel.FAX,
        data=application(),
        actor=reviewer,
        submitted_at=at(on),
        **kwargs,
    ).info_request


def test_online_submission_is_acknowledged_automatically(district):
    """条例第三十一条: the online platform confirms at once; the reply clock starts that day."""
    result = submit(
        district,
        submitted_at=at(date(2025, 9, 25)),
        remote_ip="203.0.113.9",
        user_agent="Mozilla/5.0",
    )
    ir = result.info_request
    assert result.created
    assert ir.status == Status.RECEIVED and not ir.needs_receipt_confirmation
    assert ir.received_date == date(2025, 9, 25) and ir.receipt_confirm_due is None
    assert "系统即时确认" in ir.receipt_basis
    assert ir.case_number == "YSQ-2025-000001"
    assert ir.remote_ip == "203.0.113.9" and ir.user_agent == "Mozilla/5.0"
    clocks = {c.kind: c.due_date for c in Clock.objects.for_subject(ir)}
    assert clocks[ClockKind.REPLY] == date(2025, 10, 29)
    actions = [e.action for e in events_for(ir) if e.action.startswith("inforequest.")]
    assert actions == ["inforequest.submitted", "inforequest.received"]


def test_fax_gets_a_confirmation_limit_and_an_inbox_alert(district, reviewer):
    # Friday 26 September 2025: one working day later is Sunday 28 September, a make-up
    # working day (调休上班日).
    ir = fax(district, reviewer, date(2025, 9, 26))
    assert ir.status == Status.SUBMITTED and ir.receipt_confirm_due == date(2025, 9, 28)
    sections = {s.key: s.info_requests for s in inbox_for(reviewer, date(2025, 9, 28))}
    assert ir in sections["to_confirm"] and ir not in sections["confirm_overdue"]
    sections = {s.key: s.info_requests for s in inbox_for(reviewer, date(2025, 9, 29))}
    assert ir in sections["confirm_overdue"]


def test_staff_cannot_push_the_receipt_date_past_the_limit(district, reviewer, office_head):
    ir = fax(district, reviewer, date(2025, 9, 26))
    with pytest.raises(GateRefused, match="确认时限"):
        services.inforequest_confirm_receipt(
            actor=reviewer, info_request=ir, received_date=date(2025, 9, 30), note="电话未接通"
        )
    with pytest.raises(InvalidInput, match="说明理由"):
        services.inforequest_confirm_receipt(
            actor=office_head, info_request=ir, received_date=date(2025, 9, 30)
        )
    assert ir.received_date is None
    # The office head may, with a recorded reason (申请人无法联系, 207号).
    services.inforequest_confirm_receipt(
        actor=office_head,
        info_request=ir,
        received_date=date(2025, 9, 30),
        note="申请人留存电话无法接通，9月30日恢复联系",
    )
    assert ir.received_date == date(2025, 9, 30)
    late = events_for(ir).get(action="inforequest.receipt_confirmed_late")
    assert late.actor == office_head and late.data["confirm_due"] == "2025-09-28"


def test_registration_cannot_fix_a_receipt_date_past_the_limit(district, reviewer):
    with pytest.raises(GateRefused, match="确认时限"):
        fax(district, reviewer, date(2025, 9, 26), received_date=date(2025, 10, 9))


def test_query_code_is_returned_once_and_only_its_hash_is_stored(district):
    result = submit(district)
    code = result.query_code
    assert code and len(code) == 12
    ir = InfoRequest.objects.get()
    assert code not in ir.query_code_hash
    assert query_code_matches(ir.case_number, code, ir.query_code_hash)
    assert inforequest_for_tracking(ir.case_number, code.lower()) == ir
    assert inforequest_for_tracking(ir.case_number, "WRONGCODE234") is None


def test_case_numbers_are_serial_per_year(district):
    numbers = [submit(district).info_request.case_number for _ in range(3)]
    assert numbers == ["YSQ-2025-000001", "YSQ-2025-000002", "YSQ-2025-000003"]
    later = submit(district, submitted_at=at(date(2026, 1, 2))).info_request
    assert later.case_number == "YSQ-2026-000001"


def test_double_click_creates_one_case_with_the_same_query_code(district):
    first = submit(district, client_token="form-7f3a9c")
    second = submit(district, client_token="form-7f3a9c")
    assert first.created and not second.created
    assert first.info_request.pk == second.info_request.pk
    assert second.query_code == first.query_code
    assert InfoRequest.objects.count() == 1


def test_same_key_from_another_applicant_is_another_case(district):
    first = submit(district, client_token="same-key")
    other = submit(
        district,
        client_token="same-key",
        data=application(applicant_name="李四", id_type=IdType.PASSPORT, id_number="E12345678"),
    )
    assert other.created
    assert other.info_request.pk != first.info_request.pk


def test_in_person_receipt_is_the_submission_day(district, reviewer):
    result = services.inforequest_submit(
        organ=district.education,
        channel=Channel.IN_PERSON,
        data=application(),
        actor=reviewer,
        submitted_at=at(date(2025, 9, 25)),
    )
    ir = result.info_request
    assert ir.status == Status.RECEIVED
    assert ir.received_date == date(2025, 9, 25)
    assert "当面提交" in ir.receipt_basis
    clocks = {c.kind: c.due_date for c in Clock.objects.for_subject(ir)}
    assert clocks == {
        ClockKind.REPLY: date(2025, 10, 29),
        ClockKind.CORRECTION_NOTICE: date(2025, 10, 11),
    }
    assert [e.action for e in events_for(ir)] == [
        "inforequest.submitted",
        "clock.opened",
        "clock.opened",
        "inforequest.received",
    ]


def test_registered_letter_receipt_is_the_date_signed(district, reviewer):
    ir = services.inforequest_submit(
        organ=district.education,
        channel=Channel.REGISTERED_POST,
        data=application(),
        actor=reviewer,
        submitted_at=at(date(2025, 4, 28)),
        received_date=date(2025, 4, 25),
    ).info_request
    assert ir.received_date == date(2025, 4, 25)
    assert "签收" in ir.receipt_basis


def test_confirm_receipt_of_a_fax(district, reviewer):
    ir = fax(district, reviewer, date(2025, 9, 24))
    services.inforequest_confirm_receipt(
        actor=reviewer, info_request=ir, received_date=date(2025, 9, 25)
    )
    assert ir.status == Status.RECEIVED
    assert ir.received_date == date(2025, 9, 25)
    assert "双方确认" in ir.receipt_basis
    with pytest.raises(TransitionNotAllowed):
        services.inforequest_confirm_receipt(
            actor=reviewer, info_request=ir, received_date=date(2025, 9, 25)
        )


def test_confirmation_cannot_precede_submission_or_be_in_the_future(district, reviewer):
    ir = fax(district, reviewer, date(2025, 12, 15))
    with pytest.raises(InvalidInput, match="早于提交"):
        services.inforequest_confirm_receipt(
            actor=reviewer, info_request=ir, received_date=date(2025, 12, 14)
        )
    with pytest.raises(InvalidInput, match="晚于今天"):
        services.inforequest_confirm_receipt(
            actor=reviewer, info_request=ir, received_date=date(2025, 12, 16)
        )


def test_only_the_organs_office_confirms_receipt(district, reviewer, other_reviewer, clerk):
    ir = fax(district, reviewer, date(2025, 12, 15))
    for user in (other_reviewer, clerk, None):
        with pytest.raises(NotPermitted):
            services.inforequest_confirm_receipt(
                actor=user, info_request=ir, received_date=date(2025, 12, 15)
            )


def test_anonymous_cannot_register_offline_channels_or_fix_the_date(district):
    with pytest.raises(NotPermitted):
        services.inforequest_submit(
            organ=district.education, channel=Channel.IN_PERSON, data=application()
        )
    with pytest.raises(InvalidInput):
        submit(district, received_date=date(2025, 12, 1))


def test_in_person_date_cannot_be_overridden(district, reviewer):
    with pytest.raises(InvalidInput, match="提交之日"):
        services.inforequest_submit(
            organ=district.education,
            channel=Channel.IN_PERSON,
            data=application(),
            actor=reviewer,
            submitted_at=at(date(2025, 9, 25)),
            received_date=date(2025, 9, 24),
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),  # checksum
        ({"applicant_name": " "}, "applicant_name"),
        ({"applicant_type": ApplicantType.ORGANISATION}, "organisation_type"),
        ({"organisation_type": OrganisationType.COMMERCIAL}, "organisation_type"),
        ({"phone": "", "email": "", "address": "", "delivery": "pickup"}, "phone"),
        ({"info_title": "", "info_description": ""}, "info_description"),
        ({"email": "not-an-email"}, "email"),
        ({"postcode": "1160"}, "postcode"),
        ({"delivery": "email", "email": ""}, "email"),
        ({"delivery": "post", "address": ""}, "address"),
        ({"provision_form": "carrier_pigeon"}, "provision_form"),
        ({"id_type": IdType.USCC, "id_number": "91350100M000100Y44"}, "id_number"),
        ({"favourite_colour": "red"}, "favourite_colour"),
        ({"document": 999999}, "document"),
    ],
)
def test_invalid_applications_are_refused_per_field(district, overrides, field):
    with pytest.raises(InvalidInput) as exc:
        submit(district, data=application(**overrides))
    assert exc.value.field == field
    assert InfoRequest.objects.count() == 0


def test_organisation_applicant(district):
    ir = submit(
        district,
        data=application(
            applicant_type=ApplicantType.ORGANISATION,
            organisation_type=OrganisationType.LEGAL_SERVICES,
            applicant_name="示范律师事务所",
            id_type=IdType.OTHER,
            id_number="31210000123456789X",
        ),
    ).info_request
    assert ir.table3_column == "legal_services"


def test_doc_number_is_normalised_for_grouping(district):
    ir = submit(district, data=application(info_doc_number="示政发[2024]03号")).info_request
    assert ir.info_doc_number == "示政发[2024]03号"
    assert ir.doc_number_key == "示政发〔2024〕3号"


def test_event_signal_is_sent_on_commit(district, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, info_request_id, action, **kwargs):
        received.append(action)

    inforequest_event.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            submit(district)
    finally:
        inforequest_event.disconnect(receiver)
    assert len(callbacks) == 2
    assert received == ["inforequest.submitted", "inforequest.received"]
