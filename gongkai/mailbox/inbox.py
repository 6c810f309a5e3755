"""The mailbox's lines on the staff 待办 (hook `inbox`): open messages by remaining working
days, overdue and due-soon first (urgent); 征集调查 closed and waiting for their 结果反馈."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.mailbox import selectors


def inbox_links(user: Any, today: date) -> list[Any]:
    # The staff app's InboxLink shape (module, title, count, url, urgent), built without
    # importing the staff app (the kit's hook registry carries it).
    from gongkai.core.kit.inbox import InboxLink

    url = reverse("mailbox:list")
    links = [
        InboxLink(
            module="mailbox",
            title=band.label,
            count=count,
            url=f"{url}?due={band.key}",
            urgent=band.urgent,
        )
        for band, count in selectors.due_counts(user, today)
        if count
    ]
    waiting = selectors.solicitations_awaiting_results(user)
    if waiting:
        links.append(
            InboxLink(
                module="mailbox",
                title=str(_("征集调查待公布结果反馈")),
                count=waiting,
                url=reverse("mailbox:solicitations") + "?status=closed",
                key="solicitations",
            )
        )
    return links
