"""Benchmark: publish one document, end to end, with N (default 1,000,000) documents public.

Creates a fresh database (dropped and re-created for PostgreSQL, deleted for SQLite),
migrates it, creates an organ and its 政务公开工作机构 user, then fills the table with N
published documents by one ``INSERT … SELECT`` over a generated series (a recursive CTE on
SQLite, ``generate_series`` on PostgreSQL): unique 索引号, uid and 文号, dates over
2012–2025, a tenth normative. Then it publishes, ``--rounds`` times, a new 已成文 document
through the service the staff page calls (``documents.services.document_publish``), and
times it end to end: the service's transaction, the commit, and what runs after it —
search indexing and publishing, which computes the affected pages and re-renders them in
this process (``GONGKAI_PUBLISH_IN_PROCESS``). The pages re-rendered are listed.

Prints one JSON line: ``{"docs": ..., "backend": ..., "rounds": [{"seconds": ...,
"cpu_seconds": ..., "pages": [...]}, ...], "load_before": ..., ...}``.

Reproduce (from the repository root):

    .venv/bin/python bench/publish_one.py --docs 1000000 --database-url sqlite:////tmp/gk_publish.sqlite3
    .venv/bin/python bench/publish_one.py --docs 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench_publish
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.recompute import fresh_database, setup_django  # noqa: E402

# Per-row values of the generated documents, as SQL over the series value `i`; every other
# column is copied from a template document made by the ORM (defaults included).
SQLITE_ROWS = {
    "uid": "lower(hex(randomblob(16)))",
    "title": "'示范区关于第' || i || '号事项的通知'",
    "doc_number": "'示教发〔' || (2012 + i % 14) || '〕' || i || '号'",
    "index_number": "'BENCH/' || (2012 + i % 14) || '-' || i",
    "published_date": "date('2012-01-01', '+' || (i % 5110) || ' days')",
    "written_date": "date('2012-01-01', '+' || (i % 5110) || ' days')",
    "published_at": "datetime('2012-01-01', '+' || (i % 5110) || ' days')",
    "is_normative": "(i % 10 = 0)",
    "source": "'bench:' || i",
}
POSTGRES_ROWS = {
    "uid": "md5(i::text || 'gk')::uuid",
    "title": "'示范区关于第' || i || '号事项的通知'",
    "doc_number": "'示教发〔' || (2012 + i %% 14) || '〕' || i || '号'",
    "index_number": "'BENCH/' || (2012 + i %% 14) || '-' || i",
    "published_date": "date '2012-01-01' + (i %% 5110)",
    "written_date": "date '2012-01-01' + (i %% 5110)",
    "published_at": "timestamptz '2012-01-01 00:00+08' + (i %% 5110) * interval '1 day'",
    "is_normative": "(i %% 10 = 0)",
    "source": "'bench:' || i",
}


def fill(n: int, template_pk: int) -> float:
    """Copy the template into n published documents with one INSERT … SELECT."""
    from django.db import connection, transaction

    from gongkai.documents.models import Document

    started = time.monotonic()
    meta = Document._meta
    per_row = SQLITE_ROWS if connection.vendor == "sqlite" else POSTGRES_ROWS
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(per_row.get(f.column, f"t.{quote(f.column)}") for f in fields)
    table = quote(meta.db_table)
    if connection.vendor == "sqlite":
        series = "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s) "
        source = "s"
    else:
        series = ""
        source = "generate_series(1, %s) AS s(i)"
    sql = (
        f"{series}INSERT INTO {table} ({columns}) "  # noqa: S608 — names from the model
        f"SELECT {values} FROM {source}, {table} AS t WHERE t.id = %s"
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [n, template_pk])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else f"ANALYZE {table}")
    return time.monotonic() - started


def prepare(n: int) -> tuple[Any, Any, float]:
    """The organ, its 政务公开工作机构 user and n published documents."""
    from gongkai.accounts.models import Membership, Role, User
    from gongkai.documents.models import Attribute, Document
    from gongkai.documents.workflow import Status
    from gongkai.organizations.models import Organ

    organ = Organ.objects.create(slug="bench", name="示范区教育局", org_code="000000003")
    officer = User.objects.create_user("bench-officer", password=None, last_name="公开")
    Membership.objects.create(user=officer, organ=organ, role=Role.OPENNESS_OFFICER)
    template = Document.objects.create(
        organ=organ,
        title="模板",
        status=Status.PUBLISHED,
        attribute=Attribute.PROACTIVE,
        genre="通知",
        summary="就有关事项作出部署，明确工作目标、主要任务和保障措施。",
        body="为深入贯彻落实政府信息公开条例，进一步做好政务公开工作，现就有关事项通知如下。" * 8,
        marking="（此件公开发布）",
        index_number="BENCH/template",
    )
    fill_seconds = fill(n, template.pk)
    template.delete()
    return organ, officer, fill_seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="sqlite:////tmp/gk_publish.sqlite3")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the documents of an earlier run (no refill)"
    )
    args = parser.parse_args()

    if not args.reuse:
        fresh_database(args.database_url)
    setup_django(args.database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.PUBLISH_ROOT = Path(tempfile.mkdtemp(prefix="gk-publish-one-"))
    settings.ALLOWED_HOSTS = ["*"]
    settings.GONGKAI_PUBLISH_IN_PROCESS = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)

    from gongkai.accounts.models import User
    from gongkai.documents.models import (
        Attribute,
        ConfidentialityReview,
        Document,
        ReviewOutcome,
    )
    from gongkai.documents.services import document_publish
    from gongkai.documents.workflow import Status
    from gongkai.organizations.models import Organ
    from gongkai.publishing.models import PublishJob

    fill_seconds = 0.0
    if args.reuse and Organ.objects.filter(slug="bench").exists():
        organ = Organ.objects.get(slug="bench")
        officer = User.objects.get(username="bench-officer")
        Document.objects.exclude(source__startswith="bench:").delete()
    else:
        organ, officer, fill_seconds = prepare(args.docs)
    docs = Document.objects.filter(status=Status.PUBLISHED).count()
    print(f"{docs:,} documents, filled in {fill_seconds:.0f} s", file=sys.stderr, flush=True)

    rounds: list[dict[str, Any]] = []
    written_paths: list[str] = []
    for n in range(args.rounds):
        document = Document.objects.create(
            organ=organ,
            title=f"示范区教育局关于第{n + 1}批发布测试事项的通知",
            status=Status.ISSUED,
            attribute=Attribute.PROACTIVE,
            genre="通知",
            written_date=None,
            summary="发布测试。",
            body="发布测试正文，定密与公开。" * 20,
            marking="（此件公开发布）",
        )
        # G6: the confidentiality review passed (先审查、后公开), as the workflow leaves it.
        ConfidentialityReview.objects.create(
            document=document, reviewer=officer, outcome=ReviewOutcome.PASS, items=["body"]
        )
        PublishJob.objects.all().delete()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        load_before = [round(x, 2) for x in os.getloadavg()]
        cpu = time.process_time()
        started = time.monotonic()
        with transaction.atomic():
            document_publish(actor=officer, document=document)
        # transaction.on_commit handlers (search, publishing) ran on leaving the block.
        seconds = time.monotonic() - started
        cpu_seconds = time.process_time() - cpu
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
        jobs = list(PublishJob.objects.values_list("path", "done_at"))
        written_paths = sorted(path for path, done in jobs if done is not None)
        rounds.append(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu_seconds, 3),
                "pages": len(jobs),
                "pages_done": len(written_paths),
                "load_before": load_before,
            }
        )
        print(json.dumps(rounds[-1]), file=sys.stderr, flush=True)
    print(
        json.dumps(
            {
                "docs": docs,
                "backend": connection.vendor,
                "fill_seconds": round(fill_seconds, 1),
                "rounds": rounds,
                "last_pages": written_paths,
                "load_after": [round(x, 2) for x in os.getloadavg()],
                "python": platform.python_version(),
                "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
