"""Portal columns (栏目), domain.md §6.2–§6.3: `Column`, its feed items, and the registry.

A module registers its column from its AppConfig.ready with `register(Column(...))`, its
sitemap section with `register_sitemap(section, factory)` (a `CanonicalSitemap`), and names
its feeds' and sections' paths with `feed_paths` and `section_path` — all without importing
the portal, which renders the navigation, the 政府信息公开 page, the 指南's 编排体系,
breadcrumbs, feeds and the sitemap from the registry (`get`, `children`, `nav_columns`, …
here; gongkai.portal.feeds, .sitemaps). A module's own pages ask the registry the same way
(`column_or_404`).

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
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise

from gongkai.core.kit import hooks


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


def register(column: Column) -> Column:
    """Add or replace a column (hook `portal_columns`; idempotent: a second ready() registers
    the same key again)."""
    return hooks.register("portal_columns", column, key=column.key)  # type: ignore[no-any-return]


def unregister(key: str) -> None:
    hooks.unregister("portal_columns", key)


def _registry() -> dict[str, Column]:
    return hooks.registered_items("portal_columns")


def registered(key: str) -> Column | None:
    return _registry().get(key)


def all_columns() -> list[Column]:
    return sorted(_registry().values(), key=lambda c: (c.order, c.key))


def get(key: str) -> Column | None:
    """The column if it is registered and available, else None."""
    column = _registry().get(key)
    if column is None or not column.is_available():
        return None
    if column.parent is not None and get(column.parent) is None:
        return None
    return column


def column_or_404(key: str) -> Column:
    """The column of a page; a column without content or module has no page (no empty
    placeholders)."""
    column = get(key)
    if column is None:
        raise Http404
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
    shown = [c for c in _registry().values() if c.nav is not None and get(c.key) is not None]
    return sorted(shown, key=lambda c: (c.nav or 0, c.key))


def ancestors(key: str) -> list[Column]:
    """The column's parents, outermost first (for breadcrumbs)."""
    chain: list[Column] = []
    column = _registry().get(key)
    seen = {key}
    while column is not None and column.parent and column.parent not in seen:
        seen.add(column.parent)
        column = _registry().get(column.parent)
        if column is not None:
            chain.append(column)
    return list(reversed(chain))


def available_keys() -> frozenset[str]:
    """Keys of the columns shown now: what the static site's navigation depends on."""
    return frozenset(c.key for c in _registry().values() if get(c.key) is not None)


def with_feeds() -> list[Column]:
    return [c for c in all_columns() if c.feed is not None and get(c.key) is not None]


def feed_paths(key: str) -> list[str]:
    """The paths of a column's RSS 2.0 and Atom feeds (served by the portal)."""
    return [
        reverse("portal:feed_rss", kwargs={"key": key}),
        reverse("portal:feed_atom", kwargs={"key": key}),
    ]


def feed_moment(day: date | None, moment: datetime | None) -> datetime:
    """An item's date is its 发布日期: the moment of publication when it fell on that day,
    otherwise the start of that day (Asia/Shanghai) — e.g. an imported document, whose
    moment of publication on this platform is the import."""
    if day is None:
        return moment or timezone.now()
    if moment is not None and timezone.localdate(moment) == day:
        return moment
    return timezone.make_aware(datetime.combine(day, time()))


class CanonicalSitemap(Sitemap):
    """Locations absolute on settings.SITE_URL, not on the request's host: a section is the
    same bytes whether Django serves it or it is published as a file."""

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"


def register_sitemap(section: str, factory: Callable[[], Sitemap]) -> None:
    """A module's own sitemap section (hook `sitemaps`), listed in the portal's index."""
    hooks.register("sitemaps", factory, key=section)


def section_path(section: str) -> str:
    return reverse("portal:sitemap_section", kwargs={"section": section})
