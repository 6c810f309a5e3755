"""The registry of portal columns (栏目), domain.md §6.2–§6.3.

A column is a registered, pluggable piece: the portal registers its own in
`gongkai.portal.apps.PortalConfig.ready`, and a module that brings a column registers it
from its own `AppConfig.ready` (政策解读: `gongkai.interpretations.columns.register`). The
main navigation, the 政府信息公开 page, the 指南's 编排体系, breadcrumbs, feeds and the
sitemap all render from here.

A column is shown only while `available()` is true: when its module exists and, for
columns whose page is a list, when it has content. An empty placeholder column is never
shown (国办秘函〔2019〕19号 counts "栏目不更新" against a site; a column that cannot be kept
filled is closed, 47号).

`available()` runs on every page that renders the navigation: keep it to a cheap
`exists()` query, or none. Within `remembered_availability()` (a publishing batch, which
renders many pages from one state of the database) each column asks it once.
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


_REGISTRY: dict[str, Column] = {}


def register(column: Column) -> Column:
    """Add or replace a column (idempotent: a second ready() registers the same key again)."""
    _REGISTRY[column.key] = column
    return column


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def registered(key: str) -> Column | None:
    return _REGISTRY.get(key)


def all_columns() -> list[Column]:
    return sorted(_REGISTRY.values(), key=lambda c: (c.order, c.key))


def get(key: str) -> Column | None:
    """The column if it is registered and available, else None."""
    column = _REGISTRY.get(key)
    if column is None or not column.is_available():
        return None
    if column.parent is not None and get(column.parent) is None:
        return None
    return column


def children(parent: str | None) -> list[Column]:
    """Available columns under `parent` (None: top level), in order."""
    return [
        c
        for c in all_columns()
        if c.parent == parent and c.is_available() and (parent is None or get(parent))
    ]


def nav_columns() -> list[Column]:
    """The main navigation: available columns with a nav position."""
    shown = [c for c in _REGISTRY.values() if c.nav is not None and get(c.key) is not None]
    return sorted(shown, key=lambda c: (c.nav or 0, c.key))


def ancestors(key: str) -> list[Column]:
    """The column's parents, outermost first (for breadcrumbs)."""
    chain: list[Column] = []
    column = _REGISTRY.get(key)
    seen = {key}
    while column is not None and column.parent and column.parent not in seen:
        seen.add(column.parent)
        column = _REGISTRY.get(column.parent)
        if column is not None:
            chain.append(column)
    return list(reversed(chain))


def available_keys() -> frozenset[str]:
    """Keys of the columns shown now: what the static site's navigation depends on."""
    return frozenset(c.key for c in _REGISTRY.values() if get(c.key) is not None)


def with_feeds() -> list[Column]:
    return [c for c in all_columns() if c.feed is not None and get(c.key) is not None]
