"""The lines a module adds to the main 待办 (hook `inbox`): kit types, so that a domain
module registers its tasks without importing the back office (`gongkai.staff.inbox` shows
them). A provider is ``(user, today) -> list[InboxLink]``, registered with
``hooks.register("inbox", provider, key=…)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InboxItem:
    """One task shown inline on the main 待办: what, who must act (当前办理人), by when."""

    label: str
    url: str
    handler: str = ""
    due: date | None = None
    note: str = ""


@dataclass(frozen=True)
class InboxLink:
    module: str
    title: str
    count: int
    url: str
    # Overdue or about to be: shown first and marked.
    urgent: bool = False
    # The first tasks of the section, shown inline with their deadlines (not behind a count).
    items: tuple[InboxItem, ...] = ()
    key: str = ""
