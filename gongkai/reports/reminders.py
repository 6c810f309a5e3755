"""G16 reminders (条例第四十九条): the annual report on last year is due by 31 January for a
department and by 31 March for the people's government (its office compiles it).

From a month before the deadline, every organ whose report is not yet published is reminded
once (``due_soon``), and once more when the deadline has passed (``late``). The reminders go
through the durable outbox (:mod:`gongkai.core.kit.outbox`): each is a row enqueued under a
key naming the organ, the report year, the kind and the recipient, so however often the job
runs (cron, ``--loop``, two runs overlapping) each recipient gets each reminder exactly once,
and the `send_outbox` job delivers it with retries.

Recipients: the openness office (政务公开工作机构, 条例第四条) of the organ — for a department
without one, that of the government above it — and, for the government's report, the
government office (区政府办公室) that compiles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import holders
from gongkai.core.kit.outbox import enqueue
from gongkai.core.models import OutboxChannel, OutboxMessage
from gongkai.organizations.models import Organ, OrganKind
from gongkai.reports.selectors import Due, reports_due_in

__all__ = ["DUE_SOON", "LATE", "ReminderRun", "recipients", "reminder_key", "reminders_enqueue"]

DUE_SOON = "due_soon"
LATE = "late"


@dataclass
class ReminderRun:
    due: int = 0  # organs whose report is due or late
    queued: int = 0  # messages enqueued by this run
    already: int = 0  # messages enqueued by an earlier run
    no_recipient: int = 0  # organs nobody with an e-mail address answers for


def reminder_key(organ: Organ, year: int, kind: str, user: Any) -> str:
    return f"reports:g16:{organ.pk}:{year}:{kind}:{user.pk}"


def recipients(organ: Organ) -> list[Any]:
    """Who is reminded about ``organ``'s report (active users with an e-mail address)."""
    users = list(holders(Role.OPENNESS_OFFICER, organ))
    if organ.kind == OrganKind.DISTRICT_GOVERNMENT:
        office = Membership.objects.filter(
            role=Role.GOVERNMENT_OFFICE, user__is_active=True
        ).filter(organ__in=[organ.pk, *organ.children.values_list("pk", flat=True)])
        users += [m.user for m in office.select_related("user").order_by("user__username")]
    seen: set[int] = set()
    out = []
    for user in users:
        if user.pk not in seen and (user.email or "").strip():
            seen.add(user.pk)
            out.append(user)
    return out


def _list_url(year: int) -> str:
    try:
        return f"{settings.SITE_URL}{reverse('reports:list')}?year={year}"
    except NoReverseMatch:  # a URLconf without the staff site (the API alone)
        return settings.SITE_URL


def _message(due: Due, kind: str, user: Any) -> tuple[str, str]:
    head = f"【{settings.SITE_NAME}】"
    day = f"{due.due.year}年{due.due.month}月{due.due.day}日"
    if kind == LATE:
        subject = f"{head}{due.organ.name}{due.year}年度政府信息公开工作年度报告已逾期未发布"
        state = f"已超过法定期限（{day}）仍未发布，请尽快完成核验、审签并发布。"
    else:
        subject = f"{head}{due.organ.name}{due.year}年度政府信息公开工作年度报告即将到期"
        state = f"须于{day}前发布，目前尚未发布，请抓紧编制、核验、审签。"
    progress = (
        f"当前状态：{due.report.get_status_display()}。" if due.report else "当前状态：尚未编制。"
    )
    body = "\n".join(
        [
            f"{user.get_full_name() or user.get_username()}：",
            "",
            f"根据《中华人民共和国政府信息公开条例》第四十九条，{due.organ.name}"
            f"{due.year}年度政府信息公开工作年度报告{state}",
            progress,
            f"年度报告：{_list_url(due.year)}",
            "",
            "（本邮件由政务公开平台自动发送，请勿直接回复。）",
        ]
    )
    return subject, body


def reminders_enqueue(*, today: date, dry_run: bool = False) -> ReminderRun:
    """Enqueue the G16 reminders due on ``today`` (idempotent; see the module docstring)."""
    run = ReminderRun()
    for due in reports_due_in(None, today):
        run.due += 1
        kind = LATE if due.late else DUE_SOON
        users = recipients(due.organ)
        if not users:
            run.no_recipient += 1
            continue
        for user in users:
            key = reminder_key(due.organ, due.year, kind, user)
            if OutboxMessage.objects.filter(key=key).exists():
                run.already += 1
                continue
            run.queued += 1
            if dry_run:
                continue
            subject, body = _message(due, kind, user)
            with transaction.atomic():
                enqueue(
                    key=key,
                    channel=OutboxChannel.EMAIL,
                    recipient=user.email,
                    subject=subject,
                    body=body,
                    about=due.report if due.report is not None else due.organ,
                )
    return run
