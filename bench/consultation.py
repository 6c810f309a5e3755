"""Benchmark: a 意见征集 with N public comments (national drafts receive 100,000).

Creates a fresh database (--database-url; dropped and re-created for PostgreSQL, deleted for
SQLite), migrates it, builds the demo district without the corpus, opens a consultation
through the services and bulk-creates N comments anchored to its articles: 30 % from three
organised campaigns (the same text with small variations), the rest distinct comments built
from a vocabulary of the draft's subject. Then it times, through the module's own code:

- `cluster_s`: `services.consultation_cluster` (near-duplicate grouping of all N);
- `moderation_p50_ms` / `moderation_p99_ms`: the staff moderation page
  (`/staff/decisions/consultations/<id>/?status=pending&after=K`, keyset after a random
  pending comment K; the counts come from the counters kept on the consultation row) and
  `api_list_p99_ms`: the API's keyset-paged list, each over `--requests` requests;
- `report_s`: `selectors.adoption_report` after every comment is ruled, and
  `report_page_s`: the public page with the report rendered by Django;
- `static_p99_ms`: the open consultation's public page served from its published file.

Prints one JSON line. Reproduce (from the repository root):

    .venv/bin/python bench/consultation.py --comments 100000 \\
        --database-url sqlite:////tmp/gongkai_bench_consultation.sqlite3
    .venv/bin/python bench/consultation.py --comments 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench_consultation
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.recompute import fresh_database, setup_django  # noqa: E402

WORDS = [
    "停车",
    "收费",
    "泊位",
    "居民",
    "夜间",
    "免费",
    "老城区",
    "建议",
    "标准",
    "听证",
    "学校",
    "周边",
    "临时",
    "执法",
    "新能源",
    "优惠",
    "残疾人",
    "道路",
    "管理",
    "办法",
    "公布",
    "时段",
    "差别化",
    "价格",
    "小区",
    "商圈",
    "医院",
    "地铁",
    "换乘",
    "公交",
    "非机动车",
    "占道",
    "巡查",
    "投诉",
    "电子",
    "缴费",
    "发票",
    "退费",
    "包月",
    "错峰",
    "共享",
    "车位",
    "充电桩",
    "监管",
    "公示",
    "考核",
]
CAMPAIGNS = (
    "坚决反对停车收费上涨，请保留老城区夜间免费停车位，保障居民生活便利！",
    "建议对新能源汽车实行首两小时免费，鼓励绿色出行，这是大家的共同心声。",
    "医院周边停车难，请增设临时停车位并延长免费时长，方便就医群众。",
)
TAILS = ("", "！！", "谢谢", "（居民）", "。", "恳请采纳", " 支持")


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--database-url", default="sqlite:////tmp/gongkai_bench_consultation.sqlite3"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    fresh_database(args.database_url)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    # The test client speaks plain HTTP (no redirect to HTTPS with DEBUG off).
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    # Pages are published explicitly below (the static-file measurement), not after each
    # demo write.
    os.environ.setdefault("GONGKAI_PUBLISH_IN_PROCESS", "false")
    setup_django(args.database_url)
    import tempfile

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    # No collectstatic in a benchmark database: plain static URLs (no manifest).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    from gongkai.accounts.models import User
    from gongkai.decisions import selectors, services
    from gongkai.decisions.models import Comment
    from gongkai.decisions.workflow import CommentStatus, Disposition
    from gongkai.demo.services import build_demo_district
    from gongkai.lib.similar import fingerprint

    build_demo_district(with_corpus=False)
    from gongkai.decisions.models import MajorDecision

    decision = MajorDecision.objects.get(client_token="demo:decision_open")  # noqa: S106
    consultation = decision.consultations.get()
    clerk = User.objects.get(username="edu_clerk")
    articles = list(consultation.articles.values_list("pk", flat=True))
    rng = random.Random(args.seed)
    started = time.perf_counter()
    batch: list[Comment] = []
    for i in range(args.comments):
        if rng.random() < 0.3:
            body = rng.choice(CAMPAIGNS) + rng.choice(TAILS)
        else:
            body = "".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        batch.append(
            Comment(
                consultation=consultation,
                article_id=rng.choice([*articles, None]),
                number=f"B{i:07d}",
                body=body,
                source=f"s{rng.randint(0, 50000)}",
                fingerprint=fingerprint(body),
                status=CommentStatus.PENDING if rng.random() < 0.5 else CommentStatus.APPROVED,
            )
        )
        if len(batch) == 5000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)
    # Bulk rows bypass the comment services: recompute the counters kept on the row.
    services.recount_comments(consultation)
    load_s = time.perf_counter() - started

    started = time.perf_counter()
    cpu_started = time.process_time()
    clusters = services.consultation_cluster(actor=clerk, consultation=consultation)
    cluster_s = time.perf_counter() - started
    cluster_cpu_s = time.process_time() - cpu_started
    print(
        f"loaded {args.comments} in {load_s:.1f} s; clustered in {cluster_s:.1f} s", file=sys.stderr
    )

    client = Client()
    client.force_login(clerk)
    url = f"/staff/decisions/consultations/{consultation.pk}/"
    # Keyset pages: start after a random pending comment (anywhere in the 100,000).
    pending_ids = list(
        Comment.objects.filter(consultation=consultation, status=CommentStatus.PENDING)
        .order_by("id")
        .values_list("id", flat=True)
    )
    times = []
    cpu_started = time.process_time()
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(url, {"status": "pending", "after": rng.choice(pending_ids)})
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        assert b"data-comment=" in response.content
    moderation_cpu_ms = (time.process_time() - cpu_started) * 1000 / args.requests
    api_times = []
    last = 0
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(
            f"/api/v1/decisions/consultations/{consultation.pk}/comments",
            {"status": "pending", "after_id": last, "limit": 50},
        )
        api_times.append((time.perf_counter() - started) * 1000)
        rows = response.json()
        last = rows[-1]["id"] if rows else 0

    # The public page of the open consultation, from its published file.
    from gongkai.publishing.publisher import enqueue, process_pending

    anonymous = Client()
    with (
        tempfile.TemporaryDirectory() as root,
        override_settings(PUBLISH_ROOT=root, GONGKAI_SERVE_PUBLISHED=True),
    ):
        path = f"/yjzj/{consultation.uid}/"
        enqueue([path], reason="bench")
        process_pending()
        static_times = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = anonymous.get(path)
            static_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and "ETag" in response.headers

    assert consultation.closes_on is not None
    services.consultation_close(
        actor="bench", consultation=consultation, today=consultation.closes_on + timedelta(days=1)
    )
    Comment.objects.filter(consultation=consultation).update(
        disposition=Disposition.NOT_ADOPTED, ruling_reason="已研究"
    )
    Comment.objects.filter(
        consultation=consultation,
        pk__in=Comment.objects.filter(consultation=consultation).values("pk")[
            : args.comments // 10
        ],
    ).update(disposition=Disposition.ADOPTED, ruling_reason="")
    services.consultation_report(actor=clerk, consultation=consultation, summary="已研究。")
    services.recount_comments(consultation)
    started = time.perf_counter()
    cpu_started = time.process_time()
    report = selectors.adoption_report(consultation)
    report_s = time.perf_counter() - started
    report_cpu_s = time.process_time() - cpu_started
    started = time.perf_counter()
    page = anonymous.get(f"/yjzj/{consultation.uid}/")
    report_page_s = time.perf_counter() - started
    assert page.status_code == 200

    print(
        json.dumps(
            {
                "comments": args.comments,
                "backend": connection.vendor,
                "load_s": round(load_s, 1),
                "clusters": clusters,
                "cluster_s": round(cluster_s, 1),
                "cluster_cpu_s": round(cluster_cpu_s, 1),
                "moderation_p50_ms": round(statistics.median(times), 1),
                "moderation_p99_ms": round(p(times, 0.99), 1),
                "moderation_cpu_ms_mean": round(moderation_cpu_ms, 1),
                "api_list_p99_ms": round(p(api_times, 0.99), 1),
                "report_s": round(report_s, 2),
                "report_cpu_s": round(report_cpu_s, 2),
                "report_page_s": round(report_page_s, 2),
                "report_total": report.total,
                "static_p99_ms": round(p(static_times, 0.99), 2),
                "settings_debug": settings.DEBUG,
                "load_average": os.getloadavg(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
