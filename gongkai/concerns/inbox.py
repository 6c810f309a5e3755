"""The 舆情 lines of the main 待办 (hook `inbox`): each kind of work with a stable key
("concerns.allocate", "concerns.running", …) and its first tasks inline — the case, who
must act and, for the hour clocks, the deadline to the minute with the time left (red under
an hour: the overdue and under-an-hour lines are urgent)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.concerns import selectors
from gongkai.concerns.allocation import coordinators
from gongkai.concerns.models import OpinionCase, OpinionResponse
from gongkai.concerns.workflow import Status
from gongkai.core.kit.inbox import InboxItem, InboxLink

URGENT = frozenset({"overdue", "urgent"})


def _titles() -> dict[str, str]:
    return {
        "allocate": _("待确认第一责任主体"),
        "disputed": _("责任主体异议待裁定"),
        "overdue": _("已超过回应时限"),
        "urgent": _("1小时内到期"),
        "running": _("待回应（按剩余时间）"),
        "evaluate": _("已回应完毕，待评估办结"),
        "publish": _("回应待在“回应关切”发布"),
        "notices": _("涉及本单位解读文件，待解疑释惑"),
    }


def _organ_name(organ: Any) -> str:
    return str(organ.short_name or organ.name) if organ is not None else ""


def _deadline(due_at: datetime | None, now: datetime) -> str:
    """“截止 12-03 14:00，剩余 3:20” (hour clocks: the time, not working days)."""
    if due_at is None:
        return ""
    minutes = int((due_at - now).total_seconds() // 60)
    due = timezone.localtime(due_at).strftime("%m-%d %H:%M")
    left = f"{abs(minutes) // 60}:{abs(minutes) % 60:02d}"
    if minutes < 0:
        return _("截止 %(due)s，已超时 %(left)s") % {"due": due, "left": left}
    return _("截止 %(due)s，剩余 %(left)s") % {"due": due, "left": left}


def _case_item(
    case: OpinionCase, key: str, now: datetime, office: str, statuses: dict[str, str]
) -> InboxItem:
    if key in ("allocate", "disputed", "evaluate"):
        handler = office
    else:
        handler = _organ_name(case.responsible_organ) or office
    note = _deadline(case.next_due_at, now)
    status = statuses[case.status]
    return InboxItem(
        label=f"{case.number} {case.topic}",
        url=reverse("concerns:detail", args=[case.pk]),
        handler=handler,
        note=f"{status} · {note}" if note else status,
    )


def _response_item(response: OpinionResponse) -> InboxItem:
    case = response.case
    return InboxItem(
        label=f"{case.number} {response.title}",
        url=reverse("concerns:detail", args=[case.pk]) + f"#response-{response.pk}",
        handler=_organ_name(case.responsible_organ) if case.responsible_organ_id else "",
        note=str(response.get_form_display()),
    )


def inbox_links(user: Any, today: date) -> list[InboxLink]:
    """This module's lines on the main 待办 (shown by gongkai.staff.views.inbox)."""
    sections = selectors.inbox_sections(user)
    if not sections:
        return []
    now = timezone.now()
    office = "、".join(_organ_name(o) for o in coordinators())
    titles = _titles()
    # Translated once (get_status_display hashes the lazy labels at every call).
    statuses = {str(value): str(label) for value, label in Status.choices}
    base = reverse("concerns:list")
    module = str(_("舆情回应"))
    return [
        InboxLink(
            module=module,
            title=titles[section.key],
            count=section.count,
            url=base,
            urgent=section.key in URGENT,
            items=tuple(
                _response_item(row)
                if section.key == "publish"
                else _case_item(row, section.key, now, office, statuses)
                for row in section.rows
            ),
            key=f"concerns.{section.key}",
        )
        for section in sections
    ]
