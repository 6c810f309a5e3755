"""Recall against an exact-substring oracle, on a generated corpus of real vocabulary.

The corpus and the query set ship with the tests (data/recall_corpus.json.gz), so the test
means the same on a bare checkout. They are a snapshot of bench/corpus_gen.py's
``generate(300, seed=11)`` over the real corpus in ../shared/corpus and of its ``QUERIES``
(the benchmark runs the same at a million documents): government phrases, two-character
words, longer words, phrases that are not dictionary words, several terms, single
characters, numbers and 文号. To refresh it, regenerate with the benchmark's generator and
write the same JSON fields.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import rjieba
from django.db import connection

from gongkai.core.kit.search import SearchProvider, register
from gongkai.lib.segment import normalize, parse_query
from gongkai.search.backends import SearchQuery, Tier, backend_for
from gongkai.search.backends.base import entry_id_of, entry_key
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search
from gongkai.search.services import index_item

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).parent / "data" / "recall_corpus.json.gz"
_DATA = json.loads(gzip.decompress(SNAPSHOT.read_bytes()))
QUERIES: tuple[str, ...] = tuple(_DATA["queries"])
DOCUMENTS: list[dict[str, Any]] = _DATA["documents"]
DOCS = len(DOCUMENTS)
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
CJK_ONLY = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+$")
# Searchable parts in the order the index and the oracle read them.
BODY_PARTS = ("summary", "keywords", "body", "attachment_title", "attachment_text")


def searchable_text(document: dict[str, Any]) -> str:
    parts = ("title", "doc_number", *BODY_PARTS)
    return "\n".join(document[p] for p in parts if document[p])


@pytest.fixture
def corpus(db: Any) -> dict[int, str]:
    """DOCS generated documents indexed as entries of kind "corpus"; id → searchable text."""
    register(
        SearchProvider(kind="corpus", label="测试语料", entry_for=lambda pk: None, public_ids=set)
    )
    texts: dict[int, str] = {}
    entries = []
    for document in DOCUMENTS:
        pk = document["number"] + 1
        published = date.fromisoformat(document["published"])
        entries.append(
            SearchEntry(
                pk=pk,
                kind="corpus",
                object_id=pk,
                title=document["title"],
                reference=document["doc_number"],
                body="\n".join(document[p] for p in BODY_PARTS if document[p]),
                url=f"/corpus/{pk}/",
                published_date=published,
                sort_key=entry_key(pk, published.toordinal()),
                facets="kcorpus",
            )
        )
        texts[pk] = normalize(searchable_text(document))
    SearchEntry.objects.bulk_create(entries)
    with connection.cursor() as cursor:
        backend_for(connection.vendor).add(cursor, [index_item(e) for e in entries])
    return texts


def matches(query: str) -> set[int]:
    backend = backend_for(connection.vendor)
    plan = SearchQuery(terms=tuple(parse_query(query)))
    with connection.cursor() as cursor:
        keys = backend.keys(cursor, plan, Tier.ALL, 0, DOCS + 1)
    return {entry_id_of(key) for key in keys}


def oracle(texts: dict[int, str], query: str) -> set[int]:
    words = normalize(query).split()
    return {pk for pk, text in texts.items() if all(w in text for w in words)}


def test_recall_against_substring_oracle(corpus):
    found = relevant = returned = 0
    misses = {}
    for query in QUERIES:
        truth = oracle(corpus, query)
        hits = matches(query)
        found += len(hits & truth)
        relevant += len(truth)
        returned += len(hits)
        if truth - hits:
            misses[query] = f"{len(hits & truth)}/{len(truth)}"
    assert relevant > 5000  # the query set covers the corpus well
    recall, precision = found / relevant, found / returned
    assert recall >= 0.999, (recall, misses)
    assert precision >= 0.99, precision


# --- Any word a person may type (issue 16, item 9) ------------------------------------------


def dictionary_words(texts: dict[int, str]) -> set[str]:
    """Every word of jieba's dictionary of 2–4 CJK characters that occurs in the texts
    (full mode lists every dictionary word found anywhere, across word boundaries)."""
    words: set[str] = set()
    for text in texts.values():
        words.update(w for w in rjieba.cut_all(text) if 2 <= len(w) <= 4 and CJK_ONLY.match(w))
    return words


def title_substrings(rng: random.Random, count: int) -> set[str]:
    """Random substrings of 2–6 characters of titles with at least two CJK characters."""
    titles = [normalize(d["title"]) for d in DOCUMENTS]
    found: set[str] = set()
    while len(found) < count:
        title = rng.choice(titles)
        size = rng.randint(2, 6)
        if len(title) < size:
            continue
        start = rng.randrange(len(title) - size + 1)
        piece = title[start : start + size].strip()
        if len(CJK.findall(piece)) >= 2:
            found.add(piece)
    return found


def random_words(rng: random.Random, texts: dict[int, str], count: int) -> set[str]:
    """Words of 2–4 characters drawn from the corpus' characters: most occur nowhere or in a
    few documents, so that precision is measured on words nobody put in a query list."""
    chars = sorted({c for text in texts.values() for c in CJK.findall(text)})
    return {"".join(rng.choices(chars, k=rng.randint(2, 4))) for _ in range(count)}


def score(texts: dict[int, str], queries: set[str]) -> tuple[float, float, dict[str, str]]:
    """(pooled recall, pooled precision, queries whose recall is below 0.999)."""
    found = relevant = returned = 0
    poor: dict[str, str] = {}
    for query in sorted(queries):
        truth = oracle(texts, query)
        hits = matches(query)
        found += len(hits & truth)
        relevant += len(truth)
        returned += len(hits)
        if truth and len(hits & truth) < 0.999 * len(truth):
            poor[query] = f"{len(hits & truth)}/{len(truth)}"
    return found / max(relevant, 1), found / max(returned, 1), poor


def test_every_dictionary_word_in_the_corpus_is_found_wherever_it_occurs(corpus):
    words = dictionary_words(corpus)
    assert len(words) > 3000  # exhaustive: all of them, not a chosen few
    recall, precision, poor = score(corpus, words)
    assert not poor, poor
    assert recall >= 0.999
    assert precision >= 0.99


def test_random_title_substrings_are_found_wherever_they_occur(corpus):
    pieces = title_substrings(random.Random(16), 1000)
    recall, precision, poor = score(corpus, pieces)
    assert not poor, poor
    assert recall >= 0.999
    assert precision >= 0.99


def test_random_words_match_exactly_the_documents_containing_them(corpus):
    words = random_words(random.Random(9), corpus, 1500)
    recall, precision, poor = score(corpus, words)
    assert not poor, poor
    assert precision >= 0.99


def test_tiers_partition_the_matches(corpus):
    backend = backend_for(connection.vendor)
    plan = SearchQuery(terms=tuple(parse_query("管理")))
    with connection.cursor() as cursor:
        every = backend.keys(cursor, plan, Tier.ALL, 0, DOCS)
        title = backend.keys(cursor, plan, Tier.TITLE, 0, DOCS)
        rest = backend.keys(cursor, plan, Tier.REST, 0, DOCS)
    assert title and rest
    assert sorted(title + rest) == sorted(every)
    assert every == sorted(every, reverse=True)  # newest first


def test_selector_pages_through_every_match_once(corpus):
    seen: list[int] = []
    page = 1
    while True:
        results = search("政府", page=page, page_size=50)
        seen += [hit.object_id for hit in results.hits]
        if not results.has_next:
            break
        page += 1
    assert len(seen) == len(set(seen)) == results.total
    assert set(seen) <= oracle(corpus, "政府")
