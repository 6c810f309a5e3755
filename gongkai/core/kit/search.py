"""Which kinds of public items the search index covers (栏目), and how to read them: the
provider registry of the kit, so that a module registers its provider without importing
the search app (which indexes and queries what the providers say).

A module that publishes something searchable registers a provider in its AppConfig.ready:

    from gongkai.core.kit.search import EntryData, SearchProvider, register

    register(SearchProvider(
        kind="interpretation", label="政策解读",
        entry_for=interpretation_entry,          # id -> EntryData, or None if not public
        public_ids=public_interpretation_ids,    # ids -> the subset still public
        all_ids=all_public_interpretation_ids,   # () -> ids to index (reindex_all)
        model=Interpretation,
    ))

Optionally ``entries_for`` (ids → {id: EntryData} of those that are public) answers many
items at once; bulk work (imports) then costs a few queries per chunk instead of per item.
Without it, ``entry_for`` is called for each.

A module announces every change of what the public sees of an item (published, withdrawn,
edited, expired) with ``gongkai.core.kit.hooks.announce_public_change(instance, change)``:
the search app then refreshes the entry of the provider registered for that model.
``entry_for`` is the only judge of visibility: it returns None for anything that is not
public, and the entry is then removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai.core.kit import hooks


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
    # The model whose public changes (kit.hooks.public_change) refresh this kind's entries.
    model: type[Any] | None = None
    # Optional: ids → {id: EntryData} for the public ones (missing ids are not public).
    entries_for: Callable[[Iterable[int]], dict[int, EntryData]] | None = None

    def entries(self, object_ids: Iterable[int]) -> dict[int, EntryData | None]:
        """Every id → its EntryData, or None if it is not public."""
        ids = list(dict.fromkeys(object_ids))
        if self.entries_for is not None:
            found = self.entries_for(ids)
            return {pk: found.get(pk) for pk in ids}
        return {pk: self.entry_for(pk) for pk in ids}


def register(provider: SearchProvider) -> None:
    """Register (or replace: idempotent, so ready() and tests may call it again) in the
    kit's hook registry (hook `search_providers`)."""
    hooks.register("search_providers", provider, key=provider.kind)


def provider_for(kind: str) -> SearchProvider:
    try:
        return hooks.registered_items("search_providers")[kind]  # type: ignore[no-any-return]
    except KeyError:
        raise LookupError(f"no search provider registered for kind {kind!r}") from None


def providers() -> list[SearchProvider]:
    return hooks.registered("search_providers")


def kind_choices() -> list[tuple[str, str]]:
    return [(p.kind, p.label) for p in providers()]
