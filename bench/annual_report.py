"""Benchmark: the annual report over a large organ.

Creates a fresh database (the given --database-url; dropped and re-created for PostgreSQL,
deleted for SQLite), migrates it, bulk-creates N 依申请公开 requests for one organ (received
over the report year and the year before, two thirds closed with an outcome, applicant types
mixed) and N documents (published, issued, repealed, expired, normative or not), then times:

- table3: Table 3 of the report year (inforequests.stats.table3, five grouped counts);
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
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.recompute import fresh_database, setup_django  # noqa: E402

YEAR = 2025
SHANGHAI = ZoneInfo("Asia/Shanghai")
BATCH = 5000


def make_world(requests: int, documents: int, seed: int) -> tuple[object, object]:
    from django.core.management import call_command
    from django.db import transaction

    from gongkai.accounts.models import Membership, Role, User
    from gongkai.documents.models import Attribute, Document
    from gongkai.documents.workflow import Status as DocumentStatus
    from gongkai.documents.workflow import Validity
    from gongkai.inforequests.models import (
        ApplicantType,
        Delivery,
        IdType,
        InfoRequest,
        Outcome,
        ProvisionForm,
    )
    from gongkai.inforequests.workflow import Channel
    from gongkai.inforequests.workflow import Status as RequestStatus
    from gongkai.organizations.models import Organ, OrganKind

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
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

    outcomes = [o.value for o in Outcome]
    org_types = ["commercial", "research", "public_interest", "legal_services", "other_org"]
    start = date(YEAR - 1, 1, 1)
    rows = []
    for n in range(requests):
        received = start + timedelta(days=rng.randrange(730))
        closed = None
        if rng.random() < 0.67:
            closed = received + timedelta(days=rng.randrange(40))
        natural = rng.random() < 0.85
        rows.append(
            InfoRequest(
                case_number=f"B{n:09d}",
                query_code_hash="0" * 64,
                organ=organ,
                status=RequestStatus.REPLIED if closed else RequestStatus.RECEIVED,
                applicant_type=ApplicantType.NATURAL if natural else ApplicantType.ORGANISATION,
                organisation_type="" if natural else rng.choice(org_types),
                applicant_name="申请人",
                id_type=IdType.RESIDENT_ID,
                id_number="11010519491231002X",
                applicant_key=f"k{n % 50000}",
                info_title="某项目批复",
                provision_form=ProvisionForm.PAPER,
                delivery=Delivery.POST,
                channel=Channel.ONLINE,
                submitted_at=datetime.combine(received, dtime(10), tzinfo=SHANGHAI),
                received_date=received,
                closed_on=closed,
                outcome=rng.choice(outcomes) if closed else "",
            )
        )
        if len(rows) == BATCH:
            with transaction.atomic():
                InfoRequest.objects.bulk_create(rows)
            rows = []
    if rows:
        InfoRequest.objects.bulk_create(rows)

    rows = []
    for n in range(documents):
        written = start + timedelta(days=rng.randrange(730))
        roll = rng.random()
        published = roll < 0.8
        repealed = published and rng.random() < 0.05
        expires = written + timedelta(days=365 * 5) if rng.random() < 0.3 else None
        rows.append(
            Document(
                title=f"示范区教育局关于第{n}项工作的通知",
                organ=organ,
                status=DocumentStatus.PUBLISHED if published else DocumentStatus.ISSUED,
                attribute=Attribute.PROACTIVE,
                genre="命令（令）" if rng.random() < 0.01 else "通知",
                is_normative=rng.random() < 0.1,
                written_date=written,
                published_date=written + timedelta(days=3) if published else None,
                repealed_date=written + timedelta(days=200) if repealed else None,
                validity=Validity.REPEALED if repealed else Validity.VALID,
                expires_on=expires,
                index_number=f"000000003/{written.year}-{n:07d}" if published else None,
                created_by=user,
            )
        )
        if len(rows) == BATCH:
            with transaction.atomic():
                Document.objects.bulk_create(rows)
            rows = []
    if rows:
        Document.objects.bulk_create(rows)
    return organ, user


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    fresh_database(args.database_url)
    # The static site is not what is measured: the queue keeps the jobs, nothing renders.
    os.environ["GONGKAI_PUBLISH_IN_PROCESS"] = "false"
    os.environ.setdefault(
        "GONGKAI_PUBLISH_ROOT", str(Path(tempfile.gettempdir()) / "gongkai_annual_bench_public")
    )
    setup_django(args.database_url)
    from django.db import connection

    t0 = time.perf_counter()
    organ, user = make_world(args.requests, args.documents, args.seed)
    build_s = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from gongkai.inforequests.stats import table3
    from gongkai.reports import render, services
    from gongkai.reports.content import report_content
    from gongkai.reports.selectors import table2_from_documents

    t3 = timed(lambda: table3(organ=organ, year=YEAR))
    t2_2021 = timed(lambda: table2_from_documents(organ=organ, year=YEAR, version="2021"))
    t2_2019 = timed(lambda: table2_from_documents(organ=organ, year=YEAR, version="2019"))

    t0 = time.perf_counter()
    report = services.annual_report_create(actor=user, organ=organ, year=YEAR)
    generate_s = time.perf_counter() - t0
    outputs: dict[str, float] = {}
    sizes: dict[str, int] = {}
    t0 = time.perf_counter()
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
    formats_s = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "requests": args.requests,
                "documents": args.documents,
                "backend": connection.vendor,
                "build_s": round(build_s, 1),
                "table3_s": round(t3, 3),
                "table2_2021_s": round(t2_2021, 3),
                "table2_2019_s": round(t2_2019, 3),
                "report_generate_s": round(generate_s, 3),
                "four_formats_s": round(formats_s, 3),
                "report_total_s": round(generate_s + formats_s, 3),
                "outputs_s": outputs,
                "bytes": sizes,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
