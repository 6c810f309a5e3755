"""can_<verb>_message(user, message) predicates and the queryset scoper.

- Handlers of a message: the department it is addressed to (its clerks and head) and the
  openness office covering that department (Role.OPENNESS_OFFICER; the 区政府's office covers
  every department below it). They accept, transfer, reply, convert, refer and refuse.
- Publishing a reply as 留言选登 is the openness office's (it checks the masked copy).
- Administrators see every message for support; nobody else sees any. The writer follows
  the message with its query code (`MessageWriter`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator, organs_for_role
from gongkai.mailbox.models import PublicMessage

__all__ = [
    "MessageWriter",
    "can_handle_message",
    "can_publish_message",
    "can_rate_message",
    "can_view_message",
    "can_view_mailbox",
    "handled_organ_ids",
    "publisher_organ_ids",
    "scope_messages",
    "can_manage_solicitation",
    "can_view_solicitation",
    "scope_solicitations",
]


class MessageWriter(str):
    """The writer of one message, acting without an account after proving its query code.

    A ``str`` so that the audit trail records the label “留言人（查询码）” with no user row
    (as 依申请公开's CaseApplicant); it holds no role anywhere.
    """

    message_id: int
    is_authenticated = False

    def __new__(cls, message_id: int, label: str = "留言人（查询码）") -> MessageWriter:
        actor = super().__new__(cls, label)
        actor.message_id = message_id
        return actor


def handled_organ_ids(user: Any) -> set[int]:
    """Organs whose messages `user` handles (cached on the user object for the request, like
    its memberships: the 待办 asks several times)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_mailbox_handled", None)
    if cached is None:
        cached = organs_for_role(user, Role.OPENNESS_OFFICER)
        cached |= organs_for_role(user, Role.CLERK) | organs_for_role(user, Role.HEAD)
        user._mailbox_handled = cached
    return set(cached)


def can_handle_message(user: Any, message: PublicMessage) -> bool:
    return message.organ_id in handled_organ_ids(user)


def publisher_organ_ids(user: Any) -> set[int]:
    """Organs whose replies `user` publishes as 留言选登 (its openness office)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return organs_for_role(user, Role.OPENNESS_OFFICER)


def can_publish_message(user: Any, message: PublicMessage) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, message.organ_id)


def can_view_message(user: Any, message: PublicMessage) -> bool:
    return can_handle_message(user, message) or is_administrator(user)


def can_view_mailbox(user: Any) -> bool:
    return bool(handled_organ_ids(user)) or is_administrator(user)


def can_rate_message(actor: Any, message: PublicMessage) -> bool:
    return isinstance(actor, MessageWriter) and actor.message_id == message.pk


def scope_messages(user: Any, qs: QuerySet[PublicMessage]) -> QuerySet[PublicMessage]:
    if is_administrator(user):
        return qs
    return qs.filter(organ_id__in=handled_organ_ids(user))


# --- 征集调查 -----------------------------------------------------------------------------------


def can_manage_solicitation(user: Any, solicitation: Any) -> bool:
    """The organising department (clerks, head) and the openness office covering it."""
    return solicitation.organ_id in handled_organ_ids(user)


def can_view_solicitation(user: Any, solicitation: Any) -> bool:
    return can_manage_solicitation(user, solicitation) or is_administrator(user)


def scope_solicitations(user: Any, qs: QuerySet[Any]) -> QuerySet[Any]:
    if is_administrator(user):
        return qs
    return qs.filter(organ_id__in=handled_organ_ids(user))
