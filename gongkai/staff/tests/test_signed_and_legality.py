"""What was signed stays signed (G19); 行政规范性文件 pass 合法性审核 before sign-off (G18)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.exceptions import GateRefused
from gongkai.core.models import events_for
from gongkai.documents import gates, services
from gongkai.documents.models import DocumentReturn, ReturnCategory
from gongkai.documents.services import Upload
from gongkai.documents.workflow import Status
from gongkai.interpretations.tests.factories import InterpretationFactory
from gongkai.interpretations.workflow import Status as InterpretationStatus
from gongkai.lib.tests.test_filetext import make_pdf
from gongkai.staff.tests.conftest import valid_data

pytestmark = pytest.mark.django_db
INBOX = reverse("staff:inbox")


def _url(name, document):
    return reverse(f"staff:{name}", args=[document.pk])


def _block(client, key):
    return {b.key: b for b in client.get(INBOX).context["blocks"]}.get(key)


def test_an_attachment_added_after_sign_off_needs_a_new_sign_off(
    client, clerk, head, reviewer, secrecy_reviewer, issued
):
    assert not gates.changed_since_signed(issued)
    services.attachment_add(
        actor=clerk, document=issued, upload=Upload("附件.pdf", make_pdf("Annex"), "附件")
    )
    assert gates.changed_since_signed(issued)
    services.document_review_confidentiality(
        actor=secrecy_reviewer,
        document=issued,
        approve=True,
        items=gates.confidentiality_items(issued),
    )
    # The office cannot publish what the head did not sign.
    with pytest.raises(GateRefused) as refused:
        services.document_publish(actor=reviewer, document=issued)
    assert refused.value.gate == "G19" and "重新审签" in refused.value.message
    # The head finds it in the 待办 and signs the change.
    client.force_login(head)
    assert [r.document.pk for r in _block(client, "re_sign_off").rows] == [issued.pk]
    assert "re_sign_off" in client.get(_url("document_detail", issued)).context["actions"]
    response = client.post(_url("document_re_sign_off", issued), {"opinion": "同意增加附件"})
    assert response.status_code == 302
    assert not gates.changed_since_signed(issued)
    assert events_for(issued).filter(action="document.re_signed_off").exists()
    assert _block(client, "re_sign_off").rows == []
    issued.refresh_from_db()
    assert issued.status == Status.ISSUED
    services.document_publish(actor=reviewer, document=issued)


def test_a_normative_document_passes_legality_review_before_sign_off(
    client, district, clerk, head, legal_reviewer
):
    document = services.document_create(
        actor=clerk, organ=district.education, data=valid_data(is_normative=True)
    )
    services.document_submit(actor=clerk, document=document)
    document.refresh_from_db()
    assert document.status == Status.LEGALITY_REVIEW
    # Not in the head's hands yet.
    with pytest.raises(Exception):  # noqa: B017, PT011 - TransitionNotAllowed
        services.document_sign_off(actor=head, document=document)
    client.force_login(legal_reviewer)
    assert [r.document.pk for r in _block(client, "legality").rows] == [document.pk]
    # Not passing: the reviewer chooses the 退文 category and must say why.
    bad = client.post(_url("document_legality", document), {"decision": "return", "opinion": ""})
    assert bad.status_code == 400
    response = client.post(
        _url("document_legality", document),
        {
            "decision": "return",
            "opinion": "第五条与上位法不一致",
            "category": ReturnCategory.LEGALITY,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.RETURNED
    assert DocumentReturn.objects.get(document=document).category == ReturnCategory.LEGALITY
    # Resubmitted, it goes back to the legal reviewer, who passes it.
    services.document_submit(actor=clerk, document=document)
    response = client.post(
        _url("document_legality", document), {"decision": "pass", "opinion": "符合法律法规"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.SIGNOFF
    client.force_login(head)
    (row,) = _block(client, "signoff").rows
    assert row.document.pk == document.pk
    # 同步审签 (G8): its interpretation is signed with it.
    InterpretationFactory(
        organ=district.education,
        documents=[document],
        status=InterpretationStatus.SIGNED_OFF,
        signed_off_by=head,
    )
    services.document_sign_off(actor=head, document=document)
    document.refresh_from_db()
    assert document.status == Status.ISSUED


def test_sign_off_refuses_a_normative_document_without_a_passed_review(district, clerk, head):
    document = services.document_create(
        actor=clerk, organ=district.education, data=valid_data(is_normative=True)
    )
    # Forced into sign-off without the review (e.g. data from before the step existed).
    type(document).objects.filter(pk=document.pk).update(status=Status.SIGNOFF)
    document.refresh_from_db()
    with pytest.raises(GateRefused) as refused:
        services.document_sign_off(actor=head, document=document)
    assert refused.value.gate == "G18"


def test_the_openness_office_files_a_document_under_statutory_items(
    client, reviewer, clerk, issued
):
    from gongkai.documents.models import StatutoryItemTag

    url = _url("document_statutory", issued)
    client.force_login(clerk)
    page = client.get(_url("document_detail", issued))
    assert page.context["statutory"]["form"] is None
    assert client.post(url, {"items": ["20-07"]}).status_code == 403
    client.force_login(reviewer)
    assert "form-statutory" in client.get(_url("document_detail", issued)).content.decode()
    assert client.post(url, {"items": ["20-07", "21-01"]}).status_code == 302
    assert set(StatutoryItemTag.objects.values_list("item_code", flat=True)) == {"20-07", "21-01"}
    assert client.post(url, {"items": ["21-01"]}).status_code == 302
    assert set(StatutoryItemTag.objects.values_list("item_code", flat=True)) == {"21-01"}
    assert events_for(issued).filter(action="document.statutory_item_untagged").exists()
    page = client.get(_url("document_detail", issued))
    assert page.context["statutory"]["filed"] == ["市政建设"]
