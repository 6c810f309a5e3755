"""The mailbox's lines on the staff 待办 (hook `inbox`): open messages by remaining working
days, overdue and due-soon first (urgent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from gongkai.mailbox import selectors


def inbox_links(user: Any, today: date) -> list[Any]:
    # The staff app's InboxLink shape (module, title, count, url, urgent), built without
    # importing the staff app (the kit's hook registry carries it).
    from gongkai.core.kit.inbox import InboxLink

    url = reverse("mailbox:list")
    return [
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
