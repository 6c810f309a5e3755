"""Benchmark: the annual report over a large organ.

Creates a fresh database (the given --database-url; dropped and re-created for PostgreSQL,
deleted for SQLite), migrates it, bulk-creates N 依申请公开 requests for one organ (received
over the report year and the year before, two thirds closed with an outcome, applicant types
mixed) and N documents (published, issued, repealed, expired, normative or not), then times:

- table3: Table 3 of the report year (inforequests.stats.table3, one grouped query), and
  this year's and last year's together (table3_with_previous, the same single query);
- table2: the 第二十条第（一）项 rows of Table 2 (reports.selectors.table2_from_documents, one
  aggregate query), both formats;
- report: annual_report_create (every figure, Table 3 of this year and last, Table 4, drafts)
  and then the four outputs (portal HTML, DOCX, PDF, XLSX).

Prints one JSON line, e.g.

    {"requests": 1000000, "documents": 1000000, "backend": "sqlite", "table3_s": ..., ...}

Reproduce (from the repository root):

    .venv/bin/python bench/annual_report.py --database-url sqlite:////tmp/gongkai_annual.sqlite3
    .venv/bin/python bench/annual_report.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_annual_bench
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.recompute import fresh_database, setup_django  # noqa: E402

YEAR = 2025


def _insert(model: Any, n: int, expressions: dict[str, str], params: dict[str, Any]) -> None:
    """INSERT … SELECT of ``n`` rows generated in the database (a recursive CTE on SQLite,
    generate_series on PostgreSQL): ``expressions`` are SQL over the row number ``n``; every
    other column gets its field's default (Django sets defaults in Python, not in the DB)."""
    from django.db import connection
    from django.utils import timezone

    columns, values, args = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in expressions:
            # Parameters are %s: a modulo operator in the SQL is written %%.
            values.append(expressions[field.name].replace("%", "%%"))
        elif field.name in params:
            values.append("%s")
            args.append(field.get_db_prep_save(params[field.name], connection))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            values.append("%s")
            args.append(field.get_db_prep_save(timezone.now(), connection))
        else:
            default = field.get_default()
            if default is None and field.null:
                values.append("NULL")
            else:
                values.append("%s")
                args.append(field.get_db_prep_save(default, connection))
    table = connection.ops.quote_name(model._meta.db_table)
    select = f"SELECT {', '.join(values)} FROM seq"
    if connection.vendor == "sqlite":
        sql = (
            f"WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < {n - 1}) "
            f"INSERT INTO {table} ({', '.join(columns)}) {select}"
        )
    else:
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"{select.replace('FROM seq', f'FROM generate_series(0::bigint, {n - 1}) AS seq(n)')}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, args)


def _day(base: str, offset: str) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"date('{base}', '+' || ({offset}) || ' days')"
    return f"(DATE '{base}' + ({offset})::int)"


def _stamp(day: str) -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"({day} || ' 02:00:00')"
    return f"(({day})::timestamp AT TIME ZONE 'UTC')"


