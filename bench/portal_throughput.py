"""Benchmark: a document page served static by nginx, as a plain file, and by Django.

One run, side by side, on 127.0.0.1 only:

(a) static  — the page published by `gongkai.publishing` (publish root + try_files, exactly
              the deploy/nginx/gongkai.conf rules), served by nginx;
(b) plain   — the same bytes as one plain file served by the same nginx: the limit;
(c) dynamic — the Django detail view under gunicorn (2 sync workers), no cache;
(d) embedded — gunicorn (2 workers) with PublishedPageMiddleware answering from the file
              (the embedded default without nginx);
and (c) again with one connection per worker (`dynamic_unqueued_*`): the page's service time
without queueing, which shows what limits (c). Last, with the servers stopped, it publishes a
new document and a new normative document through the queue (`incremental_*`): the pages one
publication re-renders and the time it takes with N documents.

The database holds N published documents (default 1,000,000, the issue's target), bulk
inserted with realistic sizes (title, 文号, 索引号, summary, ~1.5 KB body) and kept between
runs (`--reuse`, on by default when the count matches). Load: `wrk -t2 -c32 -d15s --latency`
per target, each run bounded in time; (a) and (b) alternate for `--rounds` rounds (median
round each, `static_vs_plain` the median of the rounds' ratios). Prints one JSON line:

    {"docs": 1000000, "static_rps": ..., "plain_rps": ..., "static_vs_plain": 0.97,
     "dynamic_rps": ..., "dynamic_p99_ms": ..., ...}

Targets (issue #6): static ≥ 0.9 × plain; dynamic p99 ≤ 50 ms at 32 connections.

Needs Debian's wrk and nginx-light (`apt-get install -y wrk nginx-light`). Reproduce:

    .venv/bin/python bench/portal_throughput.py                 # 1,000,000 documents
    .venv/bin/python bench/portal_throughput.py --docs 100000   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OUT = REPO / "bench" / "out" / "portal"
CORPUS = REPO.parent / "shared" / "corpus" / "gov-info-disclosure-regulations-2019.txt"
PYTHON = sys.executable
BATCH = 5000

ORGANS = [
    ("bench-gov", "示范区人民政府", "000000101"),
    ("bench-office", "示范区人民政府办公室", "000000102"),
    ("bench-edu", "示范区教育局", "000000103"),
    ("bench-fin", "示范区财政局", "000000104"),
    ("bench-health", "示范区卫生健康局", "000000105"),
    ("bench-housing", "示范区住房和城乡建设局", "000000106"),
]
SUBJECTS = [
    "义务教育招生入学",
    "城乡居民基本医疗保险",
    "老旧小区改造",
    "政府信息公开工作",
    "安全生产专项整治",
    "农村饮水安全",
    "行政事业性收费",
    "政府集中采购",
    "就业创业扶持",
    "突发公共卫生事件应急",
]
GENRES = ["通知", "通知", "通知", "意见", "办法", "方案", "规定", "通告", "批复", "函"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(args: argparse.Namespace, site_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "GONGKAI_DATA_DIR": str(OUT / "data"),
            "GONGKAI_PUBLISH_ROOT": str(OUT / "public"),
            "SITE_URL": f"http://127.0.0.1:{site_port}",
            "LOG_LEVEL": "WARNING",
            # (c) is the view itself: without this, DEBUG=false would let
            # PublishedPageMiddleware answer from the published file, as (d) does.
            "GONGKAI_SERVE_PUBLISHED": "false",
            "PYTHONPATH": os.pathsep.join([str(OUT / "settings"), str(REPO)]),
        }
    )
    return env


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


# --- data ----------------------------------------------------------------------------------


def sentences() -> list[str]:
    text = CORPUS.read_text(encoding="utf-8") if CORPUS.exists() else ""
    found = [s.strip() + "。" for s in re.split(r"[。\n]", text) if 12 <= len(s.strip()) <= 120]
    return found or [
        "为深入贯彻落实政府信息公开条例，进一步做好政务公开工作，现就有关事项通知如下。"
    ]


def document_count() -> int:
    from gongkai.documents.models import Document

    return Document.objects.count()


def generate(n: int, seed: int) -> float:
    """Bulk-create n published documents; returns the seconds it took."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.documents.models import Attribute, Document, Topic, Validity
    from gongkai.documents.workflow import Status
    from gongkai.organizations.models import Organ, OrganKind

    started = time.perf_counter()
    rng = random.Random(seed)
    organs = []
    for i, (slug, name, code) in enumerate(ORGANS):
        organ, _ = Organ.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": OrganKind.DEPARTMENT if i > 1 else OrganKind.DISTRICT_GOVERNMENT,
                "org_code": code,
                "office_name": f"{name}政务公开办公室",
                "office_phone": "0411-12345678",
            },
        )
        organs.append(organ)
    topics = list(Topic.objects.filter(parent__isnull=False)) or [None]
    pool = sentences()
    first, span = date(2012, 1, 1), (date(2025, 12, 31) - date(2012, 1, 1)).days
    serials: dict[tuple[int, int], int] = {}
    now = timezone.now()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    batch: list[Document] = []
    for i in range(n):
        organ = organs[i % len(organs)]
        published = first + timedelta(days=rng.randrange(span + 1))
        key = (organ.pk, published.year)
        serials[key] = serials.get(key, 0) + 1
        subject = rng.choice(SUBJECTS)
        genre = rng.choice(GENRES)
        body = "\n".join(rng.choice(pool) for _ in range(rng.randrange(8, 16)))
        normative = genre in ("办法", "规定") and rng.random() < 0.5
        batch.append(
            Document(
                uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                status=Status.PUBLISHED,
                title=f"{organ.name}关于{subject}工作的{genre}（第{i + 1}号）",
                doc_number=f"示{organ.slug[6:9]}发〔{published.year}〕{serials[key]}号",
                organ=organ,
                written_date=published - timedelta(days=rng.randrange(1, 15)),
                published_date=published,
                published_at=datetime.combine(published, datetime.min.time(), tzinfo=UTC),
                effective_date=published,
                validity=Validity.VALID if rng.random() < 0.9 else Validity.EXPIRED,
                topic=rng.choice(topics),
                genre=genre,
                summary=f"就{subject}有关事项作出部署，明确工作目标、主要任务和保障措施。",
                keywords=f"{subject} 政务公开",
                body=body,
                attribute=Attribute.PROACTIVE,
                is_normative=normative,
                is_policy=normative,
                index_number=f"{organ.index_prefix}/{published.year}-{serials[key]:05d}",
                marking="（此件公开发布）",
                created_at=now,
                updated_at=now,
            )
        )
        if len(batch) == BATCH:
            with transaction.atomic():
                Document.objects.bulk_create(batch)
            batch = []
            if (i + 1) % 100_000 == 0:
                print(f"  {i + 1:,} documents", file=sys.stderr, flush=True)
    with transaction.atomic():
        Document.objects.bulk_create(batch)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE documents_document")
    return time.perf_counter() - started


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> float | None:
    """Migrate, and fill the database unless it already holds --docs documents."""
    url = args.database_url
    if url.startswith("sqlite:///") and not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    for command in (["migrate"], ["collectstatic"]):
        subprocess.run(
            [PYTHON, "manage.py", *command, "--noinput", "-v", "0"], cwd=REPO, env=env, check=True
        )
    setup_django(env)
    count = document_count()
    if args.reuse and count == args.docs:
        return None
    if count:
        raise SystemExit(f"the database holds {count:,} documents, not {args.docs:,}: --fresh")
    return generate(args.docs, args.seed)


