"""Benchmark of the 舆情 module at 10,000 open cases: the alert sweep, the 待办 inbox and the
monitoring webhook.

Creates a fresh database (the given --database-url; dropped and re-created for PostgreSQL,
deleted for SQLite), migrates it, builds a district (office, propaganda department, 8
departments, each with staff that have e-mail and phone), and bulk-creates N open cases with
their hour clocks as the intake service leaves them (a quarter 重大/特别重大 with 5 h and 24 h
clocks, the rest 48 h; the former detected within the last 23 hours, the latter within the
last 47: every case still has a running clock). Then:

1. `catchup`: the first sweep after a long stop — every alert whose moment has passed is
   claimed and sent once (e-mail: locmem; SMS: the log gateway at WARNING);
2. `sweep`: the sweep every minute afterwards (steady state: the few alerts that came due in
   the minute), timed `--rounds` times; p50 / max;
3. `inbox`: the 待办 of the office coordinator (sees all N) and of a department: the module's
   page /staff/concerns/ and the main /staff/ inbox through Django's test client, p50/p99;
4. `webhook`: `--webhook` signed deliveries (each answered 202 once stored), then the worker
   (`process_pending`) builds the cases, then the same ids replayed; every delivery must have
   made exactly one case (nothing lost, nothing doubled). In process through the test client
   by default; with `--http` over real HTTP to a gunicorn (`--http-workers` sync workers,
   bench/settings_http.py) that the benchmark starts on its database, `--threads` keep-alive
   client connections, with the CPU time of the server processes read from /proc.
   `--parts webhook` runs only this part.

Prints one JSON line. Reproduce (from the repository root):

    .venv/bin/python bench/concerns.py --database-url sqlite:////tmp/gongkai_bench_concerns.sqlite3
    .venv/bin/python bench/concerns.py --threads 4 \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench_concerns
    .venv/bin/python bench/concerns.py --parts webhook --http --http-workers 2 --threads 8 \\
        --cases 10000 --webhook 4000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench_concerns
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SECRET = "bench-secret"  # noqa: S105 - the benchmark's own webhook secret


def fresh_database(url: str) -> None:
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(str(config["NAME"]) + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    # Plain HTTP through the test client (DEBUG is off: no redirect to HTTPS).
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # Publishing jobs are queued but not rendered in this process (the cron job would).
    os.environ["GONGKAI_PUBLISH_IN_PROCESS"] = "false"
    os.environ["GONGKAI_SERVE_PUBLISHED"] = "false"
    os.environ["GONGKAI_PUBLISH_ROOT"] = "/tmp/gongkai_bench_concerns_public"  # noqa: S108 - a scratch folder
    import django

    django.setup()
    from django.conf import settings

    settings.GONGKAI_CONCERNS_WEBHOOK_SECRET = SECRET
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are rendered without collectstatic (no manifest needed for timing).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def build_district() -> dict[str, Any]:
    from gongkai.accounts.models import Membership, Role, User
    from gongkai.organizations.models import Organ, OrganKind

    gov = Organ.objects.create(
        slug="gov", name="示范区人民政府", kind=OrganKind.DISTRICT_GOVERNMENT
    )
    office = Organ.objects.create(
        slug="office", name="示范区人民政府办公室", kind=OrganKind.GOVERNMENT_OFFICE, parent=gov
    )
    Organ.objects.create(
        slug="propaganda", name="中共示范区委宣传部", kind=OrganKind.DEPARTMENT, parent=gov
    )
    departments = [
        Organ.objects.create(
            slug=f"d{i}", name=f"示范区第{i}局", kind=OrganKind.DEPARTMENT, parent=gov
        )
        for i in range(8)
    ]

    def user(name: str, organ: Any, role: str) -> Any:
        u = User.objects.create_user(name, f"{name}@example.gov.cn", "x", phone="13800000000")
        Membership.objects.create(user=u, organ=organ, role=role)
        return u

    coordinator = user("office", office, Role.GOVERNMENT_OFFICE)
    staff = [user(f"head{i}", d, Role.HEAD) for i, d in enumerate(departments)]
    return {
        "office": office,
        "departments": departments,
        "coordinator": coordinator,
        "staff": staff,
    }


def make_cases(n: int, district: dict[str, Any], seed: int) -> float:
    """N open cases with their clocks, as case_create leaves them (bulk, for speed)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from gongkai.calendars.models import Clock
    from gongkai.concerns.clocks import ClockKind, kinds_for
    from gongkai.concerns.models import OpinionCase
    from gongkai.concerns.workflow import Severity, Status

    hours = {ClockKind.RELEASE: 5, ClockKind.PRESS: 24, ClockKind.RESPONSE: 48}
    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now().replace(second=0, microsecond=0)
    cases = []
    for i in range(n):
        # One in twenty is 重大/特别重大 (5 h and 24 h clocks), detected within a day; the
        # others (48 h) within the last 47 hours: open cases whose clocks still run.
        major = rng.random() < 0.05
        if major:
            severity = rng.choice([Severity.MAJOR, Severity.EXTRAORDINARY])
        else:
            severity = rng.choice([Severity.ORDINARY, Severity.LARGE])
        detected = now - timedelta(minutes=rng.randrange((23 if major else 47) * 60))
        organ = rng.choice(district["departments"])
        due = min(detected + timedelta(hours=hours[k]) for k in kinds_for(severity))
        cases.append(
            OpinionCase(
                number=f"YQ-B-{i:06d}",
                status=rng.choice([Status.CONSULTING, Status.ANALYSING, Status.RESPONDING]),
                detected_at=detected,
                source="监测",
                summary="摘要",
                topic=f"舆情{i}",
                severity=severity,
                proposed_organ=organ,
                responsible_organ=organ,
                allocation_rule="department",
                next_due_at=due,
            )  # fmt: skip
        )
    OpinionCase.objects.bulk_create(cases, batch_size=2000)
    ct = ContentType.objects.get_for_model(OpinionCase)
    through = OpinionCase.coordinators.through
    clocks, links = [], []
    for case in OpinionCase.objects.order_by("pk").only("pk", "detected_at", "severity"):
        links.append(through(opinioncase_id=case.pk, organ_id=district["office"].pk))
        for kind in kinds_for(case.severity):
            start = case.detected_at
            clocks.append(
                Clock(
                    subject_type=ct,
                    subject_id=case.pk,
                    kind=kind,
                    unit="hours",
                    start_date=timezone.localdate(start),
                    start_at=start,
                    days=hours[kind],
                    due_at=start + timedelta(hours=hours[kind]),
                    due_date=timezone.localdate(start + timedelta(hours=hours[kind])),
                )  # fmt: skip
            )
    Clock.objects.bulk_create(clocks, batch_size=2000)
    through.objects.bulk_create(links, batch_size=2000)
    return time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


