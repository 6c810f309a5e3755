"""Gate G8: 谁起草谁解读, 三同步 — no policy document accepted or published without its
signed-off interpretation, and both are published in one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.exceptions import GateRefused
from gongkai.core.kit import hooks
from gongkai.core.models import events_for
from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute, ReturnCategory
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations import gates
from gongkai.interpretations import services as interpretation_services
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import Status

pytestmark = pytest.mark.django_db

PUBLISH_DAY = date(2026, 11, 20)


def test_hooks_are_registered_once():
    from django.apps import apps

    apps.get_app_config("interpretations").ready()  # a second ready() adds nothing
    assert hooks.registered("pre_government_checks").count(gates.check_g8_for_government) == 1
    assert hooks.registered("pre_publish_checks").count(gates.check_g8_before_publish) == 1
    assert hooks.registered("pre_sign_off_checks").count(gates.check_g8_at_sign_off) == 1
    assert (
        hooks.registered("publish_companions").count(
            interpretation_services.interpretations_publish_with
        )
        == 1
    )


def _draft_for_government(district, clerk, head, **data):
    """A 代拟稿 at the government office. Reaching it through the services needs a signed-off
    interpretation (同步审签); the factory puts it there without one, as when the
    interpretation's sign-off was withdrawn after the department head signed the draft."""
    fields = {
        "title": "示范区人民政府关于促进学前教育普惠发展的意见",
        "attribute": Attribute.PROACTIVE,
        "for_government": True,
        "is_policy": True,
        **data,
    }
    return DocumentFactory(
        organ=district.education, status=DocumentStatus.GOVERNMENT_OFFICE, **fields
    )


def test_head_signs_off_a_policy_document_only_with_its_signed_off_interpretation(
    district, clerk, head, make_interpretation
):
    # 三同步 (Dalian seed 二: 同步审签): the interpretation is signed off with the document.
    doc = document_services.document_create(
        actor=clerk,
        organ=district.education,
        data={
            "title": "示范区学前教育资助办法",
            "attribute": Attribute.PROACTIVE,
            "is_policy": True,
        },
    )
    document_services.document_submit(actor=clerk, document=doc)
    with pytest.raises(GateRefused) as exc:
        document_services.document_sign_off(actor=head, document=doc)
    assert exc.value.gate == "G8"
    assert "同步审签" in exc.value.message
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.SIGNOFF
    assert not doc.signoffs.exists()
    assert not events_for(doc).filter(action="document.signed_off").exists()

    interpretation = make_interpretation(doc)
    with pytest.raises(GateRefused):  # a draft interpretation is not enough
        document_services.document_sign_off(actor=head, document=doc)
    interpretation_services.interpretation_sign_off(actor=head, interpretation=interpretation)
    document_services.document_sign_off(actor=head, document=doc)
    assert doc.status == DocumentStatus.ISSUED


def test_head_signs_off_a_policy_dai_ni_gao_only_with_its_interpretation(
    district, clerk, head, legal_reviewer, make_interpretation
):
    doc = document_services.document_create(
        actor=clerk,
        organ=district.education,
        data={
            "title": "示范区人民政府关于促进学前教育普惠发展的意见",
            "attribute": Attribute.PROACTIVE,
            "for_government": True,
            "is_normative": True,
        },
    )
    document_services.document_submit(actor=clerk, document=doc)
    document_services.document_review_legality(actor=legal_reviewer, document=doc, approve=True)
    with pytest.raises(GateRefused):
        document_services.document_sign_off(actor=head, document=doc)
    interpretation_services.interpretation_sign_off(
        actor=head, interpretation=make_interpretation(doc)
    )
    document_services.document_sign_off(actor=head, document=doc)
    assert doc.status == DocumentStatus.GOVERNMENT_OFFICE


