from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from gongkai.calendars.models import Clock
from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.hooks import public_change
from gongkai.core.models import AuditEvent, events_for
from gongkai.documents import services
from gongkai.documents.clocks import ClockKind
from gongkai.documents.models import (
    Attribute,
    Document,
    ReasonCode,
    ReturnCategory,
    Validity,
)
from gongkai.documents.selectors import inbox_for, overdue_publications
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def make_published(district, reviewer, secrecy_reviewer, **kwargs):
    doc = DocumentFactory(organ=district.education, status=Status.ISSUED, **kwargs)
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    return services.document_publish(actor=reviewer, document=doc, today=date(2026, 11, 20))


def test_create_normalises_doc_number_and_records_event(district, clerk):
    doc = services.document_create(
        actor=clerk,
        organ=district.education,
        data={"title": "关于印发办法的通知", "doc_number": "示教发[2026]7号"},
    )
    assert doc.doc_number == "示教发〔2026〕7号"
    assert doc.status == Status.DRAFT
    assert events_for(doc).filter(action="document.created").count() == 1


def test_create_rejects_malformed_doc_number(district, clerk):
    with pytest.raises(InvalidInput) as exc:
        services.document_create(
            actor=clerk,
            organ=district.education,
            data={"title": "标题", "doc_number": "示教发2026-7"},
        )
    assert exc.value.field == "doc_number"
    assert not Document.objects.exists()


def test_create_rejects_long_keywords(district, clerk):
    with pytest.raises(InvalidInput) as exc:
        services.document_create(
            actor=clerk, organ=district.education, data={"title": "标题", "keywords": "词" * 151}
        )
    assert exc.value.field == "keywords"


def test_double_submitted_create_returns_the_same_document(district, clerk):
    first = services.document_create(
        actor=clerk, organ=district.education, data={"title": "一份"}, client_token="tok-1"
    )
    second = services.document_create(
        actor=clerk, organ=district.education, data={"title": "一份"}, client_token="tok-1"
    )
    assert first.pk == second.pk
    assert Document.objects.count() == 1


def test_clerk_cannot_create_for_another_organ(district, other_clerk):
    with pytest.raises(NotPermitted):
        services.document_create(actor=other_clerk, organ=district.education, data={"title": "x"})


def test_refusals_are_in_the_active_language(district, clerk, other_clerk, reviewer):
    """Service messages are translated when raised: Chinese by default, English for `en`."""
    doc = DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    with pytest.raises(TransitionNotAllowed) as exc:
        services.document_publish(actor=reviewer, document=doc)
    assert exc.value.message == "公文当前状态为“待审签”，不能执行“发布”。"
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as exc:
        services.document_publish(actor=reviewer, document=doc)
    assert exc.value.message == (
        "The document's current status is “Awaiting sign-off”: “Publish” is not possible."
    )

    with pytest.raises(NotPermitted) as exc:
        services.document_create(actor=other_clerk, organ=district.education, data={"title": "x"})
    assert exc.value.message == "只有本单位起草人员可以起草公文。"
    with translation.override("en"), pytest.raises(NotPermitted) as exc:
        services.document_create(actor=other_clerk, organ=district.education, data={"title": "x"})
    assert exc.value.message == "Only drafters of the unit can draft documents."


def test_update_refused_after_submission(district, clerk):
    doc = DocumentFactory(organ=district.education)
    services.document_submit(actor=clerk, document=doc)
    with pytest.raises(TransitionNotAllowed):
        services.document_update(actor=clerk, document=doc, data={"title": "改"})


def test_government_office_return_and_resubmit(district, clerk, head, gov_office):
    doc = DocumentFactory(
        organ=district.education,
        for_government=True,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.INTERNAL_AFFAIRS],
        legal_explanation="内部事务",
    )
    services.document_submit(actor=clerk, document=doc)
    services.document_sign_off(actor=head, document=doc)
    assert doc.status == Status.GOVERNMENT_OFFICE
    services.document_return(
        actor=gov_office,
        document=doc,
        category=ReturnCategory.UNLAWFUL_REASON,
        reason="面向社会的政策措施应当主动公开，所列理由不成立。",
    )
    doc.refresh_from_db()
    assert doc.status == Status.RETURNED
    latest = doc.returns.first()
    assert latest.reason.startswith("面向社会")
    assert latest.stage == Status.GOVERNMENT_OFFICE
    event = events_for(doc).get(action="document.returned")
    assert event.from_state == Status.GOVERNMENT_OFFICE and event.to_state == Status.RETURNED
    # The clerk fixes the attribute and goes round again.
    services.document_update(
        actor=clerk,
        document=doc,
        data={"attribute": Attribute.PROACTIVE, "reason_codes": [], "legal_explanation": ""},
    )
    services.document_submit(actor=clerk, document=doc)
    services.document_sign_off(actor=head, document=doc)
    services.document_accept_for_government(actor=gov_office, document=doc)
    assert doc.status == Status.ISSUED


def test_return_requires_reason(district, clerk, head, gov_office):
    doc = DocumentFactory(
        organ=district.education, for_government=True, status=Status.GOVERNMENT_OFFICE
    )
    with pytest.raises(InvalidInput):
        services.document_return(actor=gov_office, document=doc, category="other", reason=" ")


