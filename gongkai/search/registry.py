"""Which kinds of public items the search index covers (栏目), and how to read them.

A module that publishes something searchable registers a provider in its AppConfig.ready:

    from gongkai.search.registry import EntryData, SearchProvider, register

    register(SearchProvider(
        kind="interpretation", label="政策解读",
        entry_for=interpretation_entry,          # id -> EntryData, or None if not public
        public_ids=public_interpretation_ids,    # ids -> the subset still public
        all_ids=all_public_interpretation_ids,   # () -> ids to index (reindex_all)
    ))

and calls ``gongkai.search.services.search_entry_refresh(kind=…, object_id=…)`` after commit
whenever what the public sees of an item changes (published, withdrawn, edited, expired).
``entry_for`` is the only judge of visibility: it returns None for anything that is not
public, and the entry is then removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class EntryData:
    """What a provider says about one public item."""

    title: str
    url: str
    reference: str = ""  # 文号
    # Searchable text besides the title: summary, keywords, body, attachment texts.
    body: str = ""
    organ_id: int | None = None
    # Further organs the item is filtered under (联合发文).
    co_organ_ids: tuple[int, ...] = ()
    topic_id: int | None = None
    published_date: date | None = None
    validity: str = ""


@dataclass(frozen=True)
class SearchProvider:
    kind: str
    label: str
    entry_for: Callable[[int], EntryData | None]
    public_ids: Callable[[Iterable[int]], set[int]]
    all_ids: Callable[[], Iterable[int]] = field(default=lambda: ())


_PROVIDERS: dict[str, SearchProvider] = {}


def register(provider: SearchProvider) -> None:
    """Register (or replace: idempotent, so ready() and tests may call it again)."""
    _PROVIDERS[provider.kind] = provider


def provider_for(kind: str) -> SearchProvider:
    try:
        return _PROVIDERS[kind]
    except KeyError:
        raise LookupError(f"no search provider registered for kind {kind!r}") from None


def providers() -> list[SearchProvider]:
    return list(_PROVIDERS.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(p.kind, p.label) for p in _PROVIDERS.values()]