def target_document() -> Any:
    """A recent document in the middle of the id range (not a hot first or last row)."""
    from gongkai.documents.selectors import documents_public

    qs = documents_public().order_by("pk")
    middle = qs.count() // 2
    return qs[middle]


def publish_page(path: str) -> Path:
    from gongkai.publishing import publisher

    shutil.rmtree(OUT / "public", ignore_errors=True)
    outcome = publisher.publish_path(path, publisher.Renderer())
    target = publisher.file_for(path)
    assert target is not None and outcome == "written", outcome
    return target


def incremental() -> dict[str, Any]:
    """Publish one new document (then a normative one) through the queue, as after commit:
    how many pages one publication re-renders, and how long it takes with N documents."""
    from django.utils import timezone

    from gongkai.documents.models import Document
    from gongkai.organizations.models import Organ
    from gongkai.publishing import dependencies, publisher
    from gongkai.publishing.models import PublishJob

    organ = Organ.objects.get(slug="bench-edu")
    figures: dict[str, Any] = {}
    for kind, normative in (("incremental", False), ("incremental_normative", True)):
        document = Document.objects.create(
            title=f"{organ.name}关于增量发布测试的通知",
            organ=organ,
            status="published",
            attribute="proactive",
            index_number=f"bench/incremental-{kind}",
            published_date=timezone.localdate(),
            published_at=timezone.now(),
            is_normative=normative,
            genre="办法" if normative else "通知",
            body="增量发布测试。",
        )
        try:
            started = time.perf_counter()
            paths = dependencies.document_paths(document, "published")
            publisher.enqueue(paths, "bench")
            result = publisher.process_pending()
            figures[f"{kind}_pages"] = len(paths)
            figures[f"{kind}_written"] = len(result.written)
            figures[f"{kind}_seconds"] = round(time.perf_counter() - started, 2)
        finally:
            document.delete()
            PublishJob.objects.all().delete()
    return figures


