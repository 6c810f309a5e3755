"""Each gate of domain.md §10.2 refuses, and names the rule it enforces."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from gongkai.core.exceptions import GateRefused, InvalidInput
from gongkai.core.models import AuditEvent
from gongkai.documents import services
from gongkai.documents.models import Attribute, OnRequestReason, ReasonCode, SecrecyLevel
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def draft(district, **kwargs):
    return DocumentFactory(organ=district.education, **kwargs)


def test_g1_submit_without_attribute_is_refused(district, clerk):
    doc = draft(district, attribute="")
    with pytest.raises(GateRefused) as exc:
        services.document_submit(actor=clerk, document=doc)
    assert exc.value.gate == "G1"
    assert "公开属性" in exc.value.message
    doc.refresh_from_db()
    assert doc.status == Status.DRAFT
    assert not AuditEvent.objects.filter(action="document.submitted").exists()


def test_gate_refusals_speak_the_users_language(district, clerk):
    doc = draft(district, attribute="")
    with translation.override("en"), pytest.raises(GateRefused) as english:
        services.document_submit(actor=clerk, document=doc)
    with pytest.raises(GateRefused) as chinese:
        services.document_submit(actor=clerk, document=doc)

    assert english.value.message.startswith("The document has no disclosure attribute.")
    assert chinese.value.message.startswith("公文未确定公开属性。")


def test_g2_not_disclosed_without_reason_is_refused(district, clerk):
    doc = draft(district, attribute=Attribute.NOT_DISCLOSED)
    with pytest.raises(GateRefused) as exc:
        services.document_submit(actor=clerk, document=doc)
    assert exc.value.gate == "G2"
    assert exc.value.field == "reason_codes"


def test_g2_reason_code_without_explanation_is_refused(district, clerk):
    doc = draft(
        district,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
    )
    with pytest.raises(GateRefused) as exc:
        services.document_submit(actor=clerk, document=doc)
    assert exc.value.field == "legal_explanation"


def test_g2_on_request_reason_is_configurable(district, clerk, settings):
    settings.GONGKAI_REASON_REQUIRED_FOR_ON_REQUEST = False
    doc = draft(district, attribute=Attribute.ON_REQUEST)
    services.document_submit(actor=clerk, document=doc)
    assert doc.status == Status.SIGNOFF


def test_g3_policy_not_proactive_goes_to_openness_office(district, clerk, head, reviewer):
    doc = draft(
        district,
        is_policy=True,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        legal_explanation="仅涉及本区部分学校，不需要社会公众广泛知晓。",
    )
    services.document_submit(actor=clerk, document=doc)
    assert doc.status == Status.DISCLOSURE_REVIEW
    services.document_review_disclosure(actor=reviewer, document=doc, approve=True)
    assert doc.status == Status.SIGNOFF
    services.document_sign_off(actor=head, document=doc)
    assert doc.status == Status.ISSUED


def test_g3_sign_off_refused_when_attribute_changed_after_review(district, clerk, head, reviewer):
    doc = draft(
        district,
        is_policy=True,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        legal_explanation="过程稿",
    )
    services.document_submit(actor=clerk, document=doc)
    services.document_review_disclosure(actor=reviewer, document=doc, approve=True)
    # Simulate a change behind the workflow's back (e.g. through the database).
    type(doc).objects.filter(pk=doc.pk).update(
        attribute=Attribute.NOT_DISCLOSED,
        on_request_reason="",
        reason_codes=[ReasonCode.PROCESS_INFO],
    )
    with pytest.raises(GateRefused) as exc:
        services.document_sign_off(actor=head, document=doc)
    assert exc.value.gate == "G3"


def test_g3_sign_off_without_review_record_is_refused(district, clerk, head):
    doc = draft(
        district,
        is_policy=True,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        legal_explanation="过程稿",
        status=Status.SIGNOFF,
    )
    with pytest.raises(GateRefused) as exc:
        services.document_sign_off(actor=head, document=doc)
    assert exc.value.gate == "G3"


def test_g5_classified_document_must_be_state_secret(district, clerk):
    doc = draft(district, attribute=Attribute.PROACTIVE)
    with pytest.raises(GateRefused) as exc:
        services.document_update(
            actor=clerk, document=doc, data={"secrecy_level": SecrecyLevel.SECRET}
        )
    assert exc.value.gate == "G5"


def test_g5_classified_document_is_never_published(district, reviewer):
    doc = draft(
        district,
        secrecy_level=SecrecyLevel.CONFIDENTIAL,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.STATE_SECRET],
        legal_explanation="机密级",
        status=Status.ISSUED,
    )
    with pytest.raises(GateRefused) as exc:
        services.document_publish(actor=reviewer, document=doc)
    assert exc.value.gate == "G5"
    doc.refresh_from_db()
    assert doc.status == Status.ISSUED
    assert doc.index_number is None


def test_g6_publish_requires_confidentiality_review(district, reviewer, secrecy_reviewer):
    doc = draft(district, status=Status.ISSUED, written_date=date(2026, 11, 2))
    with pytest.raises(GateRefused) as exc:
        services.document_publish(actor=reviewer, document=doc)
    assert exc.value.gate == "G6"
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    services.document_publish(actor=reviewer, document=doc)
    assert doc.status == Status.PUBLISHED


def test_g6_review_is_item_by_item(district, clerk, secrecy_reviewer):
    doc = draft(district, status=Status.ISSUED)
    services.attachment_add(
        actor=clerk,
        document=doc,
        upload=services.Upload(filename="a.pdf", data=_pdf_bytes()),
    )
    with pytest.raises(InvalidInput) as exc:
        services.document_review_confidentiality(
            actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
        )
    assert "逐项" in exc.value.message


def test_g6_attachment_added_after_review_blocks_publication(
    district, clerk, reviewer, secrecy_reviewer
):
    doc = draft(district, status=Status.ISSUED)
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    services.attachment_add(
        actor=clerk, document=doc, upload=services.Upload(filename="b.pdf", data=_pdf_bytes())
    )
    with pytest.raises(GateRefused) as exc:
        services.document_publish(actor=reviewer, document=doc)
    assert exc.value.gate == "G6"


def test_failed_confidentiality_review_blocks_publication(district, reviewer, secrecy_reviewer):
    doc = draft(district, status=Status.ISSUED)
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=False, items=[], opinion="第三段涉及敏感信息"
    )
    with pytest.raises(GateRefused) as exc:
        services.document_publish(actor=reviewer, document=doc)
    assert exc.value.gate == "G6"


def test_only_proactive_documents_are_published(district, reviewer, secrecy_reviewer):
    doc = draft(
        district,
        status=Status.ISSUED,
        attribute=Attribute.ON_REQUEST,
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        legal_explanation="过程稿",
    )
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    with pytest.raises(GateRefused):
        services.document_publish(actor=reviewer, document=doc)


def _pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
