"""Telling people about cases: escalation alerts to the responsible body and the
coordinators, and the 解疑释惑 notice to a department interpreting a document concerned.

The escalation alerts are queued in the durable outbox by `alerts.alerts_sweep` (one e-mail
per address, one SMS per phone; `send_outbox` delivers and retries); this module builds
their recipients and texts. The 解疑释惑 notice still goes through Django's mail after
commit. Messages name the case, the clock and the deadline.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.accounts.models import Membership, Role, User
from gongkai.calendars.models import Clock
from gongkai.concerns.conf import setting
from gongkai.concerns.models import AlertKind, CaseNotice, OpinionCase

logger = logging.getLogger("gongkai.concerns")

RESPONDER_ROLES = (Role.HEAD, Role.OPENNESS_OFFICER, Role.PROPAGANDA, Role.CLERK)
COORDINATOR_ROLES = (Role.GOVERNMENT_OFFICE, Role.PROPAGANDA, Role.OPENNESS_OFFICER, Role.HEAD)


def sms_backend() -> Any:
    return import_string(str(setting("GONGKAI_SMS_BACKEND")))()


def _users(organ_ids: Iterable[int], roles: Iterable[str]) -> list[User]:
    ids = {pk for pk in organ_ids if pk}
    if not ids:
        return []
    user_ids = Membership.objects.filter(organ_id__in=ids, role__in=list(roles)).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def alert_recipients(case: OpinionCase) -> list[User]:
    """The responsible body (the proposal until confirmed) and the coordinators."""
    responsible = case.responsible_organ_id or case.proposed_organ_id
    coordinators = list(case.coordinators.values_list("pk", flat=True))
    people = {u.pk: u for u in _users([responsible] if responsible else [], RESPONDER_ROLES)}
    for user in _users(coordinators, COORDINATOR_ROLES):
        people.setdefault(user.pk, user)
    return list(people.values())


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local:%H:%M}"


def _remaining(due_at: datetime, now: datetime) -> str:
    minutes = int((due_at - now).total_seconds() // 60)
    if minutes < 0:
        late = -minutes
        return f"已超时{late // 60}小时{late % 60}分钟"
    return f"剩余{minutes // 60}小时{minutes % 60}分钟"


def alert_text(case: OpinionCase, clock: Clock, kind: str, now: datetime) -> str:
    label = "临期预警" if kind == AlertKind.BEFORE else "到期警示"
    assert clock.due_at is not None  # noqa: S101 - hour clocks always have a due moment
    return (
        f"【{settings.SITE_NAME}】舆情{label}：{case.number}“{case.topic[:30]}”"
        f"{clock.get_kind_display()}截止{_when(clock.due_at)}，{_remaining(clock.due_at, now)}，"
        "请及时回应。"
    )


def alert_email(
    case: OpinionCase, clock: Clock, kind: str, now: datetime, recipients: list[str]
) -> EmailMessage:
    label = "临期预警" if kind == AlertKind.BEFORE else "到期警示"
    assert clock.due_at is not None  # noqa: S101
    link = settings.SITE_URL + reverse("concerns:detail", args=[case.pk])
    responsible = case.responsible_organ or case.proposed_organ
    lines = [
        f"舆情编号：{case.number}",
        f"主题：{case.topic}",
        f"等级：{case.get_severity_display()}",
        f"发现时间：{_when(case.detected_at)}",
        f"第一责任主体：{responsible.name if responsible else '待确定'}",
        f"期限：{clock.get_kind_display()}，截止{_when(clock.due_at)}（{_remaining(clock.due_at, now)}）",
        "",
        "特别重大、重大突发事件相关政务舆情，最迟应在5小时内发布权威信息，在24小时内举行新闻"
        "发布会；其他政务舆情应在48小时内予以回应（国办发〔2016〕61号、80号）。",
        "",
        f"办理页面：{link}",
        "",
        "（本邮件由政务公开工作平台自动发送，请勿回复。）",
    ]
    return EmailMessage(
        subject=f"【舆情{label}】{case.number} {clock.get_kind_display()}：{_when(clock.due_at)}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )


def send_notices(notice_ids: list[int]) -> int:
    """E-mail the departments told about a case concerning the documents they interpret.
    Called after commit; a failure leaves `emailed` at 0 (the notice still shows on the
    department's 待办)."""
    sent = 0
    for notice in CaseNotice.objects.filter(pk__in=notice_ids, emailed=0).select_related(
        "case", "document", "organ"
    ):
        people = _users([notice.organ_id], (Role.HEAD, Role.OPENNESS_OFFICER, Role.CLERK))
        emails = sorted({u.email for u in people if u.email})
        if not emails:
            continue
        case = notice.case
        link = settings.SITE_URL + reverse("concerns:detail", args=[case.pk])
        body = "\n".join(
            [
                f"舆情编号：{case.number}（{case.get_severity_display()}）",
                f"主题：{case.topic}",
                f"涉及文件：{notice.document.title}",
                "",
                "该舆情涉及贵单位起草解读的政策性文件。请按照“谁起草谁解读”的要求，跟踪舆情，"
                "及时解疑释惑（国办发〔2016〕80号 二）。",
                "",
                f"办理页面：{link}",
            ]
        )
        try:
            EmailMessage(
                subject=f"【解疑释惑】舆情涉及文件：{notice.document.title[:40]}",
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=emails,
            ).send(fail_silently=False)
        except Exception:  # noqa: BLE001 - mail failure: the notice stays on the 待办
            logger.exception("concerns: notice %s could not be e-mailed", notice.pk)
            continue
        CaseNotice.objects.filter(pk=notice.pk).update(emailed=len(emails))
        sent += 1
    return sent
