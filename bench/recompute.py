"""Benchmark: recompute N open statutory clocks after a calendar edit.

Creates a fresh database (the given --database-url; dropped and re-created for PostgreSQL,
deleted for SQLite), migrates it, bulk-creates N open clocks with realistic variety (starts
spread over 2025-2026; 20, 15 or 7 working days; pauses, 补正 restarts, extensions; explanations
stored as in production), then makes a calendar edit through the same service the admin uses
and times the recompute that runs after commit. Prints one JSON line:

    {"clocks": 100000, "backend": "sqlite", "scenario": "next-year", "moved": ..., "seconds": ...}

`seconds` is recompute_open_clocks after the edit; `rerun_seconds` a second, idempotent run
(nothing moves: the fast path alone). Scenarios:

- next-year: an administrator enters the 2027 notice (hypothetical dates);
- holiday-moved: 2026 is re-entered with 国庆 moved (10-08 rest, 10-10 no longer worked);
- worst: 2025 and 2026 re-entered with every Monday a rest day, so every clock moves.

Reproduce (from the repository root):

    .venv/bin/python bench/recompute.py --database-url sqlite:////tmp/gongkai_bench.sqlite3
    .venv/bin/python bench/recompute.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SCENARIOS = ("next-year", "holiday-moved", "worst")


def fresh_database(url: str) -> None:
    """Drop and re-create the benchmark database."""
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(str(config["NAME"]) + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = config["NAME"]
    with psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or "postgres",
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Production-like: DEBUG off (no query log).
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def make_clocks(n: int, seed: int) -> float:
    """Bulk-create n open clocks; returns the seconds it took."""
    from django.contrib.contenttypes.models import ContentType

    from gongkai.calendars.models import Clock, ClockKind
    from gongkai.calendars.selectors import current_calendar
    from gongkai.calendars.services import _apply, compute_for
    from gongkai.organizations.models import Organ

    started = time.perf_counter()
    rng = random.Random(seed)
    cal = current_calendar()
    subject_type = ContentType.objects.get_for_model(Organ)
    first, span = date(2025, 1, 1), (date(2026, 12, 31) - date(2025, 1, 1)).days
    kinds = [ClockKind.REPLY] * 6 + [ClockKind.PUBLICATION] * 3 + [ClockKind.THIRD_PARTY]
    batch: list[Clock] = []
    for i in range(n):
        start = first + timedelta(days=rng.randrange(span + 1))
        kind = rng.choice(kinds)
        days = {ClockKind.THIRD_PARTY: 15}.get(kind, 20)
        if kind == ClockKind.REPLY and rng.random() < 0.1:
            kind, days = ClockKind.CORRECTION_NOTICE, 7
        clock = Clock(
            subject_type=subject_type, subject_id=i + 1, kind=kind, start_date=start, days=days
        )
        if kind == ClockKind.REPLY:
            roll = rng.random()
            if roll < 0.12:  # third-party or other-organ consultation, or a fee notice
                p_start = start + timedelta(days=rng.randrange(1, 20))
                p_end = None if rng.random() < 0.15 else p_start + timedelta(days=rng.randrange(15))
                clock.pauses = [
                    {
                        "start": p_start.isoformat(),
                        "end": p_end and p_end.isoformat(),
                        "kind": rng.choice(["third_party", "other_organ", "fee"]),
                    }
                ]
            elif roll < 0.18:  # 补正: counted afresh from the corrected application
                clock.restart_date = start + timedelta(days=rng.randrange(3, 30))
            if rng.random() < 0.08:
                clock.extension_days = rng.choice([5, 10, 15, 20])
                clock.extension_approved_by = "政府信息公开工作机构负责人"
                clock.extension_approved_on = start + timedelta(days=25)
        _apply(clock, compute_for(clock, cal))
        batch.append(clock)
        if len(batch) == 5000:
            Clock.objects.bulk_create(batch)
            batch = []
    Clock.objects.bulk_create(batch)
    return time.perf_counter() - started


def edit_calendar(scenario: str) -> None:
    """One administrator edit through the admin's service path (audit + pending marker)."""
    from django.db import transaction

    from gongkai.calendars import services
    from gongkai.calendars.models import CalendarDay, CalendarYear, DayKind
    from gongkai.lib.official_calendar import packaged_schedule

    def enter(year: int, rest: list[date], makeup: list[date], notice: str) -> None:
        before = services.calendar_year_snapshot(None)
        calendar_year = CalendarYear.objects.create(year=year, source_notice=notice)
        CalendarDay.objects.bulk_create(
            [CalendarDay(year=calendar_year, date=d, kind=DayKind.HOLIDAY_REST) for d in rest]
            + [CalendarDay(year=calendar_year, date=d, kind=DayKind.MAKEUP_WORKDAY) for d in makeup]
        )
        services.calendar_year_changed(calendar_year=calendar_year, actor="bench", before=before)

    def packaged(year: int) -> tuple[list[date], list[date]]:
        schedule = packaged_schedule(year)
        rest = [d for d, _ in schedule.rest_days]
        return rest, [d for d, _ in schedule.makeup_workdays]

    with transaction.atomic():
        if scenario == "next-year":
            rest = [date(2027, 1, 1), *(date(2027, 2, d) for d in (5, 8, 9, 10, 11, 12))]
            rest += [date(2027, 4, 5), date(2027, 5, 3), date(2027, 5, 4), date(2027, 5, 5)]
            rest += [date(2027, 6, 9), date(2027, 9, 15)]
            rest += [date(2027, 10, d) for d in (1, 4, 5, 6, 7)]
            makeup = [date(2027, 2, 20), date(2027, 4, 25), date(2027, 9, 26), date(2027, 10, 9)]
            enter(2027, rest, makeup, "国办发明电〔2026〕（基准测试）")
        elif scenario == "holiday-moved":
            rest, makeup = packaged(2026)
            rest.append(date(2026, 10, 8))
            makeup.remove(date(2026, 10, 10))
            enter(2026, rest, makeup, "国办发明电〔2025〕（基准测试更正）")
        else:
            for year in (2025, 2026):
                rest, makeup = packaged(year)
                d = date(year, 1, 1)
                while d.year == year:
                    if d.weekday() == 0 and d not in rest:
                        rest.append(d)
                    d += timedelta(days=1)
                enter(year, rest, makeup, "（基准测试：每周一休息）")
    # Leaving the atomic block commits the edit; its on-commit hook runs the recompute.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clocks", type=int, default=100_000)
    parser.add_argument(
        "--database-url", default="sqlite:////tmp/gongkai_bench.sqlite3", help="dropped first!"
    )
    parser.add_argument("--scenario", choices=SCENARIOS, default="next-year")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    fresh_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from gongkai.calendars import services
    from gongkai.calendars.models import Clock, PendingRecompute

    call_command("migrate", verbosity=0)
    setup_seconds = make_clocks(args.clocks, args.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    timings: dict[str, Any] = {}
    recompute = services.recompute_open_clocks

    def timed(**kwargs: Any) -> services.RecomputeResult:
        started = time.perf_counter()
        result = recompute(**kwargs)
        timings["seconds"] = time.perf_counter() - started
        timings["result"] = result
        return result

    services.recompute_open_clocks = timed  # type: ignore[assignment]
    started = time.perf_counter()
    edit_calendar(args.scenario)
    edit_total = time.perf_counter() - started
    services.recompute_open_clocks = recompute  # type: ignore[assignment]
    result: services.RecomputeResult = timings["result"]
    assert not PendingRecompute.objects.filter(done_at__isnull=True).exists()

    started = time.perf_counter()
    rerun = services.recompute_open_clocks(actor="bench")
    rerun_seconds = time.perf_counter() - started
    assert rerun.moved == 0 and rerun.refreshed == 0, rerun

    print(
        json.dumps(
            {
                "clocks": Clock.objects.open().count(),
                "backend": connection.vendor,
                "scenario": args.scenario,
                "moved": result.moved,
                "refreshed": result.refreshed,
                "seconds": round(timings["seconds"], 2),
                "edit_and_recompute_seconds": round(edit_total, 2),
                "rerun_seconds": round(rerun_seconds, 2),
                "setup_seconds": round(setup_seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
