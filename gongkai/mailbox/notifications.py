"""What the writer of a message (留言人) is told through the kit's durable outbox.

The services call :func:`notify` inside their transaction, so a message is queued exactly
when the step commits (and never when it rolls back). It goes to the writer's e-mail when
one was given, otherwise by SMS to the phone; with neither (a message registered by phone
without a number), nothing is sent. Keys are stable (``mailbox:<pk>:<what>``): one message
per step. Told: 受理 (with the reply limit), 转办 (to which department, and why) and 答复
(the reply in the e-mail; the SMS points to the tracking page: query codes are never sent
again, the writer holds it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from gongkai.core.kit.outbox import enqueue
from gongkai.core.models import OutboxChannel
from gongkai.mailbox.models import PublicMessage

__all__ = ["notify"]


def _track_url() -> str:
    try:
        path = reverse("mailbox_public:track")
    except NoReverseMatch:
        return ""
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def _texts(message: PublicMessage, what: str, data: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS text)."""
    head = f"您的留言（编号{message.number}，主题“{message.subject}”）"
    track = _track_url()
    where = (
        f"可凭留言编号和查询码在{track}查询办理情况。"
        if track
        else "可凭留言编号和查询码查询办理情况。"
    )
    if what == "accepted":
        due = data.get("reply_due")
        line = f"{head}已由{message.organ.name}受理" + (
            f"，将于{due.isoformat()}前答复。" if isinstance(due, date) else "。"
        )
        return "留言已受理", f"{line}\n{where}", f"{line}{where}"
    if what == "transferred":
        line = f"{head}已转由{message.organ.name}办理，理由：{data.get('reason', '')}。"
        return "留言已转办", f"{line}\n{where}", f"{line}{where}"
    line = f"{head}已由{message.organ.name}答复。"
    email = f"{line}\n\n答复内容：\n{message.reply}\n\n{where}"
    return "留言已答复", email, f"{line}{where}"


def notify(message: PublicMessage, what: str, *, key: str = "", **data: Any) -> None:
    """Queue the writer's notice of `what` (accepted, transferred, replied)."""
    if message.email:
        channel, recipient = OutboxChannel.EMAIL, message.email
    elif message.phone:
        channel, recipient = OutboxChannel.SMS, message.phone
    else:
        return
    subject, body, sms = _texts(message, what, data)
    enqueue(
        key=f"mailbox:{message.pk}:{key or what}",
        channel=channel,
        recipient=recipient,
        subject=f"{subject}（{message.number}）" if channel == OutboxChannel.EMAIL else "",
        body=body if channel == OutboxChannel.EMAIL else sms,
        about=message,
    )
