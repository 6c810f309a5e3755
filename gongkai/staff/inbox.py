"""Other modules' 待办 on the back office's main inbox (待办).

The main inbox lists documents. A module with its own case list (依申请公开, …) registers a
provider from its AppConfig.ready; the inbox shows one line per non-empty section of that
module's own inbox, with its count, a link to the module's list filtered the same way and its
first tasks inline (`InboxItem`: 当前办理人 and deadline).
So a handler sees every pending task on one page, whatever module it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from gongkai.core.kit import hooks
from gongkai.core.kit.inbox import InboxItem, InboxLink

__all__ = ["InboxItem", "InboxLink", "links_for", "register", "unregister"]


InboxProvider = Callable[[Any, date], list[InboxLink]]


def register(key: str, provider: InboxProvider) -> None:
    """Add or replace a provider in the kit's hook registry (hook `inbox`; idempotent: a
    second ready() registers the same key)."""
    hooks.register("inbox", provider, key=key)


def unregister(key: str) -> None:
    hooks.unregister("inbox", key)


def links_for(user: Any, today: date) -> list[InboxLink]:
    """Every provider's lines for `user`, urgent ones first, otherwise in provider order."""
    links = [link for provider in hooks.registered("inbox") for link in provider(user, today)]
    return sorted(links, key=lambda link: not link.urgent)
