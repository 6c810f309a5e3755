"""Telling staff about deadlines: e-mail through Django's mail, SMS through a gateway.

The SMS gateway is a small protocol (:class:`SmsBackend`) and a backend chosen by the
GONGKAI_SMS_BACKEND setting (a dotted path): :class:`LogSmsBackend` (the default) writes the
message to the log, :class:`HttpSmsBackend` posts JSON to GONGKAI_SMS_URL — the shape most
government SMS platforms (政务短信平台) accept behind an adapter. Messages name the case and the
deadline, never the applicant's personal data: mail and SMS leave the system.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.module_loading import import_string

from gongkai.inforequests.conf import setting
from gongkai.inforequests.letters import zh_date
from gongkai.inforequests.models import InfoRequest, ReminderKind

__all__ = [
    "HttpSmsBackend",
    "LogSmsBackend",
    "Reminder",
    "SmsBackend",
    "SmsError",
    "reminder_email",
    "reminder_sms_text",
    "sms_backend",
]

logger = logging.getLogger("gongkai.sms")


class SmsError(Exception):
    """The gateway did not accept the message."""


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str) -> None:
        """Send one message or raise SmsError."""


class LogSmsBackend:
    """Development and default: the message goes to the log (console) only."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class HttpSmsBackend:
    """POST ``{"phone": …, "text": …, "sign": SITE_NAME}`` as JSON to GONGKAI_SMS_URL.

    A 2xx answer is success; anything else (or no answer within the timeout) raises SmsError,
    and the reminder is retried by the next run. GONGKAI_SMS_TOKEN, if set, is sent as a
    bearer token.
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

    def send(self, *, phone: str, text: str) -> None:
        body = json.dumps(
            {"phone": phone, "text": text, "sign": settings.SITE_NAME}, ensure_ascii=False
        ).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
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


@dataclass(frozen=True)
class Reminder:
    """One reminder about one deadline of one case."""

    info_request: InfoRequest
    kind: str
    due_date: date
    workdays: int  # left before the deadline (due soon) or past it (overdue)


def _state(reminder: Reminder) -> str:
    if reminder.kind == ReminderKind.OVERDUE:
        return f"已超过答复期限{reminder.workdays}个工作日"
    if reminder.workdays == 0:
        return "今日到期"
    return f"剩余{reminder.workdays}个工作日"


def reminder_sms_text(reminder: Reminder) -> str:
    ir = reminder.info_request
    return (
        f"【{settings.SITE_NAME}】依申请公开{ir.case_number}答复期限为"
        f"{zh_date(reminder.due_date)}，{_state(reminder)}，请及时办理。"
    )


def reminder_email(reminder: Reminder, recipients: list[str]) -> EmailMessage:
    ir = reminder.info_request
    label = "已超期" if reminder.kind == ReminderKind.OVERDUE else "即将到期"
    subject = f"【{label}】依申请公开 {ir.case_number} 答复期限：{zh_date(reminder.due_date)}"
    link = settings.SITE_URL + reverse("inforequests:detail", args=[ir.pk])
    lines = [
        f"申请编号：{ir.case_number}",
        f"受理机关：{ir.organ.name}",
        f"所需信息：{ir.info_title or ir.info_doc_number or ir.info_description[:60]}",
        f"当前状态：{ir.get_status_display()}",
        f"答复期限：{zh_date(reminder.due_date)}（{_state(reminder)}）",
        "",
        "行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，"
        "应当经政府信息公开工作机构负责人同意并告知申请人（条例第三十三条）。",
        "",
        f"办理页面：{link}",
        "",
        "（本邮件由政务公开工作平台自动发送，请勿回复。）",
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