# --- servers --------------------------------------------------------------------------------

NGINX_CONF = """
worker_processes 2;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max=10000 inactive=60s;
    open_file_cache_valid 60s;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    upstream gongkai {{ server 127.0.0.1:{django_port}; keepalive 16; }}
    map "$cookie_gk_elder:$args" $gongkai_static {{ ":" ""; default "/.dynamic"; }}
    server {{
        listen 127.0.0.1:{port};
        root {public};
        gzip_static on;
        location = /plain/page.html {{ root {plain}; }}
        location / {{
            try_files $gongkai_static${{uri}}index.html $gongkai_static$uri @django;
        }}
        location @django {{
            proxy_pass http://gongkai;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""


@contextmanager
def process(cmd: list[str], **kwargs: Any) -> Any:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"{url} did not answer within {seconds:.0f}s")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — 127.0.0.1
        return bytes(response.read())


def published_header(url: str) -> bool:
    """Whether PublishedPageMiddleware answered (X-Gongkai-Published)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — 127.0.0.1
        return response.headers.get("X-Gongkai-Published") == "1"


def gunicorn(port: int, env: dict[str, str], workers: int) -> list[str]:
    return [
        str(Path(PYTHON).with_name("gunicorn")),
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--chdir",
        str(REPO),
    ]


