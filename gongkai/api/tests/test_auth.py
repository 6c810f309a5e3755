from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from gongkai.accounts.models import ApiToken, hash_token
from gongkai.api.tests.client import BASE, ApiClient

pytestmark = pytest.mark.django_db


def test_valid_token_authenticates_as_its_user(clerk, api_as):
    response = api_as(clerk).get("/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "clerk"
    assert [(r["organ"]["name"], r["role"]) for r in body["roles"]] == [("示范区教育局", "clerk")]
    assert body["is_administrator"] is False


def test_missing_token_is_401_with_structured_error(district):
    response = ApiClient().get("/documents")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    error = response.json()["error"]
    assert error["code"] == "not_authenticated"
    assert error["gate"] is None and error["field"] is None
    assert "令牌" in error["message"]


def test_unknown_token_is_401(district):
    assert ApiClient("gk_not-a-real-token").get("/me").status_code == 401


def test_revoked_token_is_401(clerk):
    token, raw = ApiToken.issue(user=clerk, name="OA")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    response = ApiClient(raw).get("/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_token_of_inactive_user_is_401(clerk):
    _, raw = ApiToken.issue(user=clerk, name="OA")
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    assert ApiClient(raw).get("/me").status_code == 401


def test_last_used_at_is_written_at_most_once_a_minute(clerk):
    token, raw = ApiToken.issue(user=clerk, name="OA")
    client = ApiClient(raw)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/me")
        token.refresh_from_db()
        assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get("/me")
        token.refresh_from_db()
        assert token.last_used_at == start
    later = start + timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        client.get("/me")
        token.refresh_from_db()
        assert token.last_used_at == later


def test_session_login_works_for_reads(clerk):
    client = Client()
    client.force_login(clerk)
    response = client.get(f"{BASE}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "clerk"


def test_session_write_requires_csrf_token(clerk, district):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    body = {"organ": district.education.pk, "title": "会话起草"}
    response = client.post(f"{BASE}/documents", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"

    csrf = "k" * 32  # as a browser would send it: the cookie and the X-CSRFToken header
    client.cookies["csrftoken"] = csrf
    response = client.post(
        f"{BASE}/documents",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201, response.content


def test_bearer_write_needs_no_csrf_token(clerk, district):
    _, raw = ApiToken.issue(user=clerk, name="OA")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}/documents",
        {"organ": district.education.pk, "title": "OA 推送"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


def test_issue_api_token_command_prints_raw_token_once(clerk):
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", "clerk", "教育局OA", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("gk_")
    token = ApiToken.objects.get(user=clerk)
    assert token.name == "教育局OA"
    assert token.key_hash == hash_token(raw)
    assert raw not in err.getvalue()
    assert ApiClient(raw).get("/me").status_code == 200


def test_issue_api_token_command_rejects_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody", "OA", stdout=StringIO(), stderr=StringIO())
