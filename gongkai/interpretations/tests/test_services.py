"""Interpretation services: rows, audit events, permissions and rules."""

from __future__ import annotations

from datetime import date

import pypdf
import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.models import events_for
from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations import services
from gongkai.interpretations.models import Interpretation, Media
from gongkai.interpretations.workflow import Status
from gongkai.lib.tests.overlap_samples import COPIED_INTERPRETATION, REAL_INTERPRETATION

from .factories import jpeg_bytes, mp4_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


# --- create / update ----------------------------------------------------------------------------


def test_create_defaults_to_the_drafting_department_and_records_event(
    policy_document, make_interpretation, clerk
):
    interpretation = make_interpretation(policy_document)
    assert interpretation.organ == policy_document.organ
    assert interpretation.status == Status.DRAFT
    assert list(interpretation.documents.all()) == [policy_document]
    event = events_for(interpretation).get()
    assert (event.action, event.actor, event.to_state) == ("interpretation.created", clerk, "draft")
    assert event.data == {"documents": [policy_document.pk]}


def test_joint_document_is_interpreted_by_the_lead_organ(district, clerk, make_interpretation):
    joint = DocumentFactory(organ=district.education, is_policy=True)
    joint.co_organs.set([district.finance])
    assert make_interpretation(joint).organ == district.education


def test_co_issuer_may_not_interpret_a_joint_document(district, other_clerk):
    # 谁起草谁解读: the lead organ (主办) interprets; co-issuers cooperate (80号细则 二).
    joint = DocumentFactory(organ=district.education, is_policy=True)
    joint.co_organs.set([district.finance])
    with pytest.raises(InvalidInput) as exc:
        services.interpretation_create(
            actor=other_clerk,
            documents=[joint],
            data={"title": "解读", "organ": district.finance.pk},
        )
    assert "牵头" in exc.value.message and district.education.name in exc.value.message
    assert not Interpretation.objects.exists()


def test_lead_organ_interprets_a_joint_document(district, clerk):
    joint = DocumentFactory(organ=district.education, is_policy=True)
    joint.co_organs.set([district.finance])
    interpretation = services.interpretation_create(
        actor=clerk, documents=[joint], data={"title": "解读"}
    )
    assert interpretation.organ == district.education


def test_interpreting_department_must_have_drafted_the_document(district, other_clerk):
    doc = DocumentFactory(organ=district.education)
    with pytest.raises(InvalidInput) as exc:
        services.interpretation_create(
            actor=other_clerk, documents=[doc], data={"title": "解读", "organ": district.finance.pk}
        )
    assert exc.value.field == "documents"
    assert not Interpretation.objects.exists()


def test_clerk_of_another_department_cannot_interpret(district, other_clerk):
    doc = DocumentFactory(organ=district.education)
    with pytest.raises(NotPermitted):
        services.interpretation_create(actor=other_clerk, documents=[doc], data={"title": "解读"})
    assert not Interpretation.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "解读", "forms": ["poster"]}, "forms"),
        ({"title": "解读", "elements": ["gossip"]}, "elements"),
        ({"title": "解读", "colour": "red"}, "colour"),
    ],
)
def test_create_rejects_bad_input(policy_document, clerk, data, field):
    with pytest.raises(InvalidInput) as exc:
        services.interpretation_create(actor=clerk, documents=[policy_document], data=data)
    assert exc.value.field == field


def test_create_is_idempotent_on_client_token(policy_document, clerk):
    first = services.interpretation_create(
        actor=clerk, documents=[policy_document], data={"title": "解读"}, client_token="t1"
    )
    second = services.interpretation_create(
        actor=clerk, documents=[policy_document], data={"title": "解读"}, client_token="t1"
    )
    assert first.pk == second.pk


def test_forms_and_elements_are_stored_in_canonical_order(policy_document, make_interpretation):
    interpretation = make_interpretation(
        policy_document, forms=["video", "text", "text"], elements=["differences", "background"]
    )
    assert interpretation.forms == ["text", "video"]
    assert interpretation.elements == ["background", "differences"]
    assert interpretation.form_labels() == ["文字", "视频"]


