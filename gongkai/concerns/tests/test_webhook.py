"""The monitoring service's webhook: HMAC signature, replay (same id, stale timestamp),
oversize and malformed payloads, script in a payload."""

from __future__ import annotations

import io
import json
import logging
import time
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.concerns.models import EventState, OpinionCase, Outcome, WebhookDelivery, WebhookEvent
from gongkai.concerns.webhook import process_pending, signature
from gongkai.concerns.workflow import Channel, Status

pytestmark = pytest.mark.django_db

URL = "/api/v1/concerns/webhook"
SECRET = "test-secret-不要外泄"


@pytest.fixture(autouse=True)
def _secret(settings: Any) -> None:
    settings.GONGKAI_CONCERNS_WEBHOOK_SECRET = SECRET


def event(**change: Any) -> dict[str, Any]:
    return {
        "id": "evt-0001",
        "detected_at": "2025-06-10T09:00:00+08:00",
        "source": "某网络论坛",
        "link": "https://bbs.example.com/t/1",
        "topic": "网传示范区某小学校车超载",
        "summary": "帖文称校车超载，转发量较大。",
        "severity": "重大",
        "organs": ["edu"],
        **change,
    }


def post(client: Any, body: bytes, *, secret: str = SECRET, ts: int | None = None,
         sig: str | None = None, **headers: Any) -> Any:  # fmt: skip
    stamp = str(int(time.time()) if ts is None else ts)
    return client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={
            "X-Gongkai-Timestamp": stamp,
            "X-Gongkai-Signature": sig if sig is not None else signature(secret, stamp, body),
            "X-Gongkai-Sender": "monitor-a",
            **headers,
        },
    )


def send(client: Any, payload: dict[str, Any], **kw: Any) -> Any:
    return post(client, json.dumps(payload, ensure_ascii=False).encode(), **kw)


def test_signed_event_is_stored_then_becomes_a_case(client, cast):  # type: ignore[no-untyped-def]
    r = send(client, event())
    assert r.status_code == 202, r.content
    body = r.json()
    stored = WebhookEvent.objects.get()
    assert body == {"id": stored.pk, "event": "monitor-a:evt-0001", "status": "accepted"}
    assert stored.state == EventState.PENDING and not OpinionCase.objects.exists()
    call_command("process_webhook_events", stdout=io.StringIO())
    stored.refresh_from_db()
    case = OpinionCase.objects.get()
    assert stored.state == EventState.PROCESSED and stored.case == case
    assert case.channel == Channel.WEBHOOK
    assert case.status == Status.COLLECTED
    assert case.severity == "major"
    assert case.proposed_organ == cast.district.education
    assert case.external_id == "monitor-a:evt-0001"
    # Accepted deliveries are the events themselves: no second row per call.
    assert not WebhookDelivery.objects.exists()


def test_replay_creates_nothing_new(client, cast):  # type: ignore[no-untyped-def]
    first = send(client, event())
    again = send(client, event(topic="改过的主题"))
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert WebhookEvent.objects.count() == 1
    assert process_pending() == (1, 0)
    third = send(client, event())
    assert third.json() == first.json()
    assert process_pending() == (0, 0)
    assert OpinionCase.objects.count() == 1
    assert OpinionCase.objects.get().topic == "网传示范区某小学校车超载"
    assert not WebhookDelivery.objects.exists()


def test_worker_builds_each_event_exactly_once_in_batches(client, cast):  # type: ignore[no-untyped-def]
    for i in range(7):
        assert send(client, event(id=f"evt-{i}")).status_code == 202
    assert process_pending(batch=3, limit=4) == (4, 0)
    assert OpinionCase.objects.count() == 4
    assert process_pending(batch=3) == (3, 0)
    assert process_pending(batch=3) == (0, 0)
    assert OpinionCase.objects.count() == WebhookEvent.objects.count() == 7
    assert set(WebhookEvent.objects.values_list("state", flat=True)) == {EventState.PROCESSED}
    assert sorted(OpinionCase.objects.values_list("external_id", flat=True)) == sorted(
        WebhookEvent.objects.values_list("external_id", flat=True)
    )


def test_stale_timestamp_is_refused_as_replay(client, cast):  # type: ignore[no-untyped-def]
    r = send(client, event(), ts=int(time.time()) - 3600)
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "stale_timestamp"
    assert not OpinionCase.objects.exists()


@pytest.mark.parametrize("how", ["wrong_secret", "missing", "tampered"])
def test_bad_signature_refused_and_logged(client, cast, caplog, how):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.WARNING, logger="gongkai.concerns.webhook")
    body = json.dumps(event()).encode()
    if how == "wrong_secret":
        r = post(client, body, secret="guess")
    elif how == "missing":
        r = post(client, body, sig="")
    else:
        stamp = str(int(time.time()))
        r = post(client, body.replace(b"evt-0001", b"evt-9999"), ts=int(stamp),
                 sig=signature(SECRET, stamp, body))  # fmt: skip
    assert r.status_code == 401
    assert r.json()["error"] == {
        "code": "bad_signature",
        "message": "签名无效。",
        "gate": None,
        "field": None,
    }
    assert not OpinionCase.objects.exists()
    logged = WebhookDelivery.objects.get()
    assert (logged.outcome, logged.code) == (Outcome.REJECTED, "bad_signature")
    assert any("bad signature" in r.getMessage() for r in caplog.records)


def test_oversize_payload(client, cast, settings):  # type: ignore[no-untyped-def]
    settings.GONGKAI_CONCERNS_WEBHOOK_MAX_BYTES = 2048
    r = send(client, event(summary="长" * 5000))
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"
    assert "2048" in r.json()["error"]["message"]
    assert not OpinionCase.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        (b"{not json", 400, "malformed_body", None),
        (b"\xff\xfe\x00", 400, "malformed_body", None),
        (b"[1, 2]", 400, "malformed_body", None),
        (json.dumps(event(id="")).encode(), 422, "invalid_input", "id"),
        (json.dumps(event(severity="天大")).encode(), 422, "invalid_input", "severity"),
        (json.dumps(event(detected_at="昨天")).encode(), 422, "invalid_input", "detected_at"),
        (json.dumps(event(topic=42)).encode(), 422, "invalid_input", "topic"),
        (json.dumps(event(organs="edu")).encode(), 422, "invalid_input", "organs"),
        (json.dumps(event(link="javascript:alert(1)")).encode(), 422, "invalid_input", "link"),
    ],
)
def test_malformed_payloads_get_a_clear_4xx(client, cast, body, status, code, field):  # type: ignore[no-untyped-def]
    r = post(client, body)
    assert r.status_code == status, r.content
    error = r.json()["error"]
    assert error["code"] == code
    assert error["field"] == field
    assert error["message"]
    assert not OpinionCase.objects.exists()
    assert not WebhookEvent.objects.exists()


def test_disabled_without_secret(client, cast, settings):  # type: ignore[no-untyped-def]
    settings.GONGKAI_CONCERNS_WEBHOOK_SECRET = ""
    r = send(client, event())
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "webhook_disabled"


def test_script_in_payload_never_executes(client, cast):  # type: ignore[no-untyped-def]
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    r = send(client, event(topic=f"话题{evil}", summary=evil))
    assert r.status_code == 202
    process_pending()
    case = OpinionCase.objects.get()
    assert case.summary == evil  # stored as text
    client.force_login(cast.gov_office)
    page = client.get(f"/staff/concerns/{case.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