# --- load ------------------------------------------------------------------------------------


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, args: argparse.Namespace) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=args.duration + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {p: _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": round(rps, 1),
        "p50_ms": round(latency["50"], 3),
        "p99_ms": round(latency["99"], 3),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name, cmd in {"nginx": ["nginx", "-v"], "wrk": ["wrk", "-v"]}.items():
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
            versions[name] = (done.stdout + done.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            versions[name] = "missing"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        **versions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url", default=f"sqlite:///{OUT / 'data' / 'portal-bench.sqlite3'}"
    )
    parser.add_argument("--fresh", dest="reuse", action="store_false", help="rebuild the DB")
    parser.add_argument("--duration", type=int, default=15, help="seconds per target")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--rounds", type=int, default=5, help="alternating static/plain runs")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing: apt-get install -y wrk nginx-light")

    (OUT / "data").mkdir(parents=True, exist_ok=True)
    settings_dir = OUT / "settings"
    settings_dir.mkdir(parents=True, exist_ok=True)
    # (d): the project's settings plus the serving middleware right after WhiteNoise.
    (settings_dir / "bench_embedded_settings.py").write_text(
        "from config.settings import *  # noqa: F403\n"
        "MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405\n"
        "MIDDLEWARE.insert(\n"
        '    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,\n'
        '    "gongkai.publishing.middleware.PublishedPageMiddleware",\n'
        ")\n"
        "GONGKAI_SERVE_PUBLISHED = True\n"
    )
    nginx_port, django_port, embedded_port = free_port(), free_port(), free_port()
    env = environment(args, nginx_port)
    generated = prepare_database(args, env)

    from django.db import connection
    from django.urls import reverse

    document = target_document()
    path = reverse("portal:document_detail", args=[document.uid])
    started = time.perf_counter()
    page = publish_page(path)
    publish_seconds = time.perf_counter() - started
    plain = OUT / "plain" / "plain"
    plain.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(page, plain / "page.html")
    backend = connection.vendor
    connection.close()

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gongkai-nginx-") as run, ExitStack() as stack:
        conf = Path(run) / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                run=run,
                port=nginx_port,
                django_port=django_port,
                public=OUT / "public",
                plain=OUT / "plain",
            )
        )
        # Workers read the files as the unprivileged nginx user.
        for folder in (OUT, OUT / "public", OUT / "plain"):
            folder.chmod(0o755)
        stack.enter_context(
            process(["nginx", "-c", str(conf), "-p", run, "-g", "daemon off;"], cwd=run)
        )
        stack.enter_context(process(gunicorn(django_port, env, args.workers), env=env, cwd=REPO))
        embedded_env = {**env, "DJANGO_SETTINGS_MODULE": "bench_embedded_settings"}
        stack.enter_context(
            process(gunicorn(embedded_port, embedded_env, args.workers), env=embedded_env, cwd=REPO)
        )
        static_url = f"http://127.0.0.1:{nginx_port}{path}"
        plain_url = f"http://127.0.0.1:{nginx_port}/plain/page.html"
        dynamic_url = f"http://127.0.0.1:{django_port}{path}"
        embedded_url = f"http://127.0.0.1:{embedded_port}{path}"
        for url in (static_url, plain_url, dynamic_url, embedded_url):
            wait_for(url)
        # (c) must render the view and (d) answer from the published file.
        if published_header(dynamic_url) or not published_header(embedded_url):
            raise SystemExit("the dynamic target served the published file (or (d) did not)")
        same = {fetch(u) for u in (static_url, plain_url, dynamic_url, embedded_url)}
        results["identical_bytes"] = len(same) == 1
        results["page_bytes"] = page.stat().st_size
        # nginx falls back to Django for pages that are not published.
        fallback = fetch(f"http://127.0.0.1:{nginx_port}/xxgk/guide/")
        results["nginx_fallback_ok"] = "政府信息公开指南".encode() in fallback
        for url in (static_url, plain_url, dynamic_url, embedded_url):
            wrk(url, argparse.Namespace(**{**vars(args), "duration": 3}))  # warm up
        # Static and plain are both bound by wrk and nginx sharing the cores, so one run of
        # each mostly measures the scheduler: they alternate for --rounds rounds and each
        # reports its median round; static_vs_plain is the median of the rounds' ratios.
        rounds: dict[str, list[dict[str, float]]] = {"static": [], "plain": []}
        for _ in range(args.rounds):
            for name, url in (("static", static_url), ("plain", plain_url)):
                rounds[name].append(wrk(url, args))
        for name, runs in rounds.items():
            median = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
            for key, value in median.items():
                results[f"{name}_{key}"] = value
        ratios = [
            s["rps"] / p["rps"] for s, p in zip(rounds["static"], rounds["plain"], strict=True)
        ]
        results["static_vs_plain_rounds"] = [round(r, 3) for r in ratios]
        results["static_vs_plain"] = round(statistics.median(ratios), 3)
        for name, url in (("dynamic", dynamic_url), ("embedded", embedded_url)):
            for key, value in wrk(url, args).items():
                results[f"{name}_{key}"] = value
        # The dynamic page with one connection per worker: its service time, no queueing.
        alone = argparse.Namespace(**{**vars(args), "connections": args.workers})
        for key, value in wrk(dynamic_url, alone).items():
            results[f"dynamic_unqueued_{key}"] = value

    results.update(incremental())
    figures = {
        "docs": args.docs,
        "backend": backend,
        "generated_seconds": round(generated, 1) if generated is not None else None,
        "publish_page_seconds": round(publish_seconds, 3),
        **results,
        "target_static_ok": results["static_vs_plain"] >= 0.9,
        "target_dynamic_p99_ok": results["dynamic_p99_ms"] <= 50.0,
        "connections": args.connections,
        "duration_s": args.duration,
        "gunicorn_workers": args.workers,
        "date": datetime.now(tz=UTC).strftime("%Y-%m-%d"),
        "machine": machine(),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