def test_other_department_cannot_return_or_sign(district, head, other_clerk):
    doc = DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    with pytest.raises(NotPermitted):
        services.document_sign_off(actor=other_clerk, document=doc)
    assert not AuditEvent.objects.filter(action="document.signed_off").exists()


def test_sign_off_starts_publication_clock(district, clerk, head):
    doc = DocumentFactory(organ=district.education, written_date=date(2025, 9, 25))
    services.document_submit(actor=clerk, document=doc)
    services.document_sign_off(actor=head, document=doc)
    clock = Clock.objects.for_subject(doc).get(kind=ClockKind.PUBLICATION)
    # 条例第二十六条: 20 working days from 成文日期 (domain.md §9.2 worked example).
    assert clock.due_date == date(2025, 10, 29)
    assert clock.explanation


def test_overdue_publications_are_flagged(district, clerk, head, reviewer):
    doc = DocumentFactory(organ=district.education, written_date=date(2025, 9, 25))
    services.document_submit(actor=clerk, document=doc)
    services.document_sign_off(actor=head, document=doc)
    assert list(overdue_publications(Document.objects.all(), date(2025, 10, 29))) == []
    assert list(overdue_publications(Document.objects.all(), date(2025, 10, 30))) == [doc]
    sections = {s.key: s for s in inbox_for(reviewer, date(2025, 10, 30))}
    assert [d.pk for d in sections["overdue"].documents] == [doc.pk]


def test_publish_assigns_index_number_marking_and_closes_clock(
    district, reviewer, secrecy_reviewer, django_capture_on_commit_callbacks
):
    received = []

    def receiver(**kwargs):
        received.append(kwargs["change"])

    public_change.connect(receiver, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = make_published(district, reviewer, secrecy_reviewer)
            second = make_published(district, reviewer, secrecy_reviewer)
    finally:
        public_change.disconnect(receiver)
    assert first.index_number == "000000003/2026-00001"
    assert second.index_number == "000000003/2026-00002"
    assert first.marking == "（此件公开发布）"
    assert first.published_date == date(2026, 11, 20)
    assert received == ["published", "published"]
    assert events_for(first).filter(action="document.published").exists()


def test_index_number_survives_withdraw(district, reviewer, secrecy_reviewer):
    doc = make_published(district, reviewer, secrecy_reviewer)
    number = doc.index_number
    services.document_withdraw(actor=reviewer, document=doc, reason="内容有误")
    doc.refresh_from_db()
    assert doc.status == Status.WITHDRAWN
    assert doc.index_number == number


def test_repeal_marks_validity(district, reviewer, secrecy_reviewer):
    doc = make_published(district, reviewer, secrecy_reviewer)
    services.document_repeal(
        actor=reviewer, document=doc, reason="被新办法替代", repealed_date=date(2026, 11, 25)
    )
    doc.refresh_from_db()
    assert doc.validity == Validity.REPEALED
    assert doc.repealed_date == date(2026, 11, 25)
    assert doc.status == Status.PUBLISHED


def test_validity_years_expire_automatically_and_once(district, reviewer, secrecy_reviewer):
    doc = make_published(district, reviewer, secrecy_reviewer, validity_years=5)
    assert doc.expires_on == date(2031, 11, 20)
    assert services.documents_expire(today=date(2031, 11, 19)) == 0
    assert services.documents_expire(today=date(2031, 11, 20)) == 1
    assert services.documents_expire(today=date(2031, 11, 21)) == 0
    doc.refresh_from_db()
    assert doc.validity == Validity.EXPIRED
    assert events_for(doc).filter(action="document.expired").count() == 1


def test_publish_strips_attachment_metadata(district, clerk, reviewer, secrecy_reviewer):
    import io

    import docx

    from gongkai.documents.gates import confidentiality_items

    d = docx.Document()
    d.add_paragraph("附件正文：示范区政务公开工作要点")
    d.core_properties.author = "起草人王某"
    buf = io.BytesIO()
    d.save(buf)
    doc = DocumentFactory(organ=district.education, status=Status.ISSUED)
    attachment = services.attachment_add(
        actor=clerk, document=doc, upload=services.Upload(filename="要点.docx", data=buf.getvalue())
    )
    assert "政务公开工作要点" in attachment.text
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=confidentiality_items(doc)
    )
    services.document_publish(actor=reviewer, document=doc)
    attachment.refresh_from_db()
    assert attachment.metadata_stripped
    with attachment.file.open("rb") as fh:
        published = docx.Document(io.BytesIO(fh.read()))
    assert published.core_properties.author == ""


def test_wrong_type_upload_is_rejected(district, clerk):
    doc = DocumentFactory(organ=district.education)
    with pytest.raises(InvalidInput) as exc:
        services.attachment_add(
            actor=clerk,
            document=doc,
            upload=services.Upload(filename="x.pdf", data=b"MZ\x90\x00" * 10),
        )
    assert exc.value.field == "file"
    assert not doc.attachments.exists()


def test_oversize_upload_is_rejected(district, clerk, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 100
    doc = DocumentFactory(organ=district.education)
    with pytest.raises(InvalidInput):
        services.attachment_add(
            actor=clerk,
            document=doc,
            upload=services.Upload(filename="x.pdf", data=b"%PDF-1.4" + b"0" * 200),
        )