def _case(expr: str, values: list[str]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"(CASE ({expr}) {whens} END)"


def make_world(requests: int, documents: int, seed: int) -> tuple[Any, Any]:
    from django.core.management import call_command
    from django.db import connection

    from gongkai.accounts.models import Membership, Role, User
    from gongkai.documents.models import Document
    from gongkai.inforequests.models import InfoRequest, Outcome
    from gongkai.organizations.models import Organ, OrganKind

    call_command("migrate", verbosity=0)
    gov = Organ.objects.create(
        slug="gov",
        name="示范区人民政府",
        short_name="区政府",
        kind=OrganKind.DISTRICT_GOVERNMENT,
        org_code="000000001",
    )
    organ = Organ.objects.create(
        slug="edu", name="示范区教育局", short_name="教育局", parent=gov, org_code="000000003"
    )
    user = User.objects.create_user(username="bench", password="x")  # noqa: S106
    Membership.objects.create(user=user, organ=organ, role=Role.OPENNESS_OFFICER)
    base = f"{YEAR - 1}-01-01"
    # Spread over two years by a multiplicative hash of the row number (the same on both
    # databases); one request in three still open, applicant types mixed.
    received = _day(base, f"(n * 7919 + {seed}) % 730")
    closed = f"(CASE WHEN n % 3 = 0 THEN NULL ELSE {_day(base, f'(n * 7919 + {seed}) % 730 + n % 40')} END)"
    outcomes = [o.value for o in Outcome]
    concat = "||"
    _insert(
        InfoRequest,
        requests,
        {
            "case_number": f"('B' {concat} n)",
            "status": "(CASE WHEN n % 3 = 0 THEN 'received' ELSE 'replied' END)",
            "applicant_type": "(CASE WHEN n % 7 = 0 THEN 'organisation' ELSE 'natural' END)",
            "organisation_type": "(CASE WHEN n % 7 = 0 THEN "
            + _case(
                "n % 5",
                ["commercial", "research", "public_interest", "legal_services", "other_org"],
            )
            + " ELSE '' END)",
            "applicant_key": f"('k' {concat} (n % 50000))",
            "submitted_at": _stamp(received),
            "received_date": received,
            "closed_on": closed,
            "outcome": f"(CASE WHEN n % 3 = 0 THEN '' ELSE {_case(f'n % {len(outcomes)}', outcomes)} END)",
        },
        {
            "query_code_hash": "0" * 64,
            "organ": organ.pk,
            "applicant_name": "申请人",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "info_title": "某项目批复",
            "provision_form": "paper",
            "delivery": "post",
            "channel": "online",
        },
    )
    written = _day(base, f"(n * 7919 + {seed}) % 730")
    published = "n % 5 <> 0"
    uid = (
        "lower(hex(randomblob(16)))"
        if connection.vendor == "sqlite"
        else "md5(n::text || 'doc')::uuid"
    )
    _insert(
        Document,
        documents,
        {
            "uid": uid,
            "status": f"(CASE WHEN {published} THEN 'published' ELSE 'issued' END)",
            "title": f"('示范区教育局关于第' {concat} n {concat} '项工作的通知')",
            "written_date": written,
            "published_date": f"(CASE WHEN {published} THEN {_day(base, f'(n * 7919 + {seed}) % 730 + 3')} END)",
            "repealed_date": f"(CASE WHEN {published} AND n % 20 IN (1, 3) THEN {_day(base, f'(n * 7919 + {seed}) % 730 + 200')} END)",
            "validity": f"(CASE WHEN {published} AND n % 20 IN (1, 3) THEN 'repealed' ELSE 'valid' END)",
            "expires_on": f"(CASE WHEN n % 3 = 0 THEN {_day(base, f'(n * 7919 + {seed}) % 730 + 1825')} END)",
            # 规章 (1 %) and 行政规范性文件 (10 %), most of them published, some repealed.
            "genre": "(CASE WHEN n % 100 = 2 THEN '命令（令）' ELSE '通知' END)",
            "is_normative": "(n % 10 = 3)",
            "index_number": f"(CASE WHEN {published} THEN ('000000003/' {concat} n) END)",
        },
        {"organ": organ.pk, "attribute": "proactive", "created_by": user.pk},
    )
    return organ, user


def timed(fn, repeat: int = 3) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best wall time of ``repeat`` runs and the process CPU time of that run."""
    best, cpu = float("inf"), 0.0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall = time.perf_counter() - t0
        if wall < best:
            best, cpu = wall, time.process_time() - c0
    return best, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time an existing benchmark database (built by an earlier run) without rebuilding",
    )
    args = parser.parse_args()
    if not args.reuse:
        fresh_database(args.database_url)
    # The static site is not what is measured: the queue keeps the jobs, nothing renders.
    os.environ["GONGKAI_PUBLISH_IN_PROCESS"] = "false"
    os.environ.setdefault(
        "GONGKAI_PUBLISH_ROOT", str(Path(tempfile.gettempdir()) / "gongkai_annual_bench_public")
    )
    setup_django(args.database_url)
    from django.db import connection

    t0 = time.perf_counter()
    if args.reuse:
        from django.core.management import call_command

        from gongkai.accounts.models import User
        from gongkai.documents.models import Document
        from gongkai.inforequests.models import InfoRequest
        from gongkai.organizations.models import Organ
        from gongkai.reports.models import AnnualReport

        call_command("migrate", verbosity=0)
        organ = Organ.objects.get(slug="edu")
        user = User.objects.get(username="bench")
        AnnualReport.objects.filter(organ=organ).delete()
        args.requests = InfoRequest.objects.filter(organ=organ).count()
        args.documents = Document.objects.filter(organ=organ).count()
    else:
        organ, user = make_world(args.requests, args.documents, args.seed)
    build_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM sets the visibility map that index-only scans need (autovacuum
        # does it in production some time after a bulk load).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    load_before = os.getloadavg()

    from gongkai.inforequests.stats import table3, table3_with_previous
    from gongkai.reports import render, services
    from gongkai.reports.content import report_content
    from gongkai.reports.selectors import table2_from_documents

    t3 = timed(lambda: table3(organ=organ, year=YEAR))
    t3_pair = timed(lambda: table3_with_previous(organ=organ, year=YEAR))
    t2_2021 = timed(lambda: table2_from_documents(organ=organ, year=YEAR, version="2021"))
    t2_2019 = timed(lambda: table2_from_documents(organ=organ, year=YEAR, version="2019"))

    t0, c0 = time.perf_counter(), time.process_time()
    report = services.annual_report_create(actor=user, organ=organ, year=YEAR)
    generate_s, generate_cpu = time.perf_counter() - t0, time.process_time() - c0
    sizes: dict[str, int] = {}

    def four_formats() -> tuple[float, float, dict[str, float]]:
        outputs: dict[str, float] = {}
        t0, c0 = time.perf_counter(), time.process_time()
        content = report_content(report)
        for name, fn in (
            ("html", lambda: render.render_html(content).encode()),
            ("docx", lambda: render.render_docx(content)),
            ("pdf", lambda: render.render_pdf(content)),
            ("xlsx", lambda: render.render_xlsx(content)),
        ):
            t1 = time.perf_counter()
            sizes[name] = len(fn())
            outputs[name] = round(time.perf_counter() - t1, 3)
        return time.perf_counter() - t0, time.process_time() - c0, outputs

    # The first rendering in a process also loads the libraries and the fonts (fontconfig,
    # pango, the Noto CJK faces); a server worker pays that once. Both are reported.
    formats_s, formats_cpu, outputs = four_formats()
    warm_s, warm_cpu, warm_outputs = four_formats()
    print(
        json.dumps(
            {
                "requests": args.requests,
                "documents": args.documents,
                "backend": connection.vendor,
                "build_s": round(build_s, 1),
                "load_before": [round(x, 2) for x in load_before],
                "load_after": [round(x, 2) for x in os.getloadavg()],
                "table3_s": round(t3[0], 3),
                "table3_cpu_s": round(t3[1], 3),
                "table3_with_previous_s": round(t3_pair[0], 3),
                "table3_with_previous_cpu_s": round(t3_pair[1], 3),
                "table2_2021_s": round(t2_2021[0], 3),
                "table2_2021_cpu_s": round(t2_2021[1], 3),
                "table2_2019_s": round(t2_2019[0], 3),
                "table2_2019_cpu_s": round(t2_2019[1], 3),
                "table2_rows": table2_from_documents(organ=organ, year=YEAR, version="2021"),
                "report_generate_s": round(generate_s, 3),
                "report_generate_cpu_s": round(generate_cpu, 3),
                "four_formats_s": round(formats_s, 3),
                "four_formats_cpu_s": round(formats_cpu, 3),
                "report_total_s": round(generate_s + formats_s, 3),
                "report_total_cpu_s": round(generate_cpu + formats_cpu, 3),
                "outputs_s": outputs,
                "four_formats_warm_s": round(warm_s, 3),
                "four_formats_warm_cpu_s": round(warm_cpu, 3),
                "outputs_warm_s": warm_outputs,
                "bytes": sizes,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
