"""The services of the 舆情 module: allocation (§8.1), the mechanism steps, responses
meeting the clocks, the leader for major cases, disputes, 解疑释惑 notices, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.concerns import allocation, services
from gongkai.concerns.clocks import ClockKind
from gongkai.concerns.models import CaseNotice, OpinionCase
from gongkai.concerns.selectors import case_clocks
from gongkai.concerns.tests.conftest import at
from gongkai.concerns.tests.factories import new_case, respond
from gongkai.concerns.workflow import AllocationRule, ResponseForm, Severity, Status, StepKind
from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import events_for
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.organizations.models import OrganKind
from gongkai.organizations.tests.factories import OrganFactory

pytestmark = pytest.mark.django_db


# --- allocation (domain.md §8.1) ------------------------------------------------------------


def test_department_involved_is_first_responsible_body(cast):  # type: ignore[no-untyped-def]
    d = cast.district
    proposal = allocation.propose([d.education])
    assert proposal.organ == d.education
    assert proposal.rule == AllocationRule.DEPARTMENT
    assert proposal.coordinators == [d.office, cast.propaganda]


def test_vertically_managed_department(cast):  # type: ignore[no-untyped-def]
    tax = OrganFactory(slug="tax", name="示范区税务局", kind=OrganKind.DEPARTMENT,
                       parent=cast.district.government, vertically_managed=True)  # fmt: skip
    proposal = allocation.propose([tax])
    assert proposal.organ == tax
    assert proposal.rule == AllocationRule.VERTICAL


def test_several_departments_first_named_leads(cast):  # type: ignore[no-untyped-def]
    d = cast.district
    proposal = allocation.propose([d.finance, d.education])
    assert proposal.organ == d.finance
    assert proposal.rule == AllocationRule.SEVERAL_DEPARTMENTS
    assert proposal.co_responders == [d.education]


def test_several_localities_go_to_the_higher_department(cast):  # type: ignore[no-untyped-def]
    d = cast.district
    east = OrganFactory(
        slug="east", name="东城街道", kind=OrganKind.SUBDISTRICT, parent=d.government
    )
    west = OrganFactory(
        slug="west", name="西城街道", kind=OrganKind.SUBDISTRICT, parent=d.government
    )
    with_department = allocation.propose([east, west, d.education])
    assert with_department.organ == d.education
    assert with_department.rule == AllocationRule.SEVERAL_LOCALITIES
    assert set(with_department.co_responders) == {east, west}
    # No competent department named: the office designates, each locality answers locally.
    alone = allocation.propose([east, west])
    assert alone.organ == d.office
    assert alone.rule == AllocationRule.UNASSIGNED


def test_nothing_named_the_office_designates(cast):  # type: ignore[no-untyped-def]
    proposal = allocation.propose([])
    assert proposal.organ == cast.district.office
    assert proposal.rule == AllocationRule.UNASSIGNED


def test_without_propaganda_department_the_office_coordinates_alone(district, settings):  # type: ignore[no-untyped-def]
    settings.GONGKAI_CONCERNS_PROPAGANDA_ORGAN = "nonexistent"
    assert allocation.propose([district.education]).coordinators == [district.office]


# --- intake ---------------------------------------------------------------------------------


def test_intake_records_collection_and_proposal(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[cast.district.education])
    assert case.status == Status.COLLECTED
    assert case.number.startswith("YQ-2025-")
    assert case.proposed_organ == cast.district.education
    assert case.responsible_organ is None
    assert set(case.coordinators.all()) == {cast.district.office, cast.propaganda}
    assert [s.kind for s in case.steps.all()] == [StepKind.COLLECTION]
    assert [e.action for e in events_for(case)][:2] == ["opinion_case.created", "clock.opened"] or {
        "opinion_case.created",
        "clock.opened",
    } <= {e.action for e in events_for(case)}


def test_only_coordinators_register_cases(cast):  # type: ignore[no-untyped-def]
    with pytest.raises(NotPermitted):
        new_case(cast.clerk, at("2025-06-10 09:00"))
    new_case(cast.press_desk, at("2025-06-10 09:00"))


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("topic", {"topic": "  "}),
        ("summary", {"summary": ""}),
        ("severity", {"severity": "huge"}),
        ("link", {"link": "javascript:alert(1)"}),
        ("topic", {"topic": "长" * 201}),
    ],
)
def test_intake_bad_input(cast, field, change):  # type: ignore[no-untyped-def]
    data = services.CaseData(
        detected_at=at("2025-06-10 09:00"), source="微博", summary="摘要", topic="主题",
        severity=Severity.MAJOR,
    )  # fmt: skip
    with pytest.raises(InvalidInput) as exc:
        services.case_create(
            actor=cast.gov_office, data=services.CaseData(**{**data.__dict__, **change})
        )
    assert exc.value.field == field
    assert not OpinionCase.objects.exists()


def test_detection_in_the_future_is_refused(cast):  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput) as exc:
        new_case(cast.gov_office, timezone.now() + timedelta(hours=2))
    assert exc.value.field == "detected_at"


def test_intake_is_idempotent_on_client_token(cast):  # type: ignore[no-untyped-def]
    data = services.CaseData(detected_at=at("2025-06-10 09:00"), source="微博", summary="摘要",
                             topic="主题", severity=Severity.MAJOR)  # fmt: skip
    first = services.case_create(actor=cast.gov_office, data=data, client_token="t1")
    again = services.case_create(actor=cast.gov_office, data=data, client_token="t1")
    assert first.pk == again.pk
    assert OpinionCase.objects.count() == 1


# --- allocation by staff and disputes ---------------------------------------------------------


def test_confirm_or_change_with_reason(cast):  # type: ignore[no-untyped-def]
    d = cast.district
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[d.education])
    with pytest.raises(InvalidInput) as exc:
        services.case_allocate(actor=cast.gov_office, case=case, organ=d.finance)
    assert exc.value.field == "reason"
    with pytest.raises(NotPermitted):
        services.case_allocate(actor=cast.head, case=case, organ=d.education)
    services.case_allocate(
        actor=cast.gov_office, case=case, organ=d.finance, reason="校车经费由财政局管理"
    )
    case.refresh_from_db()
    assert case.status == Status.CONSULTING
    assert case.responsible_organ == d.finance
    assert case.allocation_reason == "校车经费由财政局管理"


def test_department_disputes_office_decides(cast):  # type: ignore[no-untyped-def]
    d = cast.district
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), organs=[d.education])
    services.case_allocate(actor=cast.gov_office, case=case, organ=d.education)
    with pytest.raises(NotPermitted):
        services.case_dispute(actor=cast.other_reviewer, case=case, reason="不归我们")
    with pytest.raises(InvalidInput):
        services.case_dispute(actor=cast.reviewer, case=case, reason=" ")
    services.case_dispute(actor=cast.reviewer, case=case, reason="校车运营属交通部门职责")
    case.refresh_from_db()
    assert case.status == Status.DISPUTED
    with pytest.raises(NotPermitted):
        services.case_decide(actor=cast.press_desk, case=case, organ=d.finance, reason="x")
    services.case_decide(
        actor=cast.gov_office, case=case, organ=d.finance, reason="经会商由财政局牵头"
    )
    case.refresh_from_db()
    assert case.status == Status.CONSULTING
    assert case.responsible_organ == d.finance
    assert "opinion_case.dispute_decided" in {e.action for e in events_for(case)}


# --- the mechanism and responses ---------------------------------------------------------------


def _allocated(cast, severity=Severity.MAJOR, when="2025-06-10 09:00"):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at(when), severity=severity, organs=[cast.district.education])
    return services.case_allocate(actor=cast.gov_office, case=case, organ=cast.district.education)


def test_full_mechanism_collection_to_evaluation(cast):  # type: ignore[no-untyped-def]
    case = _allocated(cast)
    services.case_consult(
        actor=cast.head, case=case, note="与区委宣传部会商口径", participants="教育局、宣传部"
    )
    services.case_analyse(actor=cast.reviewer, case=case, note="研判为不实信息，需发布权威信息")
    respond(cast.reviewer, case, at("2025-06-10 12:30"))
    respond(cast.head, case, at("2025-06-10 16:00"), form=ResponseForm.PRESS_CONFERENCE)
    with pytest.raises(TransitionNotAllowed):
        services.case_evaluate(actor=cast.gov_office, case=case, evaluation="x")
    services.case_finish(actor=cast.head, case=case)
    services.case_evaluate(actor=cast.gov_office, case=case, evaluation="回应及时，舆情平息")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert [s.kind for s in case.steps.all()] == [
        StepKind.COLLECTION, StepKind.CONSULTATION, StepKind.ANALYSIS,
        StepKind.RESPONSE, StepKind.RESPONSE, StepKind.EVALUATION,
    ]  # fmt: skip
    assert all(c.closed_on is not None for c in case_clocks(case))
    assert case.next_due_at is None


def test_responses_meet_the_clocks_they_answer(cast):  # type: ignore[no-untyped-def]
    case = _allocated(cast)
    respond(cast.reviewer, case, at("2025-06-10 11:00"), form=ResponseForm.WEBSITE)
    case.refresh_from_db()
    open_kinds = {c.kind for c in case_clocks(case) if c.closed_on is None}
    assert open_kinds == {
        ClockKind.RELEASE,
        ClockKind.PRESS,
    }  # a post is not authoritative information
    respond(cast.reviewer, case, at("2025-06-10 13:00"), form=ResponseForm.RELEASE)
    case.refresh_from_db()
    assert {c.kind for c in case_clocks(case) if c.closed_on is None} == {ClockKind.PRESS}
    assert timezone.localtime(case.release_met_at).strftime("%H:%M") == "13:00"
    assert timezone.localtime(case.next_due_at).strftime("%m-%d %H:%M") == "06-11 09:00"
    respond(cast.head, case, at("2025-06-11 08:00"), form=ResponseForm.PRESS_CONFERENCE)
    case.refresh_from_db()
    assert case.next_due_at is None


def test_leader_recorded_for_major_cases(cast):  # type: ignore[no-untyped-def]
    case = _allocated(cast)
    with pytest.raises(InvalidInput) as exc:
        respond(
            cast.head, case, at("2025-06-10 10:00"), form=ResponseForm.PRESS_CONFERENCE, speaker=""
        )
    assert exc.value.field == "speaker"
    ordinary = _allocated(cast, severity=Severity.ORDINARY)
    respond(cast.head, ordinary, at("2025-06-10 10:00"), form=ResponseForm.INTERVIEW, speaker="")


def test_response_time_bounds(cast):  # type: ignore[no-untyped-def]
    case = _allocated(cast)
    with pytest.raises(InvalidInput):
        respond(cast.head, case, at("2025-06-10 08:59"))
    with pytest.raises(InvalidInput):
        respond(cast.head, case, timezone.now() + timedelta(hours=1))


def test_a_release_may_precede_allocation(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"), severity=Severity.MAJOR,
                    organs=[cast.district.education])  # fmt: skip
    respond(cast.gov_office, case, at("2025-06-10 10:00"))
    case.refresh_from_db()
    assert case.status == Status.COLLECTED
    assert case.release_met_at is not None


def test_publish_and_unpublish(cast):  # type: ignore[no-untyped-def]
    case = _allocated(cast)
    response = respond(cast.reviewer, case, at("2025-06-10 10:00"))
    with pytest.raises(NotPermitted):
        services.response_publish(actor=cast.clerk, response=response)
    services.response_publish(actor=cast.reviewer, response=response)
    with pytest.raises(TransitionNotAllowed):
        services.response_publish(actor=cast.reviewer, response=response)
    with pytest.raises(InvalidInput):
        services.response_unpublish(actor=cast.reviewer, response=response, reason="")
    services.response_unpublish(actor=cast.reviewer, response=response, reason="措辞需修改")
    response.refresh_from_db()
    assert response.published_at is None


def test_dismiss_stops_the_clocks(cast):  # type: ignore[no-untyped-def]
    case = new_case(cast.gov_office, at("2025-06-10 09:00"))
    with pytest.raises(InvalidInput):
        services.case_dismiss(actor=cast.gov_office, case=case, reason="")
    services.case_dismiss(actor=cast.gov_office, case=case, reason="属商业纠纷，非政务舆情")
    case.refresh_from_db()
    assert case.status == Status.DISMISSED
    assert all(c.closed_on is not None for c in case_clocks(case))


# --- 解疑释惑 ---------------------------------------------------------------------------------


def test_policy_document_notifies_its_interpreting_department(
    cast, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    d = cast.district
    cast.reviewer.email = "reviewer@example.gov.cn"
    cast.reviewer.save(update_fields=["email"])
    policy = DocumentFactory(
        organ=d.education, is_policy=True, title="示范区义务教育阶段招生工作实施办法"
    )
    plain = DocumentFactory(organ=d.finance, is_policy=False)
    with django_capture_on_commit_callbacks(execute=True):
        case = new_case(cast.gov_office, at("2025-06-10 09:00"), documents=[policy, plain])
    notices = list(CaseNotice.objects.filter(case=case))
    assert [(n.document_id, n.organ_id) for n in notices] == [(policy.pk, d.education.pk)]
    assert notices[0].emailed == len(mail.outbox[0].to) >= 1
    assert len(mail.outbox) == 1
    assert "解疑释惑" in mail.outbox[0].subject
    assert "reviewer@example.gov.cn" in mail.outbox[0].to
