"""Telling applicants the outcome of the selection (列席人员遴选结果).

Through the durable outbox (`gongkai.core.kit.outbox`): the notices are rows committed with
the selection that decided them, and the `send_outbox` job delivers each once (a text
message through the site's SMS gateway, and an e-mail when the applicant gave an address),
retrying failures. The message names the meeting, the item, the time and place, and the
application number; nothing else about the applicant leaves the system.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from gongkai.core.kit.outbox import enqueue
from gongkai.core.models import OutboxChannel
from gongkai.meetings.models import AttendanceApplication
from gongkai.meetings.workflow import ApplicationStatus


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


def enqueue_selection_notice(application: AttendanceApplication) -> int:
    """Queue the notice of one decided application, in the caller's transaction. Keyed per
    application and channel, so queuing again sends nothing twice. Returns how many queued."""
    text = selection_text(application)
    meeting = application.item.meeting
    key = f"meetings:application:{application.pk}:selection"
    enqueue(
        key=f"{key}:sms",
        channel=OutboxChannel.SMS,
        recipient=application.phone,
        body=text,
        about=meeting,
    )
    queued = 1
    if application.email:
        enqueue(
            key=f"{key}:email",
            channel=OutboxChannel.EMAIL,
            recipient=application.email,
            subject=f"列席会议报名结果：{meeting.title}",
            body=text,
            about=meeting,
        )
        queued += 1
    return queued
