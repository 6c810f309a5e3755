"""The monitoring service's webhook (舆情监测服务推送): a signed JSON event becomes a case.

Signature: ``X-Gongkai-Timestamp: <unix seconds>`` and
``X-Gongkai-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the shared
secret GONGKAI_CONCERNS_WEBHOOK_SECRET>``. A missing or wrong signature, or a timestamp
outside the tolerance, is refused (401) and logged (WebhookDelivery + the log), never parsed.

Body (UTF-8 JSON object, at most GONGKAI_CONCERNS_WEBHOOK_MAX_BYTES):

    {"id": "evt-20261203-0001",            # the sender's id: idempotency key (required)
     "detected_at": "2026-12-03T09:00+08:00",
     "source": "某网络论坛", "link": "https://…",
     "topic": "…", "summary": "…",
     "severity": "重大" | "major" | …,
     "organs": ["edu", "示范区教育局"],      # slugs or full names (optional)
     "documents": ["<uuid>" | "<索引号>" | "<文号>"]}   # optional

The signature and the event are checked, then the event is stored by ONE insert
(`WebhookEvent`, unique on the sender's id) and the answer is 202
``{"id": <event id>, "event": "<sender>:<id>", "status": "accepted"}``: stored, the case
follows. The `process_webhook_events` job (every minute, or ``--loop``) builds the cases
from pending events in batches, each exactly once. A repeated id inserts nothing and gets
the same 202 answer. A malformed event is refused 4xx before anything is stored. Text is
stored as text and always escaped on output: script in a payload never runs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db import connections, router, transaction
from django.db.models import Field, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gongkai.concerns import services
from gongkai.concerns.conf import setting
from gongkai.concerns.models import (
    EventState,
    OpinionCase,
    Outcome,
    WebhookDelivery,
    WebhookEvent,
)
from gongkai.concerns.workflow import Channel, Severity
from gongkai.core.exceptions import InvalidInput
from gongkai.documents.models import Document
from gongkai.organizations.models import Organ

logger = logging.getLogger("gongkai.concerns.webhook")

SEVERITY_NAMES = {str(label): value for value, label in Severity.choices} | {
    value: value for value in Severity.values
}
# The labels in Chinese whatever the active language.
SEVERITY_NAMES |= {
    "特别重大": "extraordinary",
    "重大": "major",
    "较大": "large",
    "一般": "ordinary",
}


@dataclass(frozen=True)
class WebhookResult:
    status: int
    body: dict[str, Any]
    case: OpinionCase | None = None


def _error(status: int, code: str, message: str, field: str | None = None) -> WebhookResult:
    return WebhookResult(
        status, {"error": {"code": code, "message": message, "gate": None, "field": field}}
    )


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def _log(outcome: str, code: str, remote: str, size: int, external_id: str = "",
         case: OpinionCase | None = None) -> None:  # fmt: skip
    WebhookDelivery.objects.create(
        outcome=outcome,
        code=code,
        remote_addr=remote[:64],
        size=size,
        external_id=external_id[:100],
        case=case,
    )


def _refuse(status: int, code: str, message: str, remote: str, size: int,
            field: str | None = None, external_id: str = "") -> WebhookResult:  # fmt: skip
    _log(Outcome.REJECTED, code, remote, size, external_id)
    return _error(status, code, message, field)


def _str(payload: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = payload.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("字段 %(field)s 须为字符串。") % {"field": key}, field=key)
    if required and not value.strip():
        raise InvalidInput(_("缺少字段 %(field)s。") % {"field": key}, field=key)
    return value


def _list(payload: dict[str, Any], key: str) -> list[str]:
    value = payload.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(_("字段 %(field)s 须为字符串数组。") % {"field": key}, field=key)
    if len(value) > 50:
        raise InvalidInput(_("字段 %(field)s 的条目过多。") % {"field": key}, field=key)
    return [v.strip() for v in value if v.strip()]


def _organs(refs: list[str]) -> list[Organ]:
    found = []
    for ref in refs:
        organ = Organ.objects.filter(
            Q(slug=ref) | Q(name=ref) | Q(short_name=ref), is_active=True
        ).first()
        if organ is not None and organ not in found:
            found.append(organ)
    return found


def _documents(refs: list[str]) -> list[Document]:
    found = []
    for ref in refs:
        q = Q(index_number=ref) | Q(doc_number=ref)
        try:
            import uuid

            q |= Q(uid=uuid.UUID(ref))
        except ValueError:
            pass
        document = Document.objects.filter(q).first()
        if document is not None and document not in found:
            found.append(document)
    return found


def _detected(value: str) -> datetime:
    moment = parse_datetime(value.strip()) if value else None
    if moment is None:
        raise InvalidInput(
            _("detected_at 须为 ISO 8601 时间，如 2026-12-03T09:00+08:00。"), field="detected_at"
        )
    if timezone.is_naive(moment):
        # A time without offset is Beijing time (the monitoring services' convention).
        moment = timezone.make_aware(moment)
    return moment


ACCEPTED_STATUS = 202


def _answer(event_id: int, external_id: str) -> WebhookResult:
    """The answer to a stored event; a replay gets exactly the same one."""
    return WebhookResult(
        ACCEPTED_STATUS, {"id": event_id, "event": external_id, "status": "accepted"}
    )


def _normalised(payload: dict[str, Any]) -> dict[str, Any]:
    """The event checked without the database (types, lengths, severity, time, link):
    what the worker turns into a case. InvalidInput names the field."""
    severity = SEVERITY_NAMES.get(_str(payload, "severity").strip())
    if severity is None:
        raise InvalidInput(_("severity 须为 特别重大、重大、较大 或 一般。"), field="severity")
    data = services.validate_case_data(
        services.CaseData(
            detected_at=_detected(_str(payload, "detected_at")),
            source=_str(payload, "source"),
            link=_str(payload, "link", required=False),
            summary=_str(payload, "summary"),
            topic=_str(payload, "topic"),
            severity=severity,
        )
    )
    return {
        "detected_at": data.detected_at.isoformat(),
        "source": data.source,
        "link": data.link,
        "summary": data.summary,
        "topic": data.topic,
        "severity": data.severity,
        "organs": _list(payload, "organs"),
        "documents": _list(payload, "documents"),
    }


def _insert(
    external_id: str, payload: dict[str, Any], sender: str, remote: str, size: int
) -> int | None:
    """One INSERT … ON CONFLICT DO NOTHING RETURNING id (PostgreSQL and SQLite ≥ 3.35): the
    new event's id, or None when the sender's id is stored already."""
    meta = WebhookEvent._meta
    connection = connections[router.db_for_write(WebhookEvent)]
    values = {
        "external_id": external_id,
        "received_at": timezone.now(),
        "payload": payload,
        "sender": sender[:40],
        "remote_addr": remote[:64],
        "size": size,
        "state": EventState.PENDING,
        "error": "",
    }
    fields = [cast("Field[Any, Any]", meta.get_field(name)) for name in values]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(meta.db_table)
    unique = connection.ops.quote_name("external_id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608 - names from the model
            f"ON CONFLICT ({unique}) DO NOTHING RETURNING {connection.ops.quote_name('id')}",
            params,
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def receive(
    *, body: bytes, headers: dict[str, str], remote: str, content_length: int | None
) -> WebhookResult:
    """Check the signature, validate the event and store it durably in one INSERT; answer
    202 (the case is built by the `process_webhook_events` job). A replay of the same
    sender id inserts nothing and answers the same 202. Refusals are logged
    (WebhookDelivery) with the caller's address, never the body."""
    size = len(body) if body is not None else (content_length or 0)
    limit = int(setting("GONGKAI_CONCERNS_WEBHOOK_MAX_BYTES"))
    secret = str(setting("GONGKAI_CONCERNS_WEBHOOK_SECRET") or "")
    if not secret:
        return _error(503, "webhook_disabled", _("舆情监测推送接口未启用（未配置共享密钥）。"))
    if (content_length or 0) > limit or size > limit:
        return _refuse(413, "payload_too_large",
                       _("请求体过大：不能超过 %(limit)s 字节。") % {"limit": limit}, remote, size)  # fmt: skip
    timestamp = headers.get("timestamp", "")
    given = headers.get("signature", "")
    expected = signature(secret, timestamp, body)
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        logger.warning("concerns webhook: bad signature from %s (%s bytes)", remote, size)
        return _refuse(401, "bad_signature", _("签名无效。"), remote, size)
    try:
        sent = int(timestamp)
    except ValueError:
        return _refuse(401, "bad_timestamp", _("时间戳无效。"), remote, size)
    if abs(time.time() - sent) > int(setting("GONGKAI_CONCERNS_WEBHOOK_TOLERANCE_SECONDS")):
        logger.warning("concerns webhook: stale timestamp from %s", remote)
        return _refuse(
            401, "stale_timestamp", _("时间戳超出允许范围，可能是重放的请求。"), remote, size
        )
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _refuse(
            400, "malformed_body", _("请求体无法解析：须为 UTF-8 编码的 JSON 对象。"), remote, size
        )
    if not isinstance(payload, dict):
        return _refuse(400, "malformed_body", _("请求体须为 JSON 对象。"), remote, size)
    external_id = payload.get("id")
    if not isinstance(external_id, str) or not external_id.strip() or len(external_id) > 100:
        return _refuse(
            422,
            "invalid_input",
            _("缺少事件编号 id（不超过100个字符）。"),
            remote,
            size,
            field="id",
        )
    sender = headers.get("sender") or "monitor"
    external_id = f"{sender}:{external_id.strip()}"[:100]
    try:
        event = _normalised(payload)
    except InvalidInput as exc:
        return _refuse(422, "invalid_input", exc.message, remote, size, field=exc.field,
                       external_id=external_id)  # fmt: skip
    event_id = _insert(external_id, event, sender, remote, size)
    if event_id is None:
        event_id = WebhookEvent.objects.filter(external_id=external_id).values_list(
            "pk", flat=True
        )[0]
    return _answer(event_id, external_id)


