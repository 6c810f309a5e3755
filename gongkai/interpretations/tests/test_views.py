"""Pages: the public column 政策性文件解读 and the staff back office."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from gongkai.core.models import events_for
from gongkai.documents import services as document_services
from gongkai.interpretations import services
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import Status
from gongkai.lib.tests.overlap_samples import COPIED_INTERPRETATION

from .factories import mp4_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_pair(
    policy_document, signed_interpretation, clerk, head, reviewer, confidentiality_passed
):
    """A normative document and its interpretation (with an image), published together."""
    services.interpretation_reopen(
        actor=head, interpretation=signed_interpretation, reason="补充图解"
    )
    signed_interpretation.forms = ["text", "graphic"]
    signed_interpretation.save()
    services.media_add(
        actor=clerk,
        interpretation=signed_interpretation,
        upload=upload("一图读懂.png", png_bytes()),
    )
    services.interpretation_sign_off(actor=head, interpretation=signed_interpretation)
    confidentiality_passed(policy_document)
    document_services.document_publish(
        actor=reviewer, document=policy_document, today=date(2026, 11, 20)
    )
    signed_interpretation.refresh_from_db()
    return policy_document, signed_interpretation


# --- portal ---------------------------------------------------------------------------------


def test_public_list_shows_published_interpretations_only(
    client, published_pair, make_interpretation
):
    document, interpretation = published_pair
    draft = make_interpretation(document, title="尚未审签的解读")
    response = client.get(reverse("zcjd:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "政策性文件解读" in html
    assert interpretation.title in html
    assert draft.title not in html
    assert reverse("portal:document_detail", args=[document.uid]) in html
    assert "Content-Security-Policy" in response.headers


def test_public_detail_shows_contact_forms_media_and_documents(client, published_pair):
    document, interpretation = published_pair
    response = client.get(reverse("zcjd:detail", args=[interpretation.uid]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "示范区教育局" in html
    assert "李老师" in html and "0411-8888 1234" in html
    assert "文字、图解" in html
    media = interpretation.media.get()
    assert f'src="{reverse("zcjd:media", args=[media.pk])}"' in html
    assert "关联文件" in html
    assert reverse("portal:document_detail", args=[document.uid]) in html


def test_unpublished_interpretation_is_404(client, signed_interpretation):
    assert client.get(reverse("zcjd:detail", args=[signed_interpretation.uid])).status_code == 404


def test_withdrawn_interpretation_is_404(client, published_pair, reviewer):
    _, interpretation = published_pair
    services.interpretation_withdraw(actor=reviewer, interpretation=interpretation, reason="有误")
    assert client.get(reverse("zcjd:detail", args=[interpretation.uid])).status_code == 404


def test_public_media_served_only_when_published(
    client, published_pair, make_interpretation, clerk
):
    document, interpretation = published_pair
    media = interpretation.media.get()
    response = client.get(reverse("zcjd:media", args=[media.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    draft = make_interpretation(document)
    hidden = services.media_add(
        actor=clerk, interpretation=draft, upload=upload("v.mp4", mp4_bytes())
    )
    assert client.get(reverse("zcjd:media", args=[hidden.pk])).status_code == 404


def test_related_tag_links_document_to_its_interpretations(published_pair):
    document, interpretation = published_pair
    html = Template("{% load interpretations_tags %}{% related_interpretations document %}").render(
        Context({"document": document})
    )
    assert "相关解读" in html
    assert reverse("zcjd:detail", args=[interpretation.uid]) in html


def test_related_tag_is_silent_without_interpretations(policy_document):
    html = Template("{% load interpretations_tags %}{% related_interpretations document %}").render(
        Context({"document": policy_document})
    )
    assert html.strip() == ""


# --- staff ----------------------------------------------------------------------------------


def test_staff_pages_require_login(client):
    response = client.get(reverse("interpretations:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_clerk_drafts_an_interpretation_from_the_document(client, clerk, policy_document):
    client.force_login(clerk)
    url = reverse("interpretations:create", args=[policy_document.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert policy_document.title in form.content.decode()
    response = client.post(
        url,
        {
            "title": "《示范区学前教育资助办法》解读",
            "organ": policy_document.organ_id,
            "documents": [policy_document.pk],
            "interpreter_name": "李老师",
            "interpreter_phone": "0411-8888 1234",
            "forms": ["text", "qa"],
            "elements": ["background", "scope"],
            "body": "问：哪些孩子可以得到资助？答：……",
            "client_token": "abc",
        },
    )
    interpretation = Interpretation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interpretations:detail", args=[interpretation.pk])
    assert interpretation.forms == ["text", "qa"]
    assert list(interpretation.documents.all()) == [policy_document]


def test_clerk_of_another_department_cannot_open_the_create_page(
    client, other_clerk, policy_document
):
    client.force_login(other_clerk)
    # 404: the document is not visible to other departments at all.
    assert (
        client.get(reverse("interpretations:create", args=[policy_document.pk])).status_code == 404
    )


def test_head_cannot_draft(client, head, policy_document):
    client.force_login(head)
    assert (
        client.get(reverse("interpretations:create", args=[policy_document.pk])).status_code == 403
    )


def test_sign_off_page_warns_about_copied_text_and_signs_off(
    client, head, policy_document, make_interpretation
):
    interpretation = make_interpretation(policy_document, body=COPIED_INTERPRETATION)
    client.force_login(head)
    url = reverse("interpretations:sign_off", args=[interpretation.pk])
    page = client.get(url).content.decode()
    assert 'id="review-warnings"' in page
    assert "避免简单摘抄" in page
    response = client.post(url, {"opinion": "同意，请补充图解"}, follow=True)
    interpretation.refresh_from_db()
    assert interpretation.status == Status.SIGNED_OFF
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels and "success" in levels


def test_sign_off_page_is_quiet_on_a_real_interpretation(
    client, head, policy_document, make_interpretation
):
    interpretation = make_interpretation(policy_document)
    client.force_login(head)
    page = client.get(
        reverse("interpretations:sign_off", args=[interpretation.pk])
    ).content.decode()
    assert 'id="review-warnings"' not in page


def test_sign_off_page_lists_problems(client, head, policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document, interpreter_phone="")
    client.force_login(head)
    url = reverse("interpretations:sign_off", args=[interpretation.pk])
    assert "请填写联系电话" in client.get(url).content.decode()
    assert client.post(url, {"opinion": ""}).status_code == 400
    interpretation.refresh_from_db()
    assert interpretation.status == Status.DRAFT


def test_clerk_cannot_sign_off(client, clerk, policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document)
    client.force_login(clerk)
    response = client.post(reverse("interpretations:sign_off", args=[interpretation.pk]), {})
    assert response.status_code == 403
    assert not events_for(interpretation).filter(action="interpretation.signed_off").exists()


def test_detail_shows_actions_by_role(client, clerk, head, policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document)
    url = reverse("interpretations:detail", args=[interpretation.pk])
    client.force_login(clerk)
    html = client.get(url).content.decode()
    assert 'data-action="edit"' in html and 'id="media-form"' in html
    assert 'data-action="sign_off"' not in html
    client.force_login(head)
    html = client.get(url).content.decode()
    assert 'data-action="sign_off"' in html and 'data-action="edit"' not in html


def test_draft_is_invisible_to_other_departments(
    client, other_clerk, policy_document, make_interpretation
):
    interpretation = make_interpretation(policy_document)
    client.force_login(other_clerk)
    assert (
        client.get(reverse("interpretations:detail", args=[interpretation.pk])).status_code == 404
    )


def test_media_upload_and_refusal(client, clerk, policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document)
    client.force_login(clerk)
    url = reverse("interpretations:media_add", args=[interpretation.pk])
    bad = client.post(url, {"file": upload("a.png", b"GIF89a not a png"), "title": ""})
    assert bad.status_code == 400
    assert "文件内容与扩展名不符" in bad.content.decode()
    good = client.post(url, {"file": upload("a.png", png_bytes()), "title": "一图读懂"})
    assert good.status_code == 302
    assert interpretation.media.get().title == "一图读懂"


def test_edit_then_reopen_flow(client, clerk, signed_interpretation):
    client.force_login(clerk)
    edit = reverse("interpretations:edit", args=[signed_interpretation.pk])
    assert client.get(edit).status_code == 302  # signed off: not editable
    response = client.post(
        reverse("interpretations:reopen", args=[signed_interpretation.pk]), {"reason": "补充内容"}
    )
    assert response.status_code == 302
    assert client.get(edit).status_code == 200


def test_publish_before_the_document_is_409(client, reviewer, signed_interpretation):
    client.force_login(reviewer)
    response = client.post(reverse("interpretations:publish", args=[signed_interpretation.pk]))
    assert response.status_code == 409


def test_monitoring_is_for_openness_offices_and_the_government_office(
    client, clerk, reviewer, gov_office, published_pair
):
    url = reverse("interpretations:monitoring")
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    for user in (reviewer, gov_office):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["lacking"] == []
        assert response.context["late"] == []


def test_monitoring_lists_a_published_policy_document_without_interpretation(
    client, district, reviewer, confidentiality_passed
):
    from gongkai.documents.tests.factories import DocumentFactory
    from gongkai.documents.workflow import Status as DocumentStatus

    doc = DocumentFactory(organ=district.education, status=DocumentStatus.ISSUED, is_policy=False)
    confidentiality_passed(doc)
    document_services.document_publish(actor=reviewer, document=doc)
    # Marked as a policy document after publication (e.g. reclassified): G8 missed it.
    type(doc).objects.filter(pk=doc.pk).update(is_policy=True)
    client.force_login(reviewer)
    html = client.get(reverse("interpretations:monitoring")).content.decode()
    assert f'data-document="{doc.pk}"' in html


def test_staff_panel_tag_offers_drafting_and_shows_g8(rf: RequestFactory, clerk, policy_document):
    request = rf.get("/")
    request.user = clerk
    html = Template(
        "{% load interpretations_tags %}{% document_interpretations_panel document %}"
    ).render(Context({"document": policy_document, "request": request}))
    assert reverse("interpretations:create", args=[policy_document.pk]) in html
    assert 'id="interpretation-missing"' in html


def test_clerk_edits_a_draft(client, clerk, district, policy_document, make_interpretation):
    from gongkai.documents.tests.factories import DocumentFactory

    interpretation = make_interpretation(policy_document)
    second = DocumentFactory(organ=district.education, title="配套实施细则")
    client.force_login(clerk)
    url = reverse("interpretations:edit", args=[interpretation.pk])
    assert "配套实施细则" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "修改后的解读标题",
            "organ": district.education.pk,
            "documents": [policy_document.pk, second.pk],
            "interpreter_name": "王老师",
            "interpreter_phone": "0411-0000 0000",
            "forms": ["text"],
            "elements": ["background"],
            "body": "正文",
        },
    )
    assert response.status_code == 302
    interpretation.refresh_from_db()
    assert interpretation.title == "修改后的解读标题"
    assert set(interpretation.documents.all()) == {policy_document, second}


def test_staff_list_and_media_download(client, clerk, policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document)
    media = services.media_add(
        actor=clerk, interpretation=interpretation, upload=upload("a.png", png_bytes())
    )
    client.force_login(clerk)
    listing = client.get(reverse("interpretations:list"), {"status": "draft"})
    assert interpretation.title in listing.content.decode()
    response = client.get(
        reverse("interpretations:media_download", args=[interpretation.pk, media.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_column_is_named_as_the_seed_says_and_keeps_its_url(client, district):
    # Dalian seed 二 and domain.md §6.3: the column is “政策性文件解读”; /zcjd/ stays.
    from gongkai.core.kit import columns

    column = columns.get("zcjd")
    assert str(column.title) == "政策性文件解读"
    assert reverse("zcjd:list") == "/zcjd/"
    html = client.get(reverse("portal:xxgk")).content.decode()
    assert "政策性文件解读" in html
    assert ">政策解读<" not in html