def test_update_records_changes(district, policy_document, make_interpretation, clerk):
    interpretation = make_interpretation(policy_document)
    other = DocumentFactory(organ=district.education)
    services.interpretation_update(
        actor=clerk,
        interpretation=interpretation,
        data={"interpreter_phone": "0411-1234 5678", "documents": [policy_document, other]},
    )
    assert interpretation.interpreter_phone == "0411-1234 5678"
    event = events_for(interpretation).get(action="interpretation.updated")
    assert event.data["changes"]["interpreter_phone"] == ["0411-8888 1234", "0411-1234 5678"]
    assert event.data["changes"]["documents"] == [
        [policy_document.pk],
        sorted([policy_document.pk, other.pk]),
    ]


def test_update_refused_after_sign_off(signed_interpretation, clerk):
    with pytest.raises(TransitionNotAllowed):
        services.interpretation_update(
            actor=clerk, interpretation=signed_interpretation, data={"title": "新标题"}
        )


# --- sign-off --------------------------------------------------------------------------------


def test_head_signs_off_and_the_copy_share_is_stored(policy_document, make_interpretation, head):
    interpretation = make_interpretation(policy_document, body=REAL_INTERPRETATION)
    services.interpretation_sign_off(actor=head, interpretation=interpretation, opinion="同意")
    interpretation.refresh_from_db()
    assert interpretation.status == Status.SIGNED_OFF
    assert interpretation.signed_off_by == head
    assert interpretation.signed_off_at is not None
    assert interpretation.copy_ratio is not None and interpretation.copy_ratio < 0.1
    event = events_for(interpretation).get(action="interpretation.signed_off")
    assert (event.from_state, event.to_state, event.reason) == ("draft", "signed_off", "同意")
    assert event.data["copy_warning"] is False


def test_copied_text_is_signed_off_with_a_warning_not_refused(
    policy_document, make_interpretation, head
):
    interpretation = make_interpretation(policy_document, body=COPIED_INTERPRETATION)
    services.interpretation_sign_off(actor=head, interpretation=interpretation)
    assert interpretation.status == Status.SIGNED_OFF
    assert interpretation.copy_ratio > 0.85
    assert events_for(interpretation).get(action="interpretation.signed_off").data["copy_warning"]


@pytest.mark.parametrize("user", ["clerk", "reviewer", "other_clerk", "gov_office"])
def test_only_the_head_of_the_interpreting_department_signs_off(
    request, policy_document, make_interpretation, user
):
    interpretation = make_interpretation(policy_document)
    with pytest.raises(NotPermitted):
        services.interpretation_sign_off(
            actor=request.getfixturevalue(user), interpretation=interpretation
        )
    assert not events_for(interpretation).filter(action="interpretation.signed_off").exists()


def test_head_of_another_department_cannot_sign_off(district, policy_document, make_interpretation):
    other_head = UserFactory(username="other_head", roles=[(district.finance, Role.HEAD)])
    with pytest.raises(NotPermitted):
        services.interpretation_sign_off(
            actor=other_head, interpretation=make_interpretation(policy_document)
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"interpreter_name": ""}, "interpreter_name"),
        ({"interpreter_phone": ""}, "interpreter_phone"),
        ({"forms": []}, "forms"),
        ({"elements": []}, "elements"),
        ({"body": ""}, "body"),
        ({"forms": ["graphic"]}, "media"),
        ({"forms": ["video"]}, "media"),
    ],
)
def test_sign_off_requires_contact_form_elements_and_media(
    policy_document, make_interpretation, head, data, field
):
    interpretation = make_interpretation(policy_document, **data)
    with pytest.raises(InvalidInput) as exc:
        services.interpretation_sign_off(actor=head, interpretation=interpretation)
    assert exc.value.field == field
    interpretation.refresh_from_db()
    assert interpretation.status == Status.DRAFT


def test_graphic_interpretation_with_an_image_can_be_signed_off(
    policy_document, make_interpretation, clerk, head
):
    interpretation = make_interpretation(policy_document, forms=["graphic"], body="")
    services.media_add(
        actor=clerk, interpretation=interpretation, upload=upload("图解.png", png_bytes())
    )
    services.interpretation_sign_off(actor=head, interpretation=interpretation)
    assert interpretation.status == Status.SIGNED_OFF


def test_sign_off_twice_is_not_possible(signed_interpretation, head):
    with pytest.raises(TransitionNotAllowed):
        services.interpretation_sign_off(actor=head, interpretation=signed_interpretation)


