"""Telling applicants the outcome of the selection (列席人员遴选结果).

E-mail through Django's mail when the applicant gave an address, and a text message through
the site's SMS gateway: the backend named by GONGKAI_SMS_BACKEND (the same configured
gateway the 依申请公开 reminders use; loaded by its dotted path, so this module does not
import another domain module). The message names the meeting, the item, the time and place,
and the application number; nothing else about the applicant leaves the system.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.meetings.models import AttendanceApplication
from gongkai.meetings.workflow import ApplicationStatus


def sms_backend() -> Any:
    return import_string(str(settings.GONGKAI_SMS_BACKEND))()


def selection_text(application: AttendanceApplication) -> str:
    item = application.item
    meeting = item.meeting
    when = timezone.localtime(meeting.starts_at).strftime("%Y年%m月%d日 %H:%M")
    if application.status == ApplicationStatus.SELECTED:
        return (
            f"【{settings.SITE_NAME}】您的列席报名（{application.number}）已选定："
            f"{meeting.title}“{item.title}”，{when}，{meeting.location}。"
            "请携带有效身份证件提前20分钟到场签到。"
        )
    return (
        f"【{settings.SITE_NAME}】感谢您报名列席{meeting.title}“{item.title}”"
        f"（{application.number}）。本次名额已满，您未被选中，欢迎关注会议结果发布。"
    )


def send_selection_notice(application: AttendanceApplication) -> None:
    """Raises on failure (the caller gives the claim back and retries later)."""
    text = selection_text(application)
    if application.email:
        EmailMessage(
            subject=f"列席会议报名结果：{application.item.meeting.title}",
            body=text,
            to=[application.email],
        ).send(fail_silently=False)
    sms_backend().send(phone=application.phone, text=text)
