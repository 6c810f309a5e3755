"""The lines a module adds to the main 待办 (hook `inbox`): kit types and the provider
registry, so that a domain module registers its tasks without importing the back office.

The main 待办 (`gongkai.staff.views.inbox`) lists documents and, below them, one line per
non-empty section of every other module's own inbox, with its count, a link to the module's
list filtered the same way and its first tasks inline (`InboxItem`: 当前办理人 and deadline).
So a handler sees every pending task on one page, whatever module it belongs to.

A provider is ``(user, today) -> list[InboxLink]``, registered from the module's
AppConfig.ready with ``register_provider(key, provider)``. `due_info` is the deadline as
staff see it (left / overdue in working days), shared by every module's lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from gongkai.core.kit import hooks
from gongkai.lib.workdays import WorkCalendar, workdays_between


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


InboxProvider = Callable[[Any, date], list[InboxLink]]


def register_provider(key: str, provider: InboxProvider) -> None:
    """Add or replace a provider (hook `inbox`; idempotent: a second ready() registers the
    same key)."""
    hooks.register("inbox", provider, key=key)


def unregister_provider(key: str) -> None:
    hooks.unregister("inbox", key)


def links_for(user: Any, today: date) -> list[InboxLink]:
    """Every provider's lines for `user`, urgent ones first, otherwise in provider order."""
    links = [link for provider in hooks.registered("inbox") for link in provider(user, today)]
    return sorted(links, key=lambda link: not link.urgent)


@dataclass(frozen=True)
class DueInfo:
    """A deadline as staff see it (overdue is derived, never stored)."""

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
