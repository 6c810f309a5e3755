"""Recall for any word, at scale: against an exact-substring oracle on a built search index.

Reads an index built by bench/search.py (its database is kept in bench/out/), takes the
text of every entry exactly as indexed (title, 文号, body; normalised), and asks the
production backend (``backends.*.keys``, every match, uncapped) for:

- ``--words`` dictionary words of 2–4 CJK characters drawn at random from all the words of
  jieba's dictionary that occur in the first ``--scan`` documents (full mode lists every
  dictionary word found anywhere in a text, across word boundaries), and
- ``--substrings`` random 2–6-character substrings of titles with at least two CJK
  characters (punctuation and digits included as they come).

For each query the oracle is the set of entries whose normalised text contains it. Prints
one JSON line: pooled recall and precision per set, the worst queries, the count of queries
under 0.999 recall. (The unit test gongkai/search/tests/test_recall.py checks every
dictionary word of its corpus, exhaustively, on both backends.)

    .venv/bin/python bench/search_recall.py --database-url sqlite:///bench/out/search-sqlite-20000.sqlite3
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.recompute import setup_django  # noqa: E402

CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
CJK_ONLY = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+$")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--substrings", type=int, default=1000)
    parser.add_argument("--scan", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    setup_django(args.database_url)

    import rjieba
    from django.db import connection

    from gongkai.lib.segment import normalize, parse_query
    from gongkai.search.backends import SearchQuery, Tier, backend_for
    from gongkai.search.backends.base import entry_id_of
    from gongkai.search.models import SearchEntry

    started = time.monotonic()
    ids: list[int] = []
    texts: list[str] = []
    titles: list[str] = []
    rows = SearchEntry.objects.order_by("pk").values_list("pk", "title", "reference", "body")
    for pk, title, reference, body in rows.iterator(chunk_size=5000):
        ids.append(pk)
        texts.append(normalize("\n".join(p for p in (title, reference, body) if p)))
        titles.append(normalize(title))
    # One string, documents separated by NUL: a query never contains it.
    big = "\x00".join(texts)
    starts = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1

    def oracle(word: str) -> set[int]:
        found: set[int] = set()
        position = big.find(word)
        while position >= 0:
            index = bisect.bisect_right(starts, position) - 1
            found.add(ids[index])
            # Skip to the next document: one hit per document is enough.
            next_start = starts[index + 1] if index + 1 < len(starts) else len(big)
            position = big.find(word, next_start)
        return found

    rng = random.Random(args.seed)
    vocabulary: set[str] = set()
    for text in texts[: args.scan]:
        vocabulary.update(w for w in rjieba.cut_all(text) if 2 <= len(w) <= 4 and CJK_ONLY.match(w))
    words = rng.sample(sorted(vocabulary), min(args.words, len(vocabulary)))
    pieces: set[str] = set()
    while len(pieces) < args.substrings:
        title = rng.choice(titles)
        size = rng.randint(2, 6)
        if len(title) < size:
            continue
        start = rng.randrange(len(title) - size + 1)
        piece = title[start : start + size]
        if len(CJK.findall(piece)) >= 2 and not any(c.isspace() for c in piece):
            pieces.add(piece)
    prepared = time.monotonic() - started

    backend = backend_for(connection.vendor)

    def score(queries: list[str]) -> dict[str, object]:
        found = relevant = returned = 0
        poor: dict[str, str] = {}
        worst_precision: list[tuple[float, str]] = []
        for query in queries:
            truth = oracle(query)
            with connection.cursor() as cursor:
                plan = SearchQuery(tuple(parse_query(query)))
                keys = backend.keys(cursor, plan, Tier.ALL, 0, 10**9)
            hits = {entry_id_of(k) for k in keys}
            good = len(hits & truth)
            found, relevant, returned = found + good, relevant + len(truth), returned + len(hits)
            if truth and good < 0.999 * len(truth):
                poor[query] = f"{good}/{len(truth)}"
            if hits:
                worst_precision.append((good / len(hits), query))
        worst_precision.sort()
        return {
            "queries": len(queries),
            "relevant": relevant,
            "recall": round(found / max(relevant, 1), 5),
            "precision": round(found / max(returned, 1), 5),
            "below_0.999": len(poor),
            "worst_recall": dict(list(poor.items())[:10]),
            "worst_precision": [(round(p, 3), q) for p, q in worst_precision[:5]],
        }

    started = time.monotonic()
    result = {
        "docs": len(ids),
        "backend": connection.vendor,
        "vocabulary_in_scan": len(vocabulary),
        "dictionary_words": score(words),
        "title_substrings": score(sorted(pieces)),
        "prepare_seconds": round(prepared, 1),
        "score_seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
