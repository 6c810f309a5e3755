"""The interpretation endpoints over HTTP, as an OA system drives them."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.accounts.models import ApiToken
from gongkai.core.models import events_for
from gongkai.interpretations.models import Interpretation
from gongkai.lib.tests.overlap_samples import COPIED_INTERPRETATION

from .factories import png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.interpretations.tests.api_urls")]

BASE = "/api/v1/interpretations"


class Api:
    def __init__(self, user):
        _, raw = ApiToken.issue(user=user, name="OA")
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path="", **params):
        return self.client.get(BASE + path, params)

    def send(self, method, path="", body=None, **headers):
        return getattr(self.client, method)(
            BASE + path,
            data=json.dumps(body or {}),
            content_type="application/json",
            headers=headers,
        )


@pytest.fixture
def api_as():
    return Api


def test_create_sign_off_and_read(api_as, clerk, head, policy_document):
    as_clerk = api_as(clerk)
    created = as_clerk.send(
        "post",
        body={
            "title": "《示范区学前教育资助办法》解读",
            "documents": [policy_document.pk],
            "interpreter_name": "李老师",
            "interpreter_phone": "0411-8888 1234",
            "forms": ["text", "qa"],
            "elements": ["background", "objectives", "main_content", "scope", "standards"],
            "body": COPIED_INTERPRETATION,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["status_label"] == "起草中"
    assert body["organ"]["id"] == policy_document.organ_id
    assert body["documents"][0]["id"] == policy_document.pk
    path = f"/{body['id']}"

    patched = as_clerk.send("patch", path, {"interpreter_phone": "0411-1111 2222"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["interpreter_phone"] == "0411-1111 2222"

    # Only the head signs off: the clerk gets 403.
    assert as_clerk.send("post", f"{path}/sign-off").status_code == 403
    signed = api_as(head).send("post", f"{path}/sign-off", {"opinion": "同意"})
    assert signed.status_code == 200, signed.content
    signed = signed.json()
    assert signed["status"] == "signed_off"
    assert signed["copy_ratio"] > 0.85
    assert any("避免简单摘抄" in w for w in signed["warnings"])

    listed = as_clerk.get(status="signed_off")
    assert [i["id"] for i in listed.json()] == [body["id"]]
    assert as_clerk.get(path).json()["signed_off_by"]
    assert as_clerk.send("patch", path, {"title": "改"}).status_code == 409


def test_create_is_idempotent_with_a_key(api_as, clerk, policy_document):
    as_clerk = api_as(clerk)
    body = {"title": "解读", "documents": [policy_document.pk]}
    first = as_clerk.send("post", body=body, **{"Idempotency-Key": "k1"})
    second = as_clerk.send("post", body=body, **{"Idempotency-Key": "k1"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert Interpretation.objects.count() == 1


def test_invisible_document_is_a_400_and_invisible_interpretation_a_404(
    api_as, clerk, other_clerk, policy_document, make_interpretation
):
    refused = api_as(other_clerk).send(
        "post", body={"title": "解读", "documents": [policy_document.pk]}
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "documents"
    interpretation = make_interpretation(policy_document)
    assert api_as(other_clerk).get(f"/{interpretation.pk}").status_code == 404


def test_bad_form_value_is_a_validation_error(api_as, clerk, policy_document):
    response = api_as(clerk).send(
        "post", body={"title": "解读", "documents": [policy_document.pk], "forms": ["poster"]}
    )
    assert response.status_code == 422


def test_sign_off_problem_is_a_400_with_the_field(
    api_as, head, policy_document, make_interpretation
):
    interpretation = make_interpretation(policy_document, interpreter_phone="")
    response = api_as(head).send("post", f"/{interpretation.pk}/sign-off")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "interpreter_phone"


def test_attach_media(api_as, clerk, policy_document, make_interpretation):
    interpretation = make_interpretation(policy_document)
    client = api_as(clerk).client
    ok = client.post(
        f"{BASE}/{interpretation.pk}/media",
        {"file": SimpleUploadedFile("一图读懂.png", png_bytes()), "title": "一图读懂"},
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["kind"] == "png" and ok.json()["title"] == "一图读懂"
    bad = client.post(
        f"{BASE}/{interpretation.pk}/media", {"file": SimpleUploadedFile("a.mp4", b"hello")}
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "file"
    assert events_for(interpretation).filter(action="interpretation.media_added").count() == 1


def test_anonymous_is_401():
    assert Client().get(BASE).status_code == 401


def test_openapi_documents_the_endpoints(api_as, clerk):
    schema = api_as(clerk).client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/interpretations" in paths
    assert "/api/v1/interpretations/{interpretation_id}/sign-off" in paths
    assert "/api/v1/interpretations/{interpretation_id}/media" in paths
