"""Who reaches which page: login, 404 for other departments, 403 for the unauthorised."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.documents.models import Document

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("staff:inbox", {}),
        ("staff:document_list", {}),
        ("staff:document_create", {}),
        ("staff:document_detail", {"pk": 1}),
        ("staff:document_history", {"pk": 1}),
    ],
)
def test_anonymous_is_redirected_to_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_anonymous_post_to_an_action_is_redirected_to_login(client, draft):
    response = client.post(reverse("staff:document_submit", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_login_page_has_stable_ids_and_logs_in_to_inbox(client, clerk):
    page = client.get(reverse("accounts:login"))
    html = page.content.decode()
    assert 'id="id_username"' in html
    assert 'id="id_password"' in html
    assert 'type="submit"' in html
    response = client.post(
        reverse("accounts:login"), {"username": "clerk", "password": "gongkai-demo"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:inbox")


def test_login_with_wrong_password_shows_chinese_error(client, clerk):
    response = client.post(reverse("accounts:login"), {"username": "clerk", "password": "x"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_logout_is_a_post(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("staff:inbox")).status_code == 302


@pytest.mark.parametrize(
    "name", ["staff:document_detail", "staff:document_edit", "staff:document_history"]
)
def test_other_clerk_gets_404_on_an_education_draft(client, other_clerk, draft, name):
    client.force_login(other_clerk)
    assert client.get(reverse(name, args=[draft.pk])).status_code == 404


def test_other_clerk_cannot_act_on_an_education_draft_and_learns_nothing(
    client, other_clerk, draft
):
    client.force_login(other_clerk)
    response = client.post(reverse("staff:document_submit", args=[draft.pk]))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_other_clerk_does_not_see_the_draft_in_the_list(client, other_clerk, draft):
    client.force_login(other_clerk)
    response = client.get(reverse("staff:document_list"))
    assert draft.title not in response.content.decode()


def test_citizen_gets_an_empty_inbox(client, citizen, draft):
    client.force_login(citizen)
    response = client.get(reverse("staff:inbox"))
    assert response.status_code == 200
    assert response.context["blocks"] == []
    assert response.context["roles"] == []
    html = response.content.decode()
    assert "您尚未被分配岗位" in html
    assert draft.title not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_citizen_gets_403_on_drafting(client, citizen, method):
    client.force_login(citizen)
    response = getattr(client, method)(reverse("staff:document_create"), {"title": "x"})
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()
    assert not Document.objects.exists()


def test_citizen_gets_404_not_403_on_a_document_action(client, citizen, draft):
    # Existence is not leaked: a document the user cannot see is a 404 even for a POST.
    client.force_login(citizen)
    response = client.post(reverse("staff:document_publish", args=[draft.pk]))
    assert response.status_code == 404


def test_visible_but_not_permitted_action_gets_the_chinese_403_page(client, clerk, issued):
    client.force_login(clerk)
    response = client.post(reverse("staff:document_publish", args=[issued.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "只有本单位政务公开工作机构可以发布。" in html
    issued.refresh_from_db()
    assert issued.status == "issued"


def test_actions_refuse_get(client, clerk, draft):
    client.force_login(clerk)
    assert client.get(reverse("staff:document_submit", args=[draft.pk])).status_code == 405
