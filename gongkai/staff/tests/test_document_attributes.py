"""The draft form's 公开属性 section: reasons per attribute, clear Chinese errors (issue 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.models import record_event
from gongkai.documents.models import Document, OnRequestReason, ReasonCode
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.staff.tests.test_document_form import form_data

pytestmark = pytest.mark.django_db


def test_form_offers_each_attribute_its_own_reason_list(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("staff:document_create"))
    form = response.context["form"]
    assert [c for c, _ in form.fields["on_request_reason"].choices] == OnRequestReason.values
    assert "ADMIN_QUERY" not in [c for c, _ in form.fields["reason_codes"].choices]
    html = response.content.decode()
    # staff.js shows the list of the chosen attribute only.
    assert 'data-attribute="on_request"' in html and 'id="id_on_request_reason_0"' in html
    assert 'data-attribute="not_disclosed"' in html
    assert "依申请公开理由" in html


def test_the_other_attributes_reasons_are_dropped_on_save(client, clerk, district):
    # A withholding ground ticked before switching to 依申请公开 is not kept.
    client.force_login(clerk)
    data = form_data(
        district,
        attribute="on_request",
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="仅涉及特定学校。",
        save="1",
    )
    response = client.post(reverse("staff:document_create"), data)
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.on_request_reason == OnRequestReason.SPECIFIC_SUBJECTS
    assert doc.reason_codes == []


def test_on_request_without_its_reason_is_refused_in_chinese_on_the_field(client, clerk, district):
    client.force_login(clerk)
    data = form_data(
        district, attribute="on_request", legal_explanation="仅涉及特定学校。", and_submit="1"
    )
    response = client.post(reverse("staff:document_create"), data)
    assert response.status_code == 422
    errors = response.context["form"].errors["on_request_reason"]
    assert errors[0].startswith("拟依申请公开的公文须说明理由")


def test_normative_document_on_request_is_refused_in_chinese(client, clerk, district):
    client.force_login(clerk)
    data = form_data(
        district,
        attribute="on_request",
        on_request_reason=OnRequestReason.SPECIFIC_SUBJECTS,
        legal_explanation="仅涉及特定对象。",
        is_normative="on",
        save="1",
    )
    response = client.post(reverse("staff:document_create"), data)
    assert response.status_code == 422
    error = response.context["form"].errors["attribute"][0]
    assert error == (
        "行政规范性文件应当主动公开（条例第二十条第（一）项），公开属性只能确定为“主动公开”。"
    )
    assert not Document.objects.exists()


def test_secrecy_level_without_state_secret_is_refused_on_the_reason_field(client, clerk, district):
    client.force_login(clerk)
    data = form_data(
        district,
        attribute="not_disclosed",
        reason_codes=[ReasonCode.PROCESS_INFO],
        legal_explanation="过程稿。",
        secrecy_level="secret",
        save="1",
    )
    response = client.post(reverse("staff:document_create"), data)
    assert response.status_code == 422
    assert "属于国家秘密" in response.context["form"].errors["reason_codes"][0]


def test_history_names_the_data_migration_of_the_reasons(client, clerk, district):
    doc = DocumentFactory(organ=district.education)
    record_event(action="document.reasons_migrated", subject=doc, actor="数据迁移")
    client.force_login(clerk)
    html = client.get(reverse("staff:document_history", args=[doc.pk])).content.decode()
    assert "公开属性理由分列（数据迁移，请复核）" in html
