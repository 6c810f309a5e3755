"""The mailbox's lines on the staff 待办 (hook `inbox`), each with a stable key and its
first tasks inline (InboxItem: the message, the department that handles it, its limit):

- "mailbox.overdue" / "mailbox.soon" / "mailbox.week" / "mailbox.later": open messages by
  remaining working days (overdue and due-soon are urgent);
- "mailbox.publish": replies the writer agreed to publish, for the openness office that
  selects them for 留言选登;
- "mailbox.solicitations": 征集调查 closed and waiting for their 结果反馈.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.kit.inbox import InboxItem, InboxLink
from gongkai.mailbox import selectors
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.workflow import Kind, Status

INBOX_ITEMS = 10  # tasks shown inline per line


def _organ_name(organ: Any) -> str:
    return str(organ.short_name or organ.name)


def _message_item(message: PublicMessage, *, due: date | None, labels: dict[str, str]) -> InboxItem:
    return InboxItem(
        label=f"{message.number} {message.subject}",
        url=reverse("mailbox:detail", args=[message.pk]),
        handler=_organ_name(message.organ),
        due=due,
        note=f"{labels[message.kind]} · {labels[message.status]}",
    )


def inbox_links(user: Any, today: date) -> list[InboxLink]:
    url = reverse("mailbox:list")
    module = str(_("留言办理"))
    # The choices' labels, translated once (get_FOO_display hashes lazy labels each time).
    labels = {str(v): str(label) for v, label in (*Kind.choices, *Status.choices)}
    links = [
        InboxLink(
            module=module,
            title=band.label,
            count=count,
            url=f"{url}?due={band.key}",
            urgent=band.urgent,
            items=tuple(_message_item(m, due=m.open_due, labels=labels) for m in messages),
            key=f"mailbox.{band.key}",
        )
        for band, count, messages in selectors.inbox_bands(user, today, per_band=INBOX_ITEMS)
    ]
    to_publish = selectors.messages_awaiting_publication(user, today)
    count = to_publish.count()
    if count:
        links.append(
            InboxLink(
                module=module,
                title=str(_("已答复、留言人同意公开，待选登")),
                count=count,
                url=f"{url}?status=replied",
                items=tuple(
                    _message_item(m, due=None, labels=labels) for m in to_publish[:INBOX_ITEMS]
                ),
                key="mailbox.publish",
            )
        )
    closed = selectors.solicitations_closed_for(user)
    count = closed.count()
    if count:
        links.append(
            InboxLink(
                module=str(_("征集调查")),
                title=str(_("征集调查待公布结果反馈")),
                count=count,
                url=reverse("mailbox:solicitations") + "?status=closed",
                items=tuple(
                    InboxItem(
                        label=f"{s.number} {s.title}",
                        url=reverse("mailbox:solicitation", args=[s.pk]),
                        handler=_organ_name(s.organ),
                        note=str(_("参与%(n)s人次") % {"n": s.response_count}),
                    )
                    for s in closed[:INBOX_ITEMS]
                ),
                key="mailbox.solicitations",
            )
        )
    return links
