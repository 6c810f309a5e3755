"""Portal columns (栏目) as modules declare them: `Column` and its feed items.

A module registers its column from its AppConfig.ready with
`gongkai.core.kit.hooks.register("portal_columns", Column(...), key=...)` (or the portal's
`gongkai.portal.columns.register`), without importing the portal; the portal renders the
navigation, the 政府信息公开 page, the 指南's 编排体系, breadcrumbs, feeds and the sitemap
from the registry (gongkai.portal.columns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


def always() -> bool:
    return True


@dataclass(frozen=True)
class FeedEntry:
    """One item of a column's RSS/Atom feed."""

    title: str
    path: str
    description: str
    published: datetime
    updated: datetime
    uid: str
    author: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    title: str | Promise  # a lazy translation: the column's title follows the language
    # A URL name (reversed without arguments) or an absolute path.
    url_name: str
    parent: str | None = None
    order: int = 100
    description: str | Promise = ""
    # Position in the main navigation; None keeps the column out of it.
    nav: int | None = None
    available: Callable[[], bool] = always
    # The newest items of the column, newest first, for its RSS 2.0 and Atom feeds.
    feed: Callable[[int], Sequence[FeedEntry]] | None = None
    # False for pages Django must always serve (forms, per-visitor pages): never published.
    static: bool = True

    @property
    def url(self) -> str:
        if self.url_name.startswith("/"):
            return self.url_name
        return reverse(self.url_name)

    def is_available(self) -> bool:
        memo = _AVAILABILITY.get()
        if memo is not None and self.key in memo:
            return memo[self.key]
        try:
            available = bool(self.available())
        except NoReverseMatch:
            available = False
        if memo is not None:
            memo[self.key] = available
        return available


_AVAILABILITY: ContextVar[dict[str, bool] | None] = ContextVar("column_availability", default=None)


@contextmanager
def remembered_availability() -> Iterator[None]:
    """Ask each column's `available()` once inside the block, not once per page."""
    token = _AVAILABILITY.set({})
    try:
        yield
    finally:
        _AVAILABILITY.reset(token)
