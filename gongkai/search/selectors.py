"""Reads of the search index: the public full-text search.

Only entries are read: an item is in the index only while its provider says it is
public (gongkai.search.services), and every page of hits is checked against the
providers again, so a withdrawn item can never be shown, not even in a snippet.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.safestring import SafeString

from gongkai.core.kit.search import provider_for
from gongkai.documents.models import Validity
from gongkai.lib.segment import Term, facet_token, parse_query
from gongkai.search.backends import SearchQuery, backend_for
from gongkai.search.backends.base import entry_id_of
from gongkai.search.highlight import highlight, snippet
from gongkai.search.models import SearchEntry

logger = logging.getLogger(__name__)

# Matches are counted up to this number ("1000+"): counting every match of a word found
# in most documents costs time in proportion to the corpus (docs/benchmarks.md).
DEFAULT_COUNT_LIMIT = 1000
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class SearchFilters:
    organ: int | None = None
    topic: int | None = None
    year: int | None = None
    validity: str | None = None
    kind: str | None = None

    def facets(self) -> tuple[str, ...]:
        tokens = []
        if self.kind:
            tokens.append(facet_token("k", self.kind))
        if self.organ:
            tokens.append(facet_token("o", self.organ))
        if self.topic:
            tokens.append(facet_token("t", self.topic))
        if self.year:
            tokens.append(facet_token("y", self.year))
        if self.validity:
            tokens.append(facet_token("v", self.validity))
        return tuple(tokens)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    object_id: int
    title_html: SafeString
    snippet_html: SafeString
    url: str
    organ: str
    published_date: date | None
    validity: str
    validity_label: str
    reference: str


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: tuple[Term, ...]
    # Matches, counted up to `count_limit`; `total_capped` when there are more.
    total: int
    total_capped: bool
    page: int
    page_size: int
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def count_limit() -> int:
    return int(getattr(settings, "GONGKAI_SEARCH_COUNT_LIMIT", DEFAULT_COUNT_LIMIT))


def _visible(entries: list[SearchEntry]) -> list[SearchEntry]:
    """Entries whose item the provider still calls public (defence in depth)."""
    by_kind: dict[str, list[int]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, []).append(entry.object_id)
    public: set[tuple[str, int]] = set()
    for kind, ids in by_kind.items():
        try:
            public |= {(kind, pk) for pk in provider_for(kind).public_ids(ids)}
        except LookupError:
            continue
    visible = [e for e in entries if (e.kind, e.object_id) in public]
    if len(visible) < len(entries):
        logger.warning("search index holds %d non-public entries", len(entries) - len(visible))
    return visible


def _hit(entry: SearchEntry, terms: tuple[Term, ...]) -> SearchHit:
    try:
        kind_label = provider_for(entry.kind).label
    except LookupError:
        kind_label = entry.kind
    labels = dict(Validity.choices)
    return SearchHit(
        kind=entry.kind,
        kind_label=kind_label,
        object_id=entry.object_id,
        title_html=highlight(entry.title, terms),
        snippet_html=snippet(entry.body, terms),
        url=entry.url,
        organ=entry.organ.name if entry.organ else "",
        published_date=entry.published_date,
        validity=entry.validity,
        validity_label=str(labels.get(entry.validity, entry.validity)),
        reference=entry.reference,
    )


def search(
    query: str, filters: SearchFilters | None = None, page: int = 1, page_size: int = 20
) -> SearchResults:
    """Public full-text search: every term (AND), filtered, ranked by tier then recency."""
    terms = tuple(parse_query(query))
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    if not terms:
        return SearchResults(query, terms, 0, False, 1, page_size)
    plan = SearchQuery(terms=terms, facets=(filters or SearchFilters()).facets())
    limit = count_limit()
    backend = backend_for(connection.vendor)
    with connection.cursor() as cursor:
        total, keys = backend.page(cursor, plan, (page - 1) * page_size, page_size, limit)
        last = max(1, math.ceil(min(total, limit) / page_size))
        if page > last:  # past the end: show the last page
            page = last
            total, keys = backend.page(cursor, plan, (page - 1) * page_size, page_size, limit)
    capped = total > limit
    total = min(total, limit)
    ids = [entry_id_of(key) for key in keys]
    entries = SearchEntry.objects.select_related("organ").in_bulk(ids)
    ordered = [entries[pk] for pk in ids if pk in entries]
    hits = [_hit(entry, terms) for entry in _visible(ordered)]
    return SearchResults(query, terms, total, capped, page, page_size, hits)


def search_years() -> list[int]:
    """Years that have entries, newest first (for the filter; cached)."""
    years = cache.get("search:years")
    if years is None:
        years = sorted(
            {y for y in SearchEntry.objects.values_list("year", flat=True).distinct() if y},
            reverse=True,
        )
        cache.set("search:years", years, 600)
    return list(years)
