"""Settings of the 舆情 module, read at call time with defaults (tests override them with
`settings`). None is required; the lead may list them in config/settings.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Case numbers: {prefix}-{year}-{serial:05d}, e.g. YQ-2026-00012.
    "GONGKAI_CONCERNS_CASE_PREFIX": "YQ",
    # The monitoring service's webhook: the shared secret of its HMAC-SHA256 signature.
    # Empty: the webhook is switched off (503).
    "GONGKAI_CONCERNS_WEBHOOK_SECRET": "",
    # Largest webhook body accepted, in bytes (larger: 413).
    "GONGKAI_CONCERNS_WEBHOOK_MAX_BYTES": 64 * 1024,
    # How far the signed timestamp may be from now, in seconds (older: refused as a replay).
    "GONGKAI_CONCERNS_WEBHOOK_TOLERANCE_SECONDS": 300,
    # The slug of the propaganda department (宣传部门), a coordinator of every case with
    # the government office (国办发〔2016〕61号). Unknown slug: the office coordinates alone.
    "GONGKAI_CONCERNS_PROPAGANDA_ORGAN": "propaganda",
    # Alerts before a deadline: hours ahead, per clock kind (and again at the deadline).
    "GONGKAI_CONCERNS_ALERT_LEAD_HOURS": {"release": 1, "press": 4, "response": 8},
    # The SMS gateway (shared with the other modules' reminders): a dotted path to a class
    # with send(phone=…, text=…).
    "GONGKAI_SMS_BACKEND": "gongkai.inforequests.notifications.LogSmsBackend",
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
