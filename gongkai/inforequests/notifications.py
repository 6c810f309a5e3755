"""Telling staff about deadlines: e-mail through Django's mail, SMS through a gateway.

The SMS gateway lives in the module kit (`gongkai.core.kit.sms`: :class:`SmsBackend`, chosen
by GONGKAI_SMS_BACKEND); its names are re-exported here, where the setting's dotted path has
always pointed. Messages name the case and the deadline, never the applicant's personal data:
mail and SMS leave the system. (What the applicant is told goes through the outbox:
`gongkai.inforequests.messages`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from gongkai.core.kit.sms import HttpSmsBackend, LogSmsBackend, SmsBackend, SmsError, sms_backend
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
