"""Benchmark: import N rows of historical documents with `import_documents`, end to end.

Creates a fresh database (dropped and re-created for PostgreSQL, deleted for SQLite),
migrates it, creates one organ, writes a CSV of N published documents generated from the
real texts of ../shared/corpus (bench/corpus_gen.py: titles, 文号, bodies), then times
``import_table`` — the command's own code path: parsing, validation, 索引号, audit event,
the search index and the queue of pages to publish, in chunks. Prints one JSON line:

    {"rows": 100000, "backend": "sqlite", "seconds": ..., "rows_per_s": ..., ...}

``chunk_rates`` are the rows/s of successive tenths of the import (flat = linear).
Afterwards it checks that every imported document has its search entry and that the queue
holds each document page once, and times the publisher draining ``--drain`` queued pages
(``publish_site --pending`` does the same).

Reproduce (from the repository root):

    .venv/bin/python bench/bulk_import.py --rows 100000 --database-url sqlite:////tmp/gk_import.sqlite3
    .venv/bin/python bench/bulk_import.py --rows 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench_import
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus_gen import generate  # noqa: E402
from bench.recompute import fresh_database, setup_django  # noqa: E402

HEADER = ["标题", "文号", "成文日期", "发布日期", "公开属性", "内容概述", "主题词", "正文"]


def write_csv(path: Path, rows: int, seed: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for doc in generate(rows, seed=seed):
            day = min(doc.published, date(2025, 12, 31))
            writer.writerow(
                [
                    doc.title,
                    doc.doc_number,
                    day.isoformat(),
                    day.isoformat(),
                    "主动公开",
                    doc.summary,
                    doc.keywords[:150],
                    doc.body,
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="sqlite:////tmp/gk_import.sqlite3")
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--drain", type=int, default=2000, help="queued pages to publish")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    fresh_database(args.database_url)
    setup_django(args.database_url)
    import tempfile

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.PUBLISH_ROOT = Path(tempfile.mkdtemp(prefix="gk-import-public-"))
    settings.ALLOWED_HOSTS = ["*"]
    # No collectstatic here: plain static URLs for the rendered pages.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)

    from gongkai.documents.management.commands.import_documents import import_table
    from gongkai.documents.models import Document
    from gongkai.organizations.models import Organ
    from gongkai.publishing import publisher
    from gongkai.publishing.models import PublishJob
    from gongkai.search.models import SearchEntry

    organ = Organ.objects.create(slug="bench", name="示范区教育局", org_code="000000003")
    table = Path(tempfile.mkdtemp(prefix="gk-import-")) / "historical.csv"
    started = time.monotonic()
    write_csv(table, args.rows, args.seed)
    generated = time.monotonic() - started

    marks: list[tuple[int, float]] = []

    def progress(done: int, total: int, rate: float) -> None:
        marks.append((done, time.monotonic()))
        if len(marks) % 20 == 0:
            print(f"{done}/{total} rows, {rate:.0f} rows/s", file=sys.stderr, flush=True)

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    load_before = [round(x, 2) for x in os.getloadavg()]
    cpu_started = time.process_time()
    started = time.monotonic()
    report = import_table(table, organ=organ, chunk_size=args.chunk_size, progress=progress)
    seconds = time.monotonic() - started
    cpu_seconds = time.process_time() - cpu_started
    load_after = [round(x, 2) for x in os.getloadavg()]
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)

    tenth = max(1, args.rows // 10)
    rates = []
    previous = (0, started)
    for done, at in marks:
        if done - previous[0] >= tenth or done == args.rows:
            rates.append(round((done - previous[0]) / max(at - previous[1], 1e-9)))
            previous = (done, at)

    published = Document.objects.filter(status="published").count()
    entries = SearchEntry.objects.filter(kind="document").count()
    pending = PublishJob.objects.filter(done_at__isnull=True).count()
    drain_started = time.monotonic()
    result = publisher.process_pending(seconds=None) if args.drain >= pending else None
    if result is None:
        # Only a sample of the queue: time the first `drain` claims.
        drained = 0
        while drained < args.drain:
            step = publisher.process_pending(seconds=5)
            drained += len(step.outcomes)
            if not step.outcomes:
                break
    else:
        drained = len(result.outcomes)
    drain_seconds = time.monotonic() - drain_started
    print(
        json.dumps(
            {
                "rows": args.rows,
                "backend": connection.vendor,
                "imported": len(report.imported),
                "failed": len(report.failed),
                "seconds": round(seconds, 1),
                "rows_per_s": round(args.rows / seconds, 1),
                "cpu_seconds": round(cpu_seconds, 1),
                "rows_per_cpu_s": round(args.rows / max(cpu_seconds, 1e-9), 1),
                "load_before": load_before,
                "load_after": load_after,
                "chunk_rates": rates,
                "published": published,
                "search_entries": entries,
                "pending_pages": pending,
                "drained_pages": drained,
                "drain_pages_per_s": round(drained / max(drain_seconds, 1e-9), 1),
                "csv_seconds": round(generated, 1),
                "chunk_size": args.chunk_size,
                "python": platform.python_version(),
                "date": time.strftime("%Y-%m-%d", time.gmtime()),
            }
        )
    )


if __name__ == "__main__":
    main()