# --- the worker ---------------------------------------------------------------------------------


def _case_data(event: dict[str, Any]) -> services.CaseData:
    return services.CaseData(
        detected_at=datetime.fromisoformat(event["detected_at"]),
        source=event["source"],
        link=event["link"],
        summary=event["summary"],
        topic=event["topic"],
        severity=event["severity"],
        organs=_organs(list(event.get("organs") or [])),
        documents=_documents(list(event.get("documents") or [])),
    )


def process_pending(*, batch: int = 200, limit: int | None = None) -> tuple[int, int]:
    """Turn pending events into cases, a batch per transaction: each event's case, clocks
    and state commit together, so an event becomes exactly one case (a crash rolls the
    batch back and the next run takes it again; the case's unique external id guards the
    rest). Concurrent workers skip each other's rows (PostgreSQL SKIP LOCKED). Returns
    (processed, failed)."""
    processed = failed = 0
    while limit is None or processed + failed < limit:
        size = batch if limit is None else min(batch, limit - processed - failed)
        with transaction.atomic():
            rows = list(
                WebhookEvent.objects.select_for_update(skip_locked=True)
                .filter(state=EventState.PENDING)
                .order_by("pk")[:size]
            )
            if not rows:
                break
            now = timezone.now()
            for row in rows:
                try:
                    with transaction.atomic():
                        case = services.case_create(
                            actor=f"webhook:{row.sender or 'monitor'}"[:150],
                            data=_case_data(row.payload),
                            channel=Channel.WEBHOOK,
                            external_id=row.external_id,
                            check_permission=False,
                        )
                except InvalidInput as exc:
                    row.state, row.error = EventState.FAILED, f"{exc.field}: {exc.message}"
                    failed += 1
                    logger.warning("concerns webhook: event %s failed: %s", row.external_id, exc)
                else:
                    row.state, row.case = EventState.PROCESSED, case
                    processed += 1
                row.processed_at = now
                row.save(update_fields=["state", "case", "error", "processed_at"])
    return processed, failed
