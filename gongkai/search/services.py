"""Writes to the search index. Providers (gongkai.core.kit.search) say what is public;
these functions make the index agree, in the entry table and the full-text engine alike."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction

from gongkai.core.kit.search import EntryData, provider_for, providers
from gongkai.documents.models import Topic
from gongkai.lib.segment import SEGMENTER_VERSION, facet_token
from gongkai.search.backends import IndexItem, backend_for
from gongkai.search.backends.base import entry_key
from gongkai.search.models import SearchEntry

logger = logging.getLogger(__name__)


class SearchIndexOutdated(Exception):
    """The entry was indexed by another segmenter: SQLite cannot remove it exactly."""


def index_item(entry: SearchEntry) -> IndexItem:
    """What the full-text engine indexes for an entry."""
    if entry.sort_key is None:
        raise ValueError("a search entry is indexed only once saved (it has no sort key)")
    return IndexItem(
        key=entry.sort_key,
        title=f"{entry.title}\n{entry.reference}" if entry.reference else entry.title,
        body=entry.body,
        facets=tuple(entry.facets.split()),
    )


def _topic_chain(
    topic_id: int | None, known: dict[int | None, list[int]] | None = None
) -> list[int]:
    """The topic and its parents: filtering by a parent topic finds its children's items."""
    if known is not None:
        if topic_id not in known:
            known[topic_id] = _topic_chain(topic_id)
        return known[topic_id]
    chain: list[int] = []
    while topic_id is not None and topic_id not in chain:
        chain.append(topic_id)
        topic_id = Topic.objects.filter(pk=topic_id).values_list("parent_id", flat=True).first()
    return chain


def entry_facets(
    kind: str, data: EntryData, topics: dict[int | None, list[int]] | None = None
) -> list[str]:
    tokens = [facet_token("k", kind)]
    organs = [data.organ_id, *data.co_organ_ids]
    tokens += [facet_token("o", pk) for pk in dict.fromkeys(o for o in organs if o)]
    tokens += [facet_token("t", pk) for pk in _topic_chain(data.topic_id, topics)]
    if data.published_date:
        tokens.append(facet_token("y", data.published_date.year))
    if data.validity:
        tokens.append(facet_token("v", data.validity))
    return tokens


def _fill(
    entry: SearchEntry,
    kind: str,
    data: EntryData,
    topics: dict[int | None, list[int]] | None = None,
) -> None:
    entry.title = data.title[:500]
    entry.reference = data.reference[:120]
    entry.body = data.body
    entry.url = data.url
    entry.organ_id = data.organ_id
    entry.topic_id = data.topic_id
    entry.published_date = data.published_date
    entry.year = data.published_date.year if data.published_date else None
    entry.validity = data.validity
    entry.facets = " ".join(entry_facets(kind, data, topics))
    entry.segmenter = SEGMENTER_VERSION


def _date_ordinal(entry: SearchEntry) -> int:
    return entry.published_date.toordinal() if entry.published_date else 0


