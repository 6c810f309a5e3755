"""Full-text search benchmark: build a corpus and its index, run the query set.

    python bench/search.py --docs 100000 --backend sqlite
    python bench/search.py --docs 1000000 --backend postgres --db-url postgres://postgres@127.0.0.1:5432/postgres

1. Generate ``--docs`` documents (bench/corpus_gen.py) into a staging file, noting for each
   query word the documents that contain it (the exact-substring oracle). Not timed.
2. Index them (timed: ``index_docs_per_s``): read the staging file, segment in worker
   processes with the production code (``backends.sqlite.fts_rows`` /
   ``backends.postgres.vectors``), bulk-insert entries and full-text rows straight into
   the search tables of a freshly migrated database; on PostgreSQL the GIN indexes are
   built after the load. SQLite FTS5 is then optimised, PostgreSQL vacuumed and analysed.
3. Run the query set through the production selector ``gongkai.search.selectors.search``
   (count up to the limit, two ranking tiers, one page of 20, highlighting): one warm-up
   round, then ``--rounds`` timed rounds (``p50_ms``, ``p99_ms``).
4. Recall and precision of every query against the oracle (all matches, uncapped).
5. The same queries as LIKE scans over the raw text, as a Paginator over
   ``icontains`` would run them: a count and the newest page (``like_p50_ms``), within
   ``--like-budget`` seconds.

The last line printed is one JSON object: docs, backend, p50_ms, p99_ms, like_p50_ms,
recall, index_docs_per_s (and more). Details go to bench/out/search-<backend>-<docs>.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import pickle
import platform
import resource
import statistics
import sys
import time
from array import array
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus_gen import FRAGMENT_QUERIES, QUERIES, generate, load_vocabulary  # noqa: E402

OUT = REPO / "bench" / "out"
CHUNK = 1000
FILTERED = (  # (query, filter name) pairs timed separately
    ("政务公开", "organ"),
    ("管理", "year"),
    ("储备粮", "validity"),
    ("政府信息公开", "topic"),
)


def log(message: str) -> None:
    sys.stderr.write(f"[{datetime.now(UTC):%H:%M:%S}] {message}\n")
    sys.stderr.flush()


# --- 1. corpus and oracle ---------------------------------------------------------------


def oracle_words() -> list[str]:
    from gongkai.lib.segment import normalize

    words: dict[str, None] = {}
    for query in (*QUERIES, *FRAGMENT_QUERIES):
        for word in normalize(query).split():
            words[word] = None
    return list(words)


def _generate_chunk(args: tuple[int, int, int]) -> tuple[bytes, list[list[int]]]:
    from gongkai.lib.segment import normalize

    start, count, seed, total = args
    words = oracle_words()
    rows = []
    found: list[list[int]] = [[] for _ in words]
    for doc in generate(count, seed=seed, start=start, total=total):
        rows.append(doc)
        text = normalize(doc.text())
        for index, word in enumerate(words):
            if word in text:
                found[index].append(doc.number)
    return pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL), found


def build_corpus(docs: int, seed: int, workers: int, staging: Path) -> dict[str, array]:
    words = oracle_words()
    oracle = {word: array("I") for word in words}
    jobs = [(start, min(CHUNK, docs - start), seed, docs) for start in range(0, docs, CHUNK)]
    started = time.perf_counter()
    with staging.open("wb") as fh, multiprocessing.Pool(workers) as pool:
        for n, (blob, found) in enumerate(pool.imap(_generate_chunk, jobs), 1):
            fh.write(len(blob).to_bytes(8, "little"))
            fh.write(blob)
            for word, numbers in zip(words, found, strict=True):
                oracle[word].extend(numbers)
            if n % 100 == 0:
                log(f"generated {n * CHUNK} documents")
    log(f"generated {docs} documents in {time.perf_counter() - started:.0f} s")
    return oracle


def staging_chunks(staging: Path) -> Iterator[tuple[int, int]]:
    """(offset, length) of each pickled chunk: workers read their own chunks."""
    with staging.open("rb") as fh:
        while header := fh.read(8):
            length = int.from_bytes(header, "little")
            yield fh.tell(), length
            fh.seek(length, os.SEEK_CUR)


def read_chunk(staging: Path, offset: int, length: int) -> list[Any]:
    with staging.open("rb") as fh:
        fh.seek(offset)
        return pickle.loads(fh.read(length))  # noqa: S301


# --- 2. indexing -----------------------------------------------------------------------


def setup_django(backend: str, docs: int, db_url: str | None, *, reuse: bool = False) -> str:
    if backend == "sqlite":
        path = OUT / f"search-sqlite-{docs}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        import psycopg

        admin = db_url or "postgres://postgres@127.0.0.1:5432/postgres"
        name = f"gongkai_bench_{docs}"
        if not reuse:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
                conn.execute(f"CREATE DATABASE {name}")
        url = admin.rsplit("/", 1)[0] + f"/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("GONGKAI_DATA_DIR", str(OUT / "data"))
    import django

    django.setup()
    from django.core.management import call_command

    # Reused databases too: a migration added since they were built (an index) applies.
    call_command("migrate", verbosity=0)
    return url


def reference_data() -> tuple[list[int], list[int], dict[int, int | None]]:
    """Organs and topics of the corpus vocabulary: (organ pks, topic pks, topic parent).
    Created with bulk_create: no signal, so the static site is not re-rendered."""
    from gongkai.documents.models import Topic
    from gongkai.organizations.models import Organ, OrganKind

    vocab = load_vocabulary()
    organ_rows = Organ.objects.bulk_create(
        Organ(name=o.name, short_name=o.short_name, slug=f"o{i}", kind=OrganKind.DEPARTMENT)
        for i, o in enumerate(vocab.organs)
    )
    organs = [organ.pk for organ in organ_rows]
    topics: list[int] = []
    parents: dict[int, int | None] = {}
    for name, parent in vocab.topics:
        parent_pk = topics[parent] if parent is not None else None
        (topic,) = Topic.objects.bulk_create([Topic(name=name, parent_id=parent_pk)])
        topics.append(topic.pk)
        parents[topic.pk] = parent_pk
    return organs, topics, parents


def _entry_rows(args: tuple[Any, ...]) -> tuple[list[Any], list[Any]]:
    """Worker: entry rows and full-text rows of one chunk (the production segmentation)."""
    from gongkai.lib.segment import SEGMENTER_VERSION, facet_token
    from gongkai.search.backends.base import IndexItem, entry_key

    backend, (staging, offset, length), organs, topics, parents, now = args
    docs = read_chunk(staging, offset, length)
    if backend == "sqlite":
        from gongkai.search.backends.sqlite import fts_rows as full_text
    else:
        from gongkai.search.backends.postgres import vectors as full_text
    entries, texts = [], []
    for doc in docs:
        pk = doc.number + 1
        organ = organs[doc.organ]
        topic = topics[doc.topic]
        facets = [facet_token("k", "document"), facet_token("o", organ)]
        if doc.co_organ is not None:
            facets.append(facet_token("o", organs[doc.co_organ]))
        facets += [facet_token("t", t) for t in (topic, parents[topic]) if t]
        facets += [facet_token("y", doc.published.year), facet_token("v", doc.validity)]
        body = "\n".join(
            p
            for p in (
                doc.summary,
                doc.keywords,
                doc.body,
                doc.attachment_title,
                doc.attachment_text,
            )
            if p
        )
        key = entry_key(pk, doc.published.toordinal())
        entry = (
            pk, "document", pk, doc.title, doc.doc_number, body, organ, topic,
            doc.published.year, doc.validity, f"/xxgk/documents/{pk}/", doc.published, key,
            " ".join(facets), SEGMENTER_VERSION, now,
        )  # fmt: skip
        title = f"{doc.title}\n{doc.doc_number}" if doc.doc_number else doc.title
        item = IndexItem(key=key, title=title, body=body, facets=tuple(facets))
        entries.append(entry)
        texts.append(full_text(item))
    # FTS5 flushes its pending terms whenever a rowid is lower than the previous one:
    # a chunk is written in key order (one flush per chunk instead of one per row).
    order = sorted(range(len(entries)), key=lambda i: entries[i][12])
    return [entries[i] for i in order], [texts[i] for i in order]


ENTRY_COLUMNS = (
    "id, kind, object_id, title, reference, body, organ_id, topic_id, year, validity, url, "
    "published_date, sort_key, facets, segmenter, indexed_at"
)


def index_corpus(backend: str, staging: Path, workers: int) -> dict[str, float]:
    from django.db import connection

    organs, topics, parents = reference_data()
    now = datetime.now(UTC)
    timings: dict[str, float] = {}
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = used.ru_utime + used.ru_stime
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    children_before = children.ru_utime + children.ru_stime
    started = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection
    if backend == "sqlite":
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-1000000")
        # Bulk load: no incremental merging; 'optimize' merges everything once at the end.
        for table in ("search_fts", "search_fts_title"):
            raw.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
    else:
        with raw.cursor() as cur:
            cur.execute("DROP INDEX search_entry_tsv")
            cur.execute("DROP INDEX search_entry_tsv_title")
        raw.commit()
    chunks = [
        (backend, (staging, offset, length), organs, topics, parents, now)
        for offset, length in staging_chunks(staging)
    ]
    placeholders = ", ".join(["?"] * 16)
    total = 0
    with multiprocessing.Pool(workers) as pool:
        for entries, texts in pool.imap(_entry_rows, chunks):
            if backend == "sqlite":
                # Django's connection is in autocommit mode: one explicit transaction per
                # chunk, or FTS5 would flush a segment for every row.
                raw.execute("BEGIN")
                try:
                    raw.executemany(
                        f"INSERT INTO search_entry ({ENTRY_COLUMNS}) VALUES ({placeholders})",
                        [
                            (*e[:11], e[11].isoformat(), *e[12:15], e[15].isoformat())
                            for e in entries
                        ],
                    )
                    raw.executemany(
                        "INSERT INTO search_fts(rowid, title, body, chars, facets) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [row for row, _title in texts],
                    )
                    raw.executemany(
                        "INSERT INTO search_fts_title(rowid, title, tchars, facets) "
                        "VALUES (?, ?, ?, ?)",
                        [title for _row, title in texts],
                    )
                except BaseException:
                    raw.execute("ROLLBACK")
                    raise
                raw.execute("COMMIT")
            else:
                with (
                    raw.cursor() as cur,
                    cur.copy(
                        f"COPY search_entry ({ENTRY_COLUMNS}, tsv, tsv_title) FROM STDIN"
                    ) as copy,
                ):
                    for entry, (tsv, tsv_title) in zip(entries, texts, strict=True):
                        copy.write_row((*entry, tsv, tsv_title))
                raw.commit()
            total += len(entries)
            if total % 50_000 == 0:
                log(f"indexed {total} documents, {total / (time.perf_counter() - started):.0f}/s")
    timings["load_s"] = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    timings["load_cpu_main_s"] = used.ru_utime + used.ru_stime - cpu_before
    timings["load_cpu_workers_s"] = children.ru_utime + children.ru_stime - children_before
    finishing = time.perf_counter()
    if backend == "sqlite":
        for table in ("search_fts", "search_fts_title"):
            raw.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
            raw.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 4)")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        raw.autocommit = True
        with raw.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")
            cur.execute("CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)")
            cur.execute("CREATE INDEX search_entry_tsv_title ON search_entry USING gin (tsv_title)")
            cur.execute("VACUUM ANALYZE search_entry")
        raw.autocommit = False
    timings["finish_s"] = time.perf_counter() - finishing
    timings["index_s"] = time.perf_counter() - started
    return timings


def database_size_mb(backend: str, url: str) -> float:
    from django.db import connection

    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        return (
            sum(
                Path(f"{path}{s}").stat().st_size
                for s in ("", "-wal")
                if Path(f"{path}{s}").exists()
            )
            / 1e6
        )
    with connection.cursor() as cur:
        cur.execute("SELECT pg_database_size(current_database())")
        return cur.fetchone()[0] / 1e6


# --- 3-5. queries ---------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def register_bench_provider() -> None:
    """The corpus is not in the documents table: its entries are public by definition.
    The check costs one indexed query per page, as documents' own does."""
    from gongkai.core.kit.search import SearchProvider, register
    from gongkai.search.models import SearchEntry

    def public_ids(ids: Any) -> set[int]:
        rows = SearchEntry.objects.filter(kind="document", object_id__in=list(ids))
        return set(rows.values_list("object_id", flat=True))

    register(SearchProvider("document", "政策文件", lambda pk: None, public_ids))