CPU: dict[str, list[float]] = {}


def timed(fn: Any, rounds: int, label: str = "") -> list[float]:
    """Wall milliseconds per call; the process CPU milliseconds go to CPU[label] (the
    shared benchmark machine is loaded: CPU time shows the cost of the code itself)."""
    out, cpu = [], []
    for _ in range(rounds):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    if label:
        CPU[label] = cpu
    return out


def figures(ms: list[float], label: str) -> dict[str, float]:
    cpu = CPU.get(label, [])
    out = {"p50_ms": round(pct(ms, 0.5), 1), "p99_ms": round(pct(ms, 0.99), 1)}
    if cpu:
        out |= {"cpu_p50_ms": round(pct(cpu, 0.5), 1), "cpu_p99_ms": round(pct(cpu, 0.99), 1)}
    return out


def bench_inbox(district: dict[str, Any], rounds: int) -> dict[str, Any]:
    from django.test import Client

    from gongkai.accounts.models import User
    from gongkai.concerns import selectors

    result = {}
    for who, user in (("office", district["coordinator"]), ("department", district["staff"][0])):

        def data(pk: int = user.pk) -> None:
            fresh = User.objects.get(pk=pk)  # a request's user: no cached memberships
            selectors.todo(fresh)
            selectors.todo_counts(fresh)

        label = f"{who} todo+counts"
        result[label] = figures(timed(data, rounds, label), label)
        client = Client()
        client.force_login(user)
        for path in ("/staff/concerns/", "/staff/"):
            assert client.get(path).status_code == 200  # warm
            label = f"{who} {path}"
            result[label] = figures(timed(lambda c=client, p=path: c.get(p), rounds, label), label)
    return result