def test_reopen_clears_the_sign_off(signed_interpretation, clerk):
    with pytest.raises(InvalidInput):
        services.interpretation_reopen(
            actor=clerk, interpretation=signed_interpretation, reason=" "
        )
    services.interpretation_reopen(
        actor=clerk, interpretation=signed_interpretation, reason="文件被退文，需同步修改"
    )
    signed_interpretation.refresh_from_db()
    assert signed_interpretation.status == Status.DRAFT
    assert signed_interpretation.signed_off_by is None
    assert events_for(signed_interpretation).filter(action="interpretation.reopened").count() == 1


# --- publish / withdraw ------------------------------------------------------------------------


def test_standalone_publish_waits_for_the_document(signed_interpretation, reviewer):
    with pytest.raises(TransitionNotAllowed):
        services.interpretation_publish(actor=reviewer, interpretation=signed_interpretation)


def test_late_interpretation_is_published_on_its_own(
    district, policy_document, make_interpretation, head, reviewer, secrecy_reviewer
):
    # A non-policy document (no G8) published first; its interpretation follows later.
    doc = DocumentFactory(organ=district.education, status=DocumentStatus.ISSUED)
    document_services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    document_services.document_publish(actor=reviewer, document=doc, today=date(2026, 11, 20))
    interpretation = make_interpretation(doc)
    services.interpretation_sign_off(actor=head, interpretation=interpretation)
    with pytest.raises(NotPermitted):
        services.interpretation_publish(actor=head, interpretation=interpretation)
    services.interpretation_publish(
        actor=reviewer, interpretation=interpretation, today=date(2026, 11, 24)
    )
    assert interpretation.status == Status.PUBLISHED
    assert interpretation.published_date == date(2026, 11, 24)
    event = events_for(interpretation).get(action="interpretation.published")
    assert event.data == {"document": None, "with_document": False}


def test_withdraw_needs_a_reason_and_the_openness_office(
    policy_document, signed_interpretation, reviewer, clerk, confidentiality_passed
):
    confidentiality_passed(policy_document)
    document_services.document_publish(actor=reviewer, document=policy_document)
    signed_interpretation.refresh_from_db()
    with pytest.raises(NotPermitted):
        services.interpretation_withdraw(
            actor=clerk, interpretation=signed_interpretation, reason="x"
        )
    with pytest.raises(InvalidInput):
        services.interpretation_withdraw(
            actor=reviewer, interpretation=signed_interpretation, reason=""
        )
    services.interpretation_withdraw(
        actor=reviewer, interpretation=signed_interpretation, reason="数据有误"
    )
    assert signed_interpretation.status == Status.WITHDRAWN
    event = events_for(signed_interpretation).get(action="interpretation.withdrawn")
    assert (event.from_state, event.to_state, event.reason) == (
        "published",
        "withdrawn",
        "数据有误",
    )


# --- media -----------------------------------------------------------------------------------


def test_png_is_stored_without_text_chunks(policy_document, make_interpretation, clerk):
    interpretation = make_interpretation(policy_document)
    media = services.media_add(
        actor=clerk,
        interpretation=interpretation,
        upload=upload("一图读懂.png", png_bytes(text=b"Zhang San")),
    )
    assert (media.kind, media.title) == ("png", "一图读懂")
    stored = media.file.read()
    assert stored.startswith(b"\x89PNG") and b"Zhang San" not in stored
    assert media.size == len(stored)
    event = events_for(interpretation).get(action="interpretation.media_added")
    assert event.data["sha256"] == media.sha256


def test_jpeg_loses_its_exif(policy_document, make_interpretation, clerk):
    interpretation = make_interpretation(policy_document)
    media = services.media_add(
        actor=clerk,
        interpretation=interpretation,
        upload=upload("photo.JPG", jpeg_bytes(exif=b"GPS 38.9N 121.6E")),
    )
    stored = media.file.read()
    assert media.kind == "jpeg"
    assert b"GPS" not in stored and stored.startswith(b"\xff\xd8") and stored.endswith(b"\xff\xd9")


