"""政策解读 on the main 待办 (hook `inbox`): the head signs the interpretations of the organ's
documents (谁起草谁解读, 同步审签: gate G8 asks for it at the document's sign-off)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import holder_names, organs_for_role
from gongkai.core.kit.inbox import InboxItem, InboxLink
from gongkai.interpretations import selectors
from gongkai.interpretations.workflow import Status

INBOX_ITEMS = 10


def awaiting_sign_off(user: Any) -> Any:
    heads = organs_for_role(user, Role.HEAD)
    if not heads:
        return selectors.interpretations_visible_to(user).none()
    return (
        selectors.interpretations_visible_to(user)
        .filter(organ_id__in=heads, status=Status.DRAFT)
        .prefetch_related("documents")
        .order_by("created_at", "pk")
    )


def inbox_links(user: Any, today: date) -> list[InboxLink]:
    pending = list(awaiting_sign_off(user)[:200])
    if not pending:
        return []
    return [
        InboxLink(
            module=str(_("政策解读")),
            title=str(_("待审签的政策解读")),
            count=len(pending),
            url=f"{reverse('interpretations:list')}?status={Status.DRAFT}",
            items=tuple(
                InboxItem(
                    label=interpretation.title,
                    url=reverse("interpretations:detail", args=[interpretation.pk]),
                    handler=holder_names(Role.HEAD, interpretation.organ),
                    note="、".join(d.title for d in interpretation.documents.all())[:120],
                )
                for interpretation in pending[:INBOX_ITEMS]
            ),
            key="interpretations.sign_off",
        )
    ]
