"""Presentation helpers for the documents' staff pages (and the documents block of the 待办).

Nothing here decides what is allowed: labels come from the kit's audit registry, the
action forms to show from `documents.actions` (the kit's `actions_for`), due-date
arithmetic for display from `lib.workdays`. The services remain the authority; a button
shown by mistake still ends in NotPermitted / TransitionNotAllowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import holder_names
from gongkai.core.kit import audit
from gongkai.core.kit.inbox import DueInfo, due_info
from gongkai.core.kit.workflow import actions_for
from gongkai.documents import gates
from gongkai.documents.actions import ACTIONS
from gongkai.documents.models import Document, Validity
from gongkai.documents.selectors import InboxSection, needs_confidentiality_review
from gongkai.documents.workflow import Status
from gongkai.lib.workdays import WorkCalendar

# from/to states of audit rows: workflow states, and 有效性 for 废止 / 失效.
STATE_LABELS: dict[str, Any] = {**dict(Status.choices), **dict(Validity.choices)}


def action_label(action: str) -> str:
    """The label registered in the kit's audit registry (documents' scope first)."""
    return audit.action_label(action, scope="document")


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state)) if state else ""


def _anyone(role: Role) -> str:
    names = [
        m.user.get_full_name() or m.user.get_username()
        for m in Membership.objects.filter(role=role, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ]
    return "、".join(dict.fromkeys(names))


def current_handler(document: Document) -> str:
    """当前办理人: who must act on the document now (names; the role when nobody holds it)."""
    status = document.status
    if status in (Status.DRAFT, Status.RETURNED):
        user = document.created_by
        return (user.get_full_name() or user.get_username()) if user else ""
    if status == Status.DISCLOSURE_REVIEW:
        return holder_names(Role.OPENNESS_OFFICER, document.organ)
    if status == Status.LEGALITY_REVIEW:
        return holder_names(Role.LEGAL, document.organ)
    if status == Status.SIGNOFF:
        return holder_names(Role.HEAD, document.organ)
    if status == Status.GOVERNMENT_OFFICE:
        return _anyone(Role.GOVERNMENT_OFFICE)
    if status == Status.ISSUED and gates.changed_since_signed(document):
        return holder_names(Role.HEAD, document.organ)
    if status == Status.ISSUED and document.attribute == "proactive":
        if needs_confidentiality_review(document):
            return holder_names(Role.CONFIDENTIALITY, document.organ)
        return holder_names(Role.OPENNESS_OFFICER, document.organ)
    return ""


@dataclass(frozen=True)
class InboxRow:
    document: Document
    due: DueInfo | None
    handler: str = ""


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
                InboxRow(
                    doc,
                    due_info(getattr(doc, "publication_due", None), today, cal),
                    current_handler(doc),
                )
                for doc in section.documents
            ],
        )
        for section in sections
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


def available_actions(user: Any, document: Document) -> frozenset[str]:
    """The action forms to show now (documents.actions, through the kit's actions_for)."""
    return frozenset(actions_for(user, document))


def has_workflow_actions(actions: frozenset[str]) -> bool:
    """Something to do besides editing and attachments, among the offered `actions`."""
    return bool(actions - ACTIONS.side_names())
