"""The SMS gateway (短信网关): a small protocol and its backends, chosen by GONGKAI_SMS_BACKEND.

:class:`LogSmsBackend` (the default) writes the message to the log, :class:`HttpSmsBackend`
posts JSON to GONGKAI_SMS_URL — the shape most government SMS platforms (政务短信平台) accept
behind an adapter — and :class:`LocmemSmsBackend` keeps messages in memory for tests (like
Django's locmem mail backend). Every send carries the outbox message's id, so a gateway that
deduplicates by it never delivers a retried message twice.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gongkai.sms")

DEFAULTS: dict[str, Any] = {
    "GONGKAI_SMS_BACKEND": "gongkai.core.kit.sms.LogSmsBackend",
    "GONGKAI_SMS_URL": "",
    "GONGKAI_SMS_TOKEN": "",
    "GONGKAI_SMS_TIMEOUT_SECONDS": 10,
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


class SmsError(Exception):
    """The gateway did not accept the message."""


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        """Send one message or raise SmsError."""


class LogSmsBackend:
    """Development and default: the message goes to the log (console) only."""

    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        logger.info("SMS to %s: %s", phone, text)


class LocmemSmsBackend:
    """Tests: messages are appended to ``LocmemSmsBackend.outbox``."""

    outbox: ClassVar[list[dict[str, str]]] = []

    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        LocmemSmsBackend.outbox.append({"phone": phone, "text": text, "id": message_id})


class HttpSmsBackend:
    """POST ``{"phone": …, "text": …, "sign": SITE_NAME, "id": …}`` as JSON to GONGKAI_SMS_URL.

    A 2xx answer is success; anything else (or no answer within the timeout) raises SmsError
    and the caller retries later. GONGKAI_SMS_TOKEN, if set, is sent as a bearer token; the
    message id also goes as the ``Idempotency-Key`` header.
    """

    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url if url is not None else str(setting("GONGKAI_SMS_URL"))
        self.token = token if token is not None else str(setting("GONGKAI_SMS_TOKEN"))
        self.timeout = float(
            timeout if timeout is not None else setting("GONGKAI_SMS_TIMEOUT_SECONDS")
        )
        if not self.url.startswith(("http://", "https://")):
            raise SmsError("GONGKAI_SMS_URL must be an http(s) URL")

    def send(self, *, phone: str, text: str, message_id: str = "") -> None:
        payload = {"phone": phone, "text": text, "sign": settings.SITE_NAME}
        if message_id:
            payload["id"] = message_id
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if message_id:
            headers["Idempotency-Key"] = message_id
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 - the URL is configuration, checked above
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway answered {exc.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from None
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered {status}")


def sms_backend() -> SmsBackend:
    backend_class: Any = import_string(str(setting("GONGKAI_SMS_BACKEND")))
    backend: SmsBackend = backend_class()
    return backend