def search_entry_refresh(*, kind: str, object_id: int) -> SearchEntry | None:
    """Make the index agree with the provider about one item: add, update or remove it.

    Idempotent. Returns the entry, or None when the item is not public (any entry is
    then removed, so a withdrawn item disappears from results and snippets at once).
    """
    data = provider_for(kind).entry_for(object_id)
    backend = backend_for(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        entry = (
            SearchEntry.objects.select_for_update().filter(kind=kind, object_id=object_id).first()
        )
        # segmenter "" : not in the full-text structures (emptied by a migration).
        if entry is not None and entry.sort_key is not None and entry.segmenter:
            if backend.needs_exact_removal and entry.segmenter != SEGMENTER_VERSION:
                raise SearchIndexOutdated(
                    f"{entry} was indexed by {entry.segmenter!r}; run manage.py reindex_all --rebuild"
                )
            backend.remove(cursor, [index_item(entry)])
        if data is None:
            if entry is not None:
                entry.delete()
            return None
        if entry is None:
            entry = SearchEntry(kind=kind, object_id=object_id)
        _fill(entry, kind, data)
        entry.save()
        entry.sort_key = entry_key(entry.pk, _date_ordinal(entry))
        SearchEntry.objects.filter(pk=entry.pk).update(sort_key=entry.sort_key)
        backend.add(cursor, [index_item(entry)])
    return entry


def search_entries_refresh(*, kind: str, object_ids: Iterable[int]) -> int:
    """``search_entry_refresh`` for many items at once (bulk imports): the provider is asked
    once (``SearchProvider.entries``), new entries are inserted together and indexed in one
    pass. Returns the number of entries now indexed among ``object_ids``."""
    wanted = provider_for(kind).entries(object_ids)
    if not wanted:
        return 0
    backend = backend_for(connection.vendor)
    topics: dict[int | None, list[int]] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        existing = {
            entry.object_id: entry
            for entry in SearchEntry.objects.select_for_update().filter(
                kind=kind, object_id__in=list(wanted)
            )
        }
        stale = [e for e in existing.values() if e.sort_key is not None and e.segmenter]
        if backend.needs_exact_removal and any(e.segmenter != SEGMENTER_VERSION for e in stale):
            raise SearchIndexOutdated(f"{kind} entries indexed by another segmenter")
        if stale:
            backend.remove(cursor, [index_item(e) for e in stale])
        gone = [e.pk for pk, e in existing.items() if wanted[pk] is None]
        SearchEntry.objects.filter(pk__in=gone).delete()
        entries: list[SearchEntry] = []
        for object_id, data in wanted.items():
            if data is None:
                continue
            entry = existing.get(object_id) or SearchEntry(kind=kind, object_id=object_id)
            _fill(entry, kind, data, topics)
            entries.append(entry)
        new = [e for e in entries if e.pk is None]
        SearchEntry.objects.bulk_create(new)
        if any(e.pk is None for e in new):  # a backend that returns no ids
            ids = dict(
                SearchEntry.objects.filter(
                    kind=kind, object_id__in=[e.object_id for e in new]
                ).values_list("object_id", "pk")
            )
            for entry in new:
                entry.pk = ids[entry.object_id]
        created = {id(entry) for entry in new}
        for entry in entries:
            if id(entry) not in created:
                entry.save()
            entry.sort_key = entry_key(entry.pk, _date_ordinal(entry))
        cursor.executemany(
            "UPDATE search_entry SET sort_key = %s WHERE id = %s",
            [(entry.sort_key, entry.pk) for entry in entries],
        )
        backend.add(cursor, [index_item(entry) for entry in entries])
    return len(entries)


def search_entry_remove(*, kind: str, object_id: int) -> None:
    """Remove an item whatever its provider says (e.g. the object was deleted)."""
    backend = backend_for(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        entry = (
            SearchEntry.objects.select_for_update().filter(kind=kind, object_id=object_id).first()
        )
        if entry is None:
            return
        if entry.sort_key is not None and entry.segmenter:
            backend.remove(cursor, [index_item(entry)])
        entry.delete()


def search_index_clear() -> None:
    """Empty the whole index (entries and full-text structures)."""
    backend = backend_for(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        backend.clear(cursor)
        SearchEntry.objects.all().delete()


def search_reindex_all(
    *,
    kinds: Iterable[str] | None = None,
    rebuild: bool = False,
    progress: Callable[[str], Any] | None = None,
) -> int:
    """Index every public item of the given kinds (default: all) and drop stale entries.

    ``rebuild`` empties the index first (required after a segmenter change, and then done
    automatically on SQLite). Returns the number of entries indexed.
    """
    say = progress or (lambda message: None)
    selected = [provider_for(k) for k in kinds] if kinds else providers()
    backend = backend_for(connection.vendor)
    outdated = SearchEntry.objects.exclude(segmenter=SEGMENTER_VERSION).exists()
    if outdated and backend.needs_exact_removal and not rebuild:
        say(f"entries indexed by another segmenter: rebuilding ({SEGMENTER_VERSION})")
        rebuild = True
    if rebuild:
        # The full-text table holds every kind: a rebuild reindexes them all.
        selected = providers()
        search_index_clear()
    total = 0
    for provider in selected:
        seen: set[int] = set()
        for object_id in provider.all_ids():
            seen.add(object_id)
            if search_entry_refresh(kind=provider.kind, object_id=object_id) is not None:
                total += 1
                if total % 1000 == 0:
                    say(f"{total} entries")
        indexed = SearchEntry.objects.filter(kind=provider.kind).values_list("object_id", flat=True)
        for object_id in [pk for pk in indexed.iterator() if pk not in seen]:
            search_entry_remove(kind=provider.kind, object_id=object_id)
    if rebuild:
        with connection.cursor() as cursor:
            backend.optimize(cursor)
    say(f"{total} entries indexed")
    return total