def test_government_office_cannot_accept_policy_draft_without_interpretation(
    district, clerk, head, gov_office
):
    doc = _draft_for_government(district, clerk, head)
    with pytest.raises(GateRefused) as exc:
        document_services.document_accept_for_government(actor=gov_office, document=doc)
    assert exc.value.gate == "G8"
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.GOVERNMENT_OFFICE
    assert not events_for(doc).filter(action="document.accepted").exists()
    # …and the 退文 the office sends instead, with the suggested reason.
    reason = gates.missing_interpretation_reason(doc)
    assert reason == "缺少经审签的政策解读材料（谁起草谁解读，《实施细则》二）"
    document_services.document_return(
        actor=gov_office,
        document=doc,
        category=ReturnCategory.MISSING_INTERPRETATION,
        reason=reason,
    )
    assert doc.status == DocumentStatus.RETURNED
    assert doc.returns.get().category == ReturnCategory.MISSING_INTERPRETATION


def test_government_office_accepts_once_the_interpretation_is_signed_off(
    district, clerk, head, gov_office, make_interpretation
):
    doc = _draft_for_government(district, clerk, head)
    interpretation = make_interpretation(doc)
    # A draft interpretation is not enough: it must be signed off (同步审签).
    with pytest.raises(GateRefused):
        document_services.document_accept_for_government(actor=gov_office, document=doc)
    interpretation_services.interpretation_sign_off(actor=head, interpretation=interpretation)
    assert gates.missing_interpretation_reason(doc) is None
    document_services.document_accept_for_government(actor=gov_office, document=doc)
    assert doc.status == DocumentStatus.ISSUED


def test_draft_without_policy_nature_needs_no_interpretation(district, clerk, head, gov_office):
    doc = _draft_for_government(district, clerk, head, is_policy=False)
    assert gates.missing_interpretation_reason(doc) is None
    document_services.document_accept_for_government(actor=gov_office, document=doc)
    assert doc.status == DocumentStatus.ISSUED


@pytest.mark.parametrize(
    ("is_policy", "is_normative", "attribute", "required"),
    [
        (True, False, Attribute.PROACTIVE, True),
        (False, True, Attribute.PROACTIVE, True),
        (False, False, Attribute.PROACTIVE, False),
        (True, True, Attribute.ON_REQUEST, False),
        (True, False, Attribute.NOT_DISCLOSED, False),
    ],
)
def test_which_documents_require_an_interpretation(
    district, is_policy, is_normative, attribute, required
):
    doc = DocumentFactory(
        organ=district.education,
        is_policy=is_policy,
        is_normative=is_normative,
        attribute=attribute,
    )
    assert gates.requires_interpretation(doc) is required
    assert (gates.missing_interpretation_reason(doc) is not None) is required


def test_policy_document_cannot_be_published_without_interpretation(
    policy_document, reviewer, confidentiality_passed
):
    confidentiality_passed(policy_document)
    with pytest.raises(GateRefused) as exc:
        document_services.document_publish(
            actor=reviewer, document=policy_document, today=PUBLISH_DAY
        )
    assert exc.value.gate == "G8"
    policy_document.refresh_from_db()
    assert policy_document.status == DocumentStatus.ISSUED
    assert policy_document.index_number is None


def test_publishing_the_document_publishes_its_interpretation_in_the_same_transaction(
    policy_document,
    signed_interpretation,
    reviewer,
    confidentiality_passed,
    django_capture_on_commit_callbacks,
):
    confidentiality_passed(policy_document)
    with django_capture_on_commit_callbacks(execute=True):
        document_services.document_publish(
            actor=reviewer, document=policy_document, today=PUBLISH_DAY
        )
    policy_document.refresh_from_db()
    signed_interpretation.refresh_from_db()
    assert policy_document.status == DocumentStatus.PUBLISHED
    assert signed_interpretation.status == Status.PUBLISHED
    assert signed_interpretation.published_date == policy_document.published_date == PUBLISH_DAY
    assert signed_interpretation.published_at == policy_document.published_at
    event = events_for(signed_interpretation).get(action="interpretation.published")
    assert event.actor == reviewer
    assert event.data == {"document": policy_document.pk, "with_document": True}


def test_draft_interpretations_stay_unpublished(
    policy_document, signed_interpretation, make_interpretation, reviewer, confidentiality_passed
):
    second = make_interpretation(policy_document, title="图解：学前教育资助办法")
    confidentiality_passed(policy_document)
    document_services.document_publish(actor=reviewer, document=policy_document, today=PUBLISH_DAY)
    second.refresh_from_db()
    assert second.status == Status.DRAFT
    assert second.published_date is None


