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

A repeated id answers 200 with the existing case and creates nothing; a new one 201.
Text is stored as text and always escaped on output: script in a payload never runs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gongkai.concerns import services
from gongkai.concerns.conf import setting
from gongkai.concerns.models import OpinionCase, Outcome, WebhookDelivery
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


def receive(
    *, body: bytes, headers: dict[str, str], remote: str, content_length: int | None
) -> WebhookResult:
    """Check, parse and register one delivery; the HTTP status and JSON body to answer.
    One transaction: the case, its clocks and the delivery log commit together, so the
    sender's 201 means the case is stored."""
    with transaction.atomic():
        return _receive(body=body, headers=headers, remote=remote, content_length=content_length)


def _receive(
    *, body: bytes, headers: dict[str, str], remote: str, content_length: int | None
) -> WebhookResult:
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
    external_id = f"{headers.get('sender') or 'monitor'}:{external_id.strip()}"[:100]
    existing = OpinionCase.objects.filter(external_id=external_id).first()
    if existing is not None:
        _log(Outcome.REPLAYED, "replayed", remote, size, external_id, existing)
        return WebhookResult(
            200, {"id": existing.pk, "number": existing.number, "created": False}, existing
        )
    try:
        severity = SEVERITY_NAMES.get(_str(payload, "severity").strip())
        if severity is None:
            raise InvalidInput(_("severity 须为 特别重大、重大、较大 或 一般。"), field="severity")
        data = services.CaseData(
            detected_at=_detected(_str(payload, "detected_at")),
            source=_str(payload, "source"),
            link=_str(payload, "link", required=False),
            summary=_str(payload, "summary"),
            topic=_str(payload, "topic"),
            severity=severity,
            organs=_organs(_list(payload, "organs")),
            documents=_documents(_list(payload, "documents")),
        )
        case = services.case_create(
            actor=f"webhook:{headers.get('sender') or 'monitor'}"[:150],
            data=data,
            channel=Channel.WEBHOOK,
            external_id=external_id,
            check_permission=False,
        )
    except InvalidInput as exc:
        return _refuse(422, "invalid_input", exc.message, remote, size, field=exc.field,
                       external_id=external_id)  # fmt: skip
    created = (
        case.external_id == external_id
        and not WebhookDelivery.objects.filter(case=case, outcome=Outcome.ACCEPTED).exists()
    )
    _log(Outcome.ACCEPTED if created else Outcome.REPLAYED, "", remote, size, external_id, case)
    return WebhookResult(
        201 if created else 200, {"id": case.pk, "number": case.number, "created": created}, case
    )
