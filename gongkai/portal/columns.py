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

from gongkai.core.kit import hooks
from gongkai.core.kit.columns import Column, register, remembered_availability, unregister

__all__ = ["register", "remembered_availability", "unregister"]


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