def test_failing_companion_rolls_back_the_whole_publication(
    policy_document, signed_interpretation, reviewer, confidentiality_passed, monkeypatch
):
    confidentiality_passed(policy_document)
    original = interpretation_services.record_event

    def fail_after_saving(*, action, **kwargs):
        original(action=action, **kwargs)
        if action == "interpretation.published":
            # The interpretation row is already saved as published at this point.
            raise RuntimeError("disk full")

    monkeypatch.setattr(interpretation_services, "record_event", fail_after_saving)
    with pytest.raises(RuntimeError):
        document_services.document_publish(
            actor=reviewer, document=policy_document, today=PUBLISH_DAY
        )

    policy_document.refresh_from_db()
    signed_interpretation.refresh_from_db()
    assert policy_document.status == DocumentStatus.ISSUED
    assert policy_document.published_date is None
    assert policy_document.index_number is None
    assert signed_interpretation.status == Status.SIGNED_OFF
    assert signed_interpretation.published_date is None
    assert not events_for(policy_document).filter(action="document.published").exists()
    assert not events_for(signed_interpretation).filter(action="interpretation.published").exists()


def test_an_interpretation_already_published_with_another_document_counts(
    district, policy_document, signed_interpretation, reviewer, confidentiality_passed
):
    sibling = DocumentFactory(
        organ=district.education,
        status=DocumentStatus.ISSUED,
        is_normative=True,
        attribute=Attribute.PROACTIVE,
    )
    signed_interpretation.documents.add(sibling)
    confidentiality_passed(policy_document)
    document_services.document_publish(actor=reviewer, document=policy_document, today=PUBLISH_DAY)
    confidentiality_passed(sibling)
    document_services.document_publish(actor=reviewer, document=sibling, today=date(2026, 11, 23))
    sibling.refresh_from_db()
    assert sibling.status == DocumentStatus.PUBLISHED


def test_withdrawn_interpretation_no_longer_counts(
    policy_document, signed_interpretation, reviewer
):
    assert gates.has_signed_off_interpretation(policy_document)
    type(signed_interpretation).objects.filter(pk=signed_interpretation.pk).update(
        status=Status.WITHDRAWN, published_date=PUBLISH_DAY
    )
    assert not gates.has_signed_off_interpretation(policy_document)


def test_suggested_return_for_the_government_office(district, clerk, head):
    doc = _draft_for_government(district, clerk, head)
    assert gates.suggested_return(doc) == {
        "category": "missing_interpretation",
        "reason": "缺少经审签的政策解读材料（谁起草谁解读，《实施细则》二）",
    }
    assert gates.suggested_return(DocumentFactory(organ=district.education)) == {}


def test_a_co_issuers_interpretation_does_not_satisfy_g8(district, head, policy_document):
    # One drafted before the lead-organ rule, by a co-issuer: it does not count.
    policy_document.co_organs.set([district.finance])
    finance_head = UserFactory(username="finance_head", roles=[(district.finance, Role.HEAD)])
    interpretation = Interpretation.objects.create(
        organ=district.finance,
        title="联合发文单位的解读",
        status=Status.SIGNED_OFF,
        signed_off_by=finance_head,
    )
    interpretation.documents.set([policy_document])
    assert gates.missing_interpretation_reason(policy_document) is not None
    with pytest.raises(GateRefused):
        gates.check_g8_before_publish(policy_document)


def test_drafting_departments_interpretation_satisfies_g8_for_an_adopted_dai_ni_gao(
    district, head, make_interpretation
):
    doc = DocumentFactory(
        organ=district.government,
        drafting_organ=district.education,
        for_government=True,
        is_policy=True,
        attribute=Attribute.PROACTIVE,
        status=DocumentStatus.ISSUED,
    )
    interpretation_services.interpretation_sign_off(
        actor=head, interpretation=make_interpretation(doc)
    )
    assert gates.missing_interpretation_reason(doc) is None