def time_queries(rounds: int) -> tuple[list[float], dict[str, Any]]:
    from gongkai.search.selectors import SearchFilters, search

    register_bench_provider()
    samples: list[float] = []
    per_query: dict[str, Any] = {}
    for round_number in range(rounds + 1):
        for query in QUERIES:
            started = time.perf_counter()
            results = search(query, page_size=20)
            elapsed = (time.perf_counter() - started) * 1000
            if round_number:  # round 0 warms the caches
                samples.append(elapsed)
                per_query.setdefault(query, {"ms": [], "total": results.total})["ms"].append(
                    round(elapsed, 2)
                )
    filtered: list[float] = []
    entry = _sample_entry()
    for query, name in FILTERED:
        value = {
            "organ": entry.organ_id,
            "year": entry.year,
            "validity": "repealed",
            "topic": entry.topic_id,
        }[name]
        for _ in range(rounds):
            started = time.perf_counter()
            search(query, SearchFilters(**{name: value}))
            filtered.append((time.perf_counter() - started) * 1000)
    return samples, {"per_query": per_query, "filtered_ms": filtered}


def _sample_entry() -> Any:
    from gongkai.search.models import SearchEntry

    return SearchEntry.objects.order_by("-sort_key").first()


def measure_recall(oracle: dict[str, array]) -> dict[str, Any]:
    from django.db import connection

    from gongkai.lib.segment import normalize, parse_query
    from gongkai.search.backends import SearchQuery, Tier, backend_for
    from gongkai.search.backends.base import entry_id_of

    backend = backend_for(connection.vendor)
    sets = {word: {n + 1 for n in numbers} for word, numbers in oracle.items()}
    found = relevant = returned = 0
    rows: dict[str, Any] = {}
    for query in (*QUERIES, *FRAGMENT_QUERIES):
        words = normalize(query).split()
        truth = set.intersection(*(sets[w] for w in words))
        with connection.cursor() as cur:
            keys = backend.keys(cur, SearchQuery(tuple(parse_query(query))), Tier.ALL, 0, 10**9)
        hits = {entry_id_of(k) for k in keys}
        good = len(hits & truth)
        rows[query] = {
            "oracle": len(truth),
            "found": len(hits),
            "recall": round(good / len(truth), 4) if truth else 1.0,
            "precision": round(good / len(hits), 4) if hits else 1.0,
        }
        if query in QUERIES:
            found, relevant, returned = found + good, relevant + len(truth), returned + len(hits)
    return {
        "recall": found / relevant,
        "precision": found / returned,
        "queries": rows,
    }


