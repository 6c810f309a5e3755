"""Presentation helpers for the staff back office.

Nothing here decides what is allowed: labels, due-date arithmetic for display and the
list of action forms to show are derived from `documents.permissions`,
`documents.workflow` and `lib.workdays`. The services remain the authority; a button
shown by mistake still ends in NotPermitted / TransitionNotAllowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Membership
from gongkai.documents import gates
from gongkai.documents import permissions as perms
from gongkai.documents.models import Document, Validity
from gongkai.documents.selectors import InboxSection
from gongkai.documents.workflow import Event, Status, allowed_events
from gongkai.lib.workdays import WorkCalendar, workdays_between

# Dotted audit names (core.AuditEvent.action) → what staff read in the history table.
ACTION_LABELS: dict[str, Any] = {
    "document.created": _("起草"),
    "document.updated": _("修改草稿"),
    "document.submitted": _("报送审签"),
    "document.disclosure_reviewed": _("公开属性审查通过"),
    "document.returned": _("退回（退文）"),
    "document.signed_off": _("审签"),
    "document.accepted": _("区政府办公室审核通过"),
    "document.confidentiality_reviewed": _("保密审查"),
    "document.published": _("发布"),
    "document.withdrawn": _("撤回"),
    "document.repealed": _("废止"),
    "document.expired": _("失效"),
    "document.attachment_added": _("上传附件"),
    "document.attachment_removed": _("删除附件"),
    # Data migrations of issue 11 (documents 0005, 0006): rows changed without a person.
    "document.reasons_migrated": _("公开属性理由分列（数据迁移，请复核）"),
    "document.organ_migrated": _("代拟稿改以区政府名义发布（数据迁移）"),
    "clock.opened": _("发布期限起算"),
    "clock.changed": _("期限变更"),
    "clock.recomputed": _("节假日安排变更，期限重新计算"),
}

# from/to states of audit rows: workflow states, and 有效性 for 废止 / 失效.
STATE_LABELS: dict[str, Any] = {**dict(Status.choices), **dict(Validity.choices)}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state)) if state else ""


@dataclass(frozen=True)
class DueInfo:
    """A publication deadline as staff see it (overdue is derived, never stored)."""

    due: date
    left: int  # working days from today (exclusive) to due (inclusive); 0 once due
    overdue: bool
    overdue_by: int  # working days past due; 0 when not overdue
    soon: bool


def due_info(due: date | None, today: date, cal: WorkCalendar) -> DueInfo | None:
    if due is None:
        return None
    left = workdays_between(cal, today, due)
    overdue_by = workdays_between(cal, due, today)
    soon = due >= today and left <= settings.GONGKAI_DUE_SOON_WORKDAYS
    return DueInfo(due=due, left=left, overdue=due < today, overdue_by=overdue_by, soon=soon)


@dataclass(frozen=True)
class InboxRow:
    document: Document
    due: DueInfo | None


@dataclass(frozen=True)
class InboxBlock:
    key: str
    title: str
    rows: list[InboxRow]


def inbox_blocks(sections: list[InboxSection], today: date, cal: WorkCalendar) -> list[InboxBlock]:
    """Attach the publication due date (annotated `publication_due`) to each inbox row."""
    return [
        InboxBlock(
            key=section.key,
            title=section.title,
            rows=[
                InboxRow(doc, due_info(getattr(doc, "publication_due", None), today, cal))
                for doc in section.documents
            ],
        )
        for section in sections
    ]


def role_labels(user: Any) -> list[str]:
    """'教育局 · 起草人员' for each membership of the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = Membership.objects.filter(user=user).select_related("organ")
    return [
        f"{m.organ.short_name or m.organ.name} · {m.get_role_display()}"
        for m in memberships.order_by("organ__sort_order", "organ_id", "role")
    ]


def confidentiality_choices(document: Document) -> list[tuple[str, str]]:
    """The items of 逐项审查 with a label: 正文, 附件：<title>."""
    titles = {str(a.pk): a.title for a in document.attachments.all()}
    choices: list[tuple[str, str]] = []
    for item in gates.confidentiality_items(document):
        if item == "body":
            choices.append((item, str(_("正文"))))
        elif item.startswith("attachment:"):
            attachment_id = item.split(":")[1]
            title = titles.get(attachment_id, attachment_id)
            choices.append((item, str(_("附件：")) + title))
        else:
            choices.append((item, item))
    return choices


# Actions that are not a step of the workflow: they do not count as "something to do".
SIDE_ACTIONS = frozenset({"edit", "attachments"})


def available_actions(user: Any, document: Document) -> frozenset[str]:
    """The action forms to show now: the workflow allows the event and the user may do it."""
    events = set(allowed_events(document.status))
    actions: set[str] = set()
    if Event.SUBMIT in events and perms.can_submit_document(user, document):
        actions.add("submit")
    if Event.REVIEW_PASS in events and perms.can_review_disclosure(user, document):
        actions.add("review")
    if Event.SIGN_OFF in events and perms.can_sign_off_document(user, document):
        actions.add("sign_off")
    if {Event.SIGN_OFF_REJECT, Event.GOV_RETURN} & events and perms.can_return_document(
        user, document
    ):
        actions.add("return")
    if Event.GOV_ACCEPT in events and perms.can_review_for_government(user, document):
        actions.add("accept")
    # 保密审查 is not a transition: it is recorded on an issued document before publishing.
    if document.status == Status.ISSUED and perms.can_review_confidentiality(user, document):
        actions.add("confidentiality")
    if Event.PUBLISH in events and perms.can_publish_document(user, document):
        actions.add("publish")
    if Event.WITHDRAW in events and perms.can_withdraw_document(user, document):
        actions.add("withdraw")
    if (
        document.status == Status.PUBLISHED
        and document.validity != Validity.REPEALED
        and perms.can_repeal_document(user, document)
    ):
        actions.add("repeal")
    if perms.can_edit_document(user, document):
        actions.add("edit")
    if perms.can_manage_attachments(user, document):
        actions.add("attachments")
    return frozenset(actions)