def test_pdf_loses_its_author(policy_document, make_interpretation, clerk):
    interpretation = make_interpretation(policy_document)
    media = services.media_add(
        actor=clerk, interpretation=interpretation, upload=upload("问答.pdf", pdf_bytes())
    )
    reader = pypdf.PdfReader(media.file.open("rb"))
    assert "/Author" not in (reader.metadata or {})


def test_mp4_is_stored_as_uploaded(policy_document, make_interpretation, clerk):
    interpretation = make_interpretation(policy_document)
    data = mp4_bytes()
    media = services.media_add(
        actor=clerk, interpretation=interpretation, upload=upload("解读.mp4", data)
    )
    assert media.kind == "mp4" and media.file.read() == data and media.size == len(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("图解.jpg", png_bytes()),  # content does not match the extension
        ("图解.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("视频.mp4", b"not a video at all, just text"),
        ("视频.mp4", mp4_bytes(brand=b"qt  ")),  # QuickTime
        ("视频.mp4", mp4_bytes()[:-10]),  # truncated: box sizes do not add up
        ("材料.pdf", b"%PDF-1.4 broken"),
        ("材料.docx", b"PK\x03\x04"),
        ("脚本.html", b"<script>alert(1)</script>"),
        ("空.png", b""),
    ],
)
def test_media_type_is_checked_by_content(policy_document, make_interpretation, clerk, name, data):
    interpretation = make_interpretation(policy_document)
    with pytest.raises(InvalidInput) as exc:
        services.media_add(actor=clerk, interpretation=interpretation, upload=upload(name, data))
    assert exc.value.field == "file"
    assert not Media.objects.exists()


def test_media_size_is_limited(settings, policy_document, make_interpretation, clerk):
    settings.GONGKAI_INTERPRETATION_MAX_IMAGE_BYTES = 50
    interpretation = make_interpretation(policy_document)
    with pytest.raises(InvalidInput) as exc:
        services.media_add(
            actor=clerk, interpretation=interpretation, upload=upload("a.png", png_bytes())
        )
    assert "文件过大" in exc.value.message


def test_media_cannot_change_after_sign_off(signed_interpretation, clerk):
    with pytest.raises(NotPermitted):
        services.media_add(
            actor=clerk, interpretation=signed_interpretation, upload=upload("a.png", png_bytes())
        )


def test_media_remove_deletes_the_file_after_commit(
    policy_document, make_interpretation, clerk, django_capture_on_commit_callbacks
):
    interpretation = make_interpretation(policy_document)
    media = services.media_add(
        actor=clerk, interpretation=interpretation, upload=upload("a.png", png_bytes())
    )
    storage, name = media.file.storage, media.file.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.media_remove(actor=clerk, media=media)
    assert len(callbacks) == 1
    assert not storage.exists(name)
    assert not Media.objects.exists()
    assert events_for(interpretation).filter(action="interpretation.media_removed").count() == 1


def test_documents_withdrawn_cannot_be_linked(policy_document, clerk):
    type(policy_document).objects.filter(pk=policy_document.pk).update(
        status=DocumentStatus.WITHDRAWN, attribute=Attribute.PROACTIVE
    )
    policy_document.refresh_from_db()
    with pytest.raises(InvalidInput):
        services.interpretation_create(
            actor=clerk, documents=[policy_document], data={"title": "解读"}
        )


def _adopted_dai_ni_gao(district):
    # 代拟稿 drafted by 教育局 and adopted: issued in the government's name.
    return DocumentFactory(
        organ=district.government,
        drafting_organ=district.education,
        for_government=True,
        is_policy=True,
        status=DocumentStatus.ISSUED,
    )


def test_drafting_department_interprets_an_adopted_dai_ni_gao(district, clerk):
    doc = _adopted_dai_ni_gao(district)
    interpretation = services.interpretation_create(
        actor=clerk, documents=[doc], data={"title": "解读"}
    )
    assert interpretation.organ == district.education


def test_the_government_does_not_interpret_a_dai_ni_gao_it_adopted(district):
    doc = _adopted_dai_ni_gao(district)
    government_clerk = UserFactory(username="gov_clerk", roles=[(district.government, Role.CLERK)])
    with pytest.raises(InvalidInput) as exc:
        services.interpretation_create(
            actor=government_clerk,
            documents=[doc],
            data={"title": "解读", "organ": district.government.pk},
        )
    assert district.education.name in exc.value.message