def bench_webhook(count: int, threads: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from gongkai.concerns.models import OpinionCase
    from gongkai.concerns.webhook import signature

    before = OpinionCase.objects.count()
    bodies = [
        json.dumps(
            {
                "id": f"bench-{i}",
                "detected_at": "2026-01-05T09:00:00+08:00",
                "source": "监测服务",
                "topic": f"推送舆情{i}",
                "summary": "某论坛帖文。" * 20,
                "severity": "一般",
                "organs": ["d1"],
            },
            ensure_ascii=False,
        ).encode()  # fmt: skip
        for i in range(count)
    ]
    statuses: list[int] = []
    lock = threading.Lock()

    def send(chunk: list[bytes]) -> None:
        client = Client()
        for body in chunk:
            stamp = str(int(time.time()))
            r = client.post("/api/v1/concerns/webhook", data=body, content_type="application/json",
                            headers={"X-Gongkai-Timestamp": stamp, "X-Gongkai-Signature": signature(SECRET, stamp, body)})  # fmt: skip
            with lock:
                statuses.append(r.status_code)
        if threads > 1:
            connection.close()

    cpu: list[float] = []

    def run() -> float:
        started, c = time.perf_counter(), time.process_time()
        if threads == 1:
            send(bodies)
        else:
            workers = [
                threading.Thread(target=send, args=(bodies[i::threads],)) for i in range(threads)
            ]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
        cpu.append(time.process_time() - c)
        return time.perf_counter() - started

    from gongkai.concerns.webhook import process_pending

    first = run()
    t, c = time.perf_counter(), time.process_time()
    processed, _failed = process_pending(batch=200)
    worker_s, worker_cpu = time.perf_counter() - t, time.process_time() - c
    created = OpinionCase.objects.count() - before
    new_statuses, statuses[:] = list(statuses), []
    replay = run()
    after_replay = OpinionCase.objects.count() - before
    return {
        "deliveries": count,
        "threads": threads,
        "req_per_s": round(count / first, 1),
        "cpu_ms_per_req": round(1000 * cpu[0] / count, 1),
        "replay_cpu_ms_per_req": round(1000 * cpu[1] / count, 1),
        "replay_req_per_s": round(count / replay, 1),
        "created": created,
        "after_replay": after_replay,
        "worker": {
            "processed": processed,
            "seconds": round(worker_s, 2),
            "cpu_seconds": round(worker_cpu, 2),
        },  # fmt: skip
        "non_202": sum(s != 202 for s in new_statuses),
        "replay_non_202": sum(s != 202 for s in statuses),
        "lost": count - created,
    }


def _cpu_seconds(pid: int) -> float:
    """utime + stime of one process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree(pid: int) -> list[int]:
    """The process and its children (the gunicorn master and its workers)."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                pids.append(int(entry.name))
    return pids


def _server_cpu(pid: int) -> float:
    total = 0.0
    for p in _tree(pid):
        with contextlib.suppress(OSError):
            total += _cpu_seconds(p)
    return total


def start_server(url: str, workers: int, port: int) -> Any:
    """gunicorn on 127.0.0.1:port (`workers` processes × 4 threads, keep-alive) serving
    the project with bench/settings_http.py on the benchmark's database; returns the
    process once it answers."""
    import http.client
    import subprocess

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings_http",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "LOG_LEVEL": "ERROR",
        "GONGKAI_PUBLISH_IN_PROCESS": "false",
    }
    proc = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--keep-alive",
            "30",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=str(REPO),
        env=env,
    )
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/api/v1/concerns/webhook")  # 405: the app answers
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def bench_webhook_http(count: int, threads: int, port: int, server: Any) -> dict[str, Any]:
    """`count` signed deliveries over real HTTP (keep-alive connections, `threads` clients)
    to the running server, then the worker builds the cases, then every delivery replayed.
    Wall time and the CPU time of the server processes and of this client."""
    import http.client

    from gongkai.concerns.models import EventState, OpinionCase, WebhookEvent
    from gongkai.concerns.webhook import process_pending, signature

    before_cases = OpinionCase.objects.count()
    before_events = WebhookEvent.objects.count()
    bodies = [
        json.dumps(
            {
                "id": f"http-{i}",
                "detected_at": "2026-01-05T09:00:00+08:00",
                "source": "监测服务",
                "topic": f"推送舆情{i}",
                "summary": "某论坛帖文。" * 20,
                "severity": "一般",
                "organs": ["d1"],
            },
            ensure_ascii=False,
        ).encode()  # fmt: skip
        for i in range(count)
    ]
    statuses: list[int] = []
    answers: dict[bytes, bytes] = {}
    lock = threading.Lock()

    def send(chunk: list[bytes], keep: bool) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for body in chunk:
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/json",
                "X-Gongkai-Timestamp": stamp,
                "X-Gongkai-Signature": signature(SECRET, stamp, body),
                "X-Gongkai-Sender": "bench",
            }
            conn.request("POST", "/api/v1/concerns/webhook", body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            with lock:
                statuses.append(r.status)
                if keep:
                    answers[body] = data
                elif answers.get(body) != data:
                    statuses.append(-1)  # a replay answered differently
        conn.close()

    def run(keep: bool) -> tuple[float, float, float]:
        server_cpu, client_cpu = _server_cpu(server.pid), time.process_time()
        started = time.perf_counter()
        workers = [
            threading.Thread(target=send, args=(bodies[i::threads], keep)) for i in range(threads)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        wall = time.perf_counter() - started
        return wall, _server_cpu(server.pid) - server_cpu, time.process_time() - client_cpu

    load_before = os.getloadavg()
    wall, server_cpu, client_cpu = run(True)
    accepted = sum(s == 202 for s in statuses)
    stored = WebhookEvent.objects.count() - before_events
    statuses[:] = []
    t, c = time.perf_counter(), time.process_time()
    processed, failed = process_pending(batch=200)
    worker_s, worker_cpu = time.perf_counter() - t, time.process_time() - c
    created = OpinionCase.objects.count() - before_cases
    replay_wall, replay_server_cpu, _ = run(False)
    replay_ok = sum(s == 202 for s in statuses)
    return {
        "transport": "http (gunicorn gthread workers x 4 threads, keep-alive)",
        "deliveries": count,
        "client_threads": threads,
        "load_before": [round(x, 2) for x in load_before],
        "req_per_s": round(count / wall, 1),
        "server_cpu_ms_per_req": round(1000 * server_cpu / count, 2),
        "client_cpu_ms_per_req": round(1000 * client_cpu / count, 2),
        "req_per_s_per_server_cpu_second": round(count / server_cpu, 1) if server_cpu else None,
        "accepted_202": accepted,
        "stored": stored,
        "worker": {
            "processed": processed,
            "failed": failed,
            "seconds": round(worker_s, 2),
            "cpu_seconds": round(worker_cpu, 2),
            "cases_per_s": round(processed / worker_s, 1) if worker_s else None,
        },
        "cases_created": created,
        "pending_left": WebhookEvent.objects.filter(state=EventState.PENDING).count(),
        "replay_req_per_s": round(count / replay_wall, 1),
        "replay_server_cpu_ms_per_req": round(1000 * replay_server_cpu / count, 2),
        "replay_same_answer_202": replay_ok,
        "replay_mismatches": statuses.count(-1),
        "events_after_replay": WebhookEvent.objects.count() - before_events,
        "cases_after_replay": OpinionCase.objects.count() - before_cases,
        "lost": count - created,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="sqlite:////tmp/gongkai_bench_concerns.sqlite3")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--inbox-rounds", type=int, default=200)
    parser.add_argument("--webhook", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--http",
        action="store_true",
        help="send the webhook over real HTTP to a gunicorn started on the bench database",
    )
    parser.add_argument("--http-workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--parts",
        default="sweep,inbox,webhook",
        help="comma-separated: sweep (catch-up + minute sweeps), inbox, webhook",
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))

    fresh_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    district = build_district()
    build_s = make_cases(args.cases, district, args.seed)

    result: dict[str, Any] = {
        "cases": args.cases,
        "backend": connection.vendor,
        "build_s": round(build_s, 1),
        "load": [round(x, 2) for x in os.getloadavg()],
    }
    if "sweep" in parts:
        result.update(bench_sweeps(args))
    if "inbox" in parts:
        result["inbox"] = bench_inbox(district, args.inbox_rounds)
    if "webhook" in parts:
        if args.http:
            server = start_server(args.database_url, args.http_workers, args.port)
            try:
                result["webhook"] = bench_webhook_http(
                    args.webhook, args.threads, args.port, server
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
        else:
            result["webhook"] = bench_webhook(args.webhook, args.threads)
    print(json.dumps(result, ensure_ascii=False))


def bench_sweeps(args: Any) -> dict[str, Any]:
    from django.utils import timezone

    from gongkai.concerns.alerts import alerts_sweep
    from gongkai.concerns.models import CaseAlert

    now = timezone.now()
    t, c = time.perf_counter(), time.process_time()
    catchup = alerts_sweep(now=now)
    catchup_s, catchup_cpu = time.perf_counter() - t, time.process_time() - c

    sent: list[int] = []
    minute = iter(range(1, args.rounds + 1))

    def sweep() -> None:
        sent.append(alerts_sweep(now=now + timedelta(minutes=next(minute))).sent)

    sweeps = timed(sweep, args.rounds, "sweep")
    assert CaseAlert.objects.filter(sent_at__isnull=True).count() == 0
    idle_runs: list[int] = []
    idle = timed(
        lambda: idle_runs.append(alerts_sweep(now=now + timedelta(minutes=args.rounds)).claimed),
        args.rounds,
        "idle",
    )
    assert sum(idle_runs) == 0

    return {
        "catchup": {
            "alerts": catchup.sent,
            "seconds": round(catchup_s, 2),
            "cpu_seconds": round(catchup_cpu, 2),
        },
        "sweep": {
            **figures(sweeps, "sweep"),
            "max_ms": round(max(sweeps), 1),
            "alerts_per_minute_median": statistics.median(sent),
        },
        "sweep_nothing_due": figures(idle, "idle"),
    }


if __name__ == "__main__":
    main()