def time_like(budget_s: float) -> list[float]:
    """Each query as a Paginator over LIKE would run it: count, then the newest 20."""
    from django.db import connection

    from gongkai.lib.segment import normalize

    samples: list[float] = []
    deadline = time.perf_counter() + budget_s
    order = QUERIES[::3] + QUERIES[1::3] + QUERIES[2::3]  # every kind of query early on
    for query in order:
        words = normalize(query).split()
        where = " AND ".join(["(title LIKE %s OR reference LIKE %s OR body LIKE %s)"] * len(words))
        params = [p for w in words for p in [f"%{w}%"] * 3]
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM search_entry WHERE {where}", params)
            cur.fetchone()
            cur.execute(
                f"SELECT id FROM search_entry WHERE {where} ORDER BY sort_key DESC LIMIT 20", params
            )
            cur.fetchall()
        samples.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline and len(samples) >= 5:
            break
    return samples


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return (
        f"{os.cpu_count()} × {cpu}, {int(memory) / 1024 / 1024:.0f} GB RAM, {platform.platform()}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--db-url", help="PostgreSQL server (a database on it is created)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--like-budget", type=float, default=300.0, help="seconds for LIKE scans")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of the previous run (same --docs, --seed) and its indexing "
        "figures; measure the queries again (after a change on the query side)",
    )
    args = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    detail_path = OUT / f"search-{args.backend}-{args.docs}.json"
    url = setup_django(args.backend, args.docs, args.db_url, reuse=args.reuse)
    log(f"{args.backend} at {url}")
    staging = OUT / f"corpus-{args.seed}-{args.docs}.pickle"
    oracle = build_corpus(args.docs, args.seed, args.workers, staging)
    if args.reuse:
        # The indexing figures of the run that built the database, if it finished.
        previous = (
            json.loads(detail_path.read_text(encoding="utf-8")) if detail_path.exists() else {}
        )
        timings = {k: previous[k] for k in ("load_s", "finish_s", "index_s") if k in previous}
        timings |= {k: previous[k] for k in previous if k.startswith("load_cpu")}
        register_bench_provider()
    else:
        timings = index_corpus(args.backend, staging, args.workers)
    rate = args.docs / timings["index_s"] if "index_s" in timings else None
    if rate is not None:
        log(f"indexed in {timings['index_s']:.0f} s ({rate:.0f} docs/s)")
    staging.unlink()
    size = database_size_mb(args.backend, url)

    samples, details = time_queries(args.rounds)
    log(f"queries: p50 {percentile(samples, 0.5):.1f} ms, p99 {percentile(samples, 0.99):.1f} ms")
    quality = measure_recall(oracle)
    log(f"recall {quality['recall']:.4f}, precision {quality['precision']:.4f}")
    like = time_like(args.like_budget)
    log(f"LIKE: {len(like)} queries, p50 {statistics.median(like):.0f} ms")

    from gongkai.lib.segment import SEGMENTER_VERSION
    from gongkai.search.selectors import count_limit

    summary = {
        "docs": args.docs,
        "backend": args.backend,
        "p50_ms": round(percentile(samples, 0.5), 2),
        "p99_ms": round(percentile(samples, 0.99), 2),
        "like_p50_ms": round(statistics.median(like), 1),
        "recall": round(quality["recall"], 4),
        "index_docs_per_s": round(rate) if rate is not None else None,
        "precision": round(quality["precision"], 4),
        "speedup_p50": round(statistics.median(like) / percentile(samples, 0.5), 1),
        "filtered_p50_ms": round(percentile(details["filtered_ms"], 0.5), 2),
        "filtered_p99_ms": round(percentile(details["filtered_ms"], 0.99), 2),
        "max_ms": round(max(samples), 2),
        "queries": len(QUERIES),
        "samples": len(samples),
        "like_queries": len(like),
        "count_limit": count_limit(),
        "db_mb": round(size),
        **{k: round(v, 1) for k, v in timings.items()},
        "segmenter": SEGMENTER_VERSION,
        "machine": machine(),
        "date": f"{datetime.now(UTC):%Y-%m-%d}",
    }
    detail_path.write_text(
        json.dumps(
            {**summary, **details, "quality": quality, "like_ms": like},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
