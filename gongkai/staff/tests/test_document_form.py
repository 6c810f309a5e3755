"""Create and edit: idempotent create, 保存并报送 with the gates shown on the fields."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.documents.models import Document, ReasonCode
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def form_data(district, **overrides):
    data = {
        "organ": district.education.pk,
        "title": "示范区教育局关于加强校园安全管理的通知",
        "genre": "通知",
        "body": "各学校：现就加强校园安全管理通知如下。",
        "secrecy_level": "",
        "client_token": "3b0d7a1e9c2f4d5a8b6e0f1a2b3c4d5e",
    }
    data.update(overrides)
    return data


def test_create_form_renders_with_token_and_stable_ids(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("staff:document_create"))
    assert response.status_code == 200
    html = response.content.decode()
    token = re.search(r'name="client_token" value="([0-9a-f]{32})"', html)
    assert token is not None
    for element_id in ('id="id_title"', 'id="id_attribute_0"', 'id="id_reason_codes_0"'):
        assert element_id in html
    assert 'data-action="submit"' in html
    # Each rendering carries a fresh token.
    again = client.get(reverse("staff:document_create")).content.decode()
    assert token.group(1) not in again


def test_organ_chooser_offers_only_organs_where_user_is_clerk(client, clerk, district):
    client.force_login(clerk)
    response = client.get(reverse("staff:document_create"))
    organs = list(response.context["form"].fields["organ"].queryset)
    assert organs == [district.education]


def test_create_saves_a_draft_and_redirects_to_detail(client, clerk, district):
    client.force_login(clerk)
    response = client.post(
        reverse("staff:document_create"),
        form_data(district, attribute="proactive", doc_number="示教发[2026]3号", save="1"),
    )
    doc = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:document_detail", args=[doc.pk])
    assert doc.status == Status.DRAFT
    assert doc.doc_number == "示教发〔2026〕3号"
    assert doc.created_by == clerk


def test_double_post_with_the_same_client_token_creates_one_document(client, clerk, district):
    client.force_login(clerk)
    first = client.post(reverse("staff:document_create"), form_data(district, save="1"))
    second = client.post(reverse("staff:document_create"), form_data(district, save="1"))
    assert Document.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_submit_without_attribute_shows_g1_on_the_field_and_keeps_the_draft(
    client, clerk, district
):
    client.force_login(clerk)
    response = client.post(reverse("staff:document_create"), form_data(district, and_submit="1"))
    assert response.status_code == 422
    doc = Document.objects.get()
    assert doc.status == Status.DRAFT
    form = response.context["form"]
    assert form.errors["attribute"][0].startswith("公文未确定公开属性")
    html = response.content.decode()
    assert "公文未确定公开属性" in html and "【G1】" not in html
    # The re-rendered form now edits the saved draft, so a second try does not create another.
    assert f'action="{reverse("staff:document_edit", args=[doc.pk])}"' in html


def test_fixing_the_attribute_after_g1_submits_the_same_document(client, clerk, district):
    client.force_login(clerk)
    client.post(reverse("staff:document_create"), form_data(district, and_submit="1"))
    doc = Document.objects.get()
    data = form_data(district, attribute="proactive", and_submit="1")
    response = client.post(reverse("staff:document_edit", args=[doc.pk]), data)
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.SIGNOFF
    assert Document.objects.count() == 1


def test_g2_refusal_lands_on_the_reason_codes_field(client, clerk, draft, district):
    client.force_login(clerk)
    data = form_data(district, attribute="not_disclosed", and_submit="1")
    response = client.post(reverse("staff:document_edit", args=[draft.pk]), data)
    assert response.status_code == 422
    assert (
        response.context["form"].errors["reason_codes"][0]
        and "【" not in response.context["form"].errors["reason_codes"][0]
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.attribute == "not_disclosed"  # saved, not submitted


def test_g2_explanation_refusal_lands_on_legal_explanation(client, clerk, draft, district):
    client.force_login(clerk)
    data = form_data(
        district,
        attribute="not_disclosed",
        reason_codes=[ReasonCode.PROCESS_INFO],
        and_submit="1",
    )
    response = client.post(reverse("staff:document_edit", args=[draft.pk]), data)
    assert response.status_code == 422
    assert response.context["form"].errors["legal_explanation"][0]


def test_invalid_doc_number_is_a_field_error(client, clerk, district):
    client.force_login(clerk)
    response = client.post(
        reverse("staff:document_create"), form_data(district, doc_number="示教发2026-7", save="1")
    )
    assert response.status_code == 400
    assert "doc_number" in response.context["form"].errors
    assert not Document.objects.exists()


def test_missing_title_is_a_field_error(client, clerk, district):
    client.force_login(clerk)
    response = client.post(reverse("staff:document_create"), form_data(district, title=""))
    assert response.status_code == 400
    assert "title" in response.context["form"].errors


def test_edit_form_is_prefilled_and_saves_changes(client, clerk, draft, district):
    client.force_login(clerk)
    page = client.get(reverse("staff:document_edit", args=[draft.pk]))
    assert page.context["form"].initial["title"] == draft.title
    data = form_data(
        district,
        title="新标题",
        attribute="not_disclosed",
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="属于过程性信息。",
        co_organs=[district.finance.pk],
        save="1",
    )
    response = client.post(reverse("staff:document_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "新标题"
    assert draft.reason_codes == [ReasonCode.PROCESS_INFO]
    assert list(draft.co_organs.all()) == [district.finance]


def test_edit_of_a_submitted_document_redirects_with_a_message(client, clerk, in_signoff):
    client.force_login(clerk)
    response = client.get(reverse("staff:document_edit", args=[in_signoff.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff:document_detail", args=[in_signoff.pk])
    assert "不能修改" in response.content.decode()


def test_head_cannot_edit_a_draft(client, head, draft):
    client.force_login(head)
    assert client.get(reverse("staff:document_edit", args=[draft.pk])).status_code == 403


def test_the_form_shows_all_its_errors_at_once(client, clerk, district):
    """Issue 15 §10: a missing title, a bad 文号 and over-long 主题词 are reported together
    (the 文号 check is the service's; it used to appear only after the others were fixed)."""
    client.force_login(clerk)
    response = client.post(
        reverse("staff:document_create"),
        form_data(district, title="", doc_number="示教发2026-7", keywords="词" * 200, save="1"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"title", "doc_number", "keywords"} <= set(errors), errors
    assert not Document.objects.exists()


def test_the_service_reports_every_field_problem(clerk, district):
    from gongkai.core.exceptions import InvalidInput
    from gongkai.documents import services

    with pytest.raises(InvalidInput) as refused:
        services.document_create(
            actor=clerk,
            organ=district.education,
            data={"title": " ", "doc_number": "示教发2026-7", "attribute": "nonsense"},
        )
    assert {field for field, _message in refused.value.errors} == {
        "title",
        "doc_number",
        "attribute",
    }
