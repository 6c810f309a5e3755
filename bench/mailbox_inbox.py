"""Benchmark: the 待办 lines of the public mailbox with 100,000 messages (issue 13: inbox
p99 ≤ 100 ms).

Creates a fresh database (the given --database-url; dropped and re-created for PostgreSQL,
deleted for SQLite), migrates it, builds the demo district (without the corpus), then
bulk-creates N messages over the last two years spread over the district's departments:
about 8 % still open (待受理 or 办理中, with their open 受理/答复时限 clock, due dates from
20 working days overdue to 15 ahead), the rest replied, published, converted, referred or
refused (with their closed clocks). It then times, for a department's openness officer and
for the 区政府's (who covers every department):

- `inbox`: the mailbox's provider of the staff 待办 (`mailbox.inbox.inbox_links`: four
  bands by remaining working days, one aggregate query, and each non-empty band's first ten
  messages inline — their ids from the index mailbox_open_items, then one query for the
  rows; the replies waiting for 留言选登; the closed 征集调查);
- `list`: the back-office list page `?due=overdue` rendered through Django's test client
  (the page the 待办 line links to).

Prints one JSON line with p50/p99 in milliseconds:

    {"messages": 100000, "backend": "sqlite", "inbox_p99_ms": ..., "list_p99_ms": ..., ...}

Reproduce (from the repository root):

    .venv/bin/python bench/mailbox_inbox.py --database-url sqlite:////tmp/gongkai_mailbox.sqlite3
    .venv/bin/python bench/mailbox_inbox.py \\
        --database-url postgres://postgres@127.0.0.1:5432/gongkai_bench_mailbox
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.recompute import fresh_database, setup_django  # noqa: E402

KINDS = ("consultation", "suggestion", "complaint")
CLOSED = ("replied", "published", "replied", "replied", "converted", "referred", "rejected")


def populate(n: int, seed: int) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from django.utils import timezone

    from gongkai.calendars.models import Clock
    from gongkai.calendars.selectors import current_calendar
    from gongkai.lib.workdays import add_workdays
    from gongkai.mailbox.clocks import ClockKind
    from gongkai.mailbox.models import PublicMessage
    from gongkai.organizations.models import Organ

    rng = random.Random(seed)
    organs = list(Organ.objects.filter(is_active=True).values_list("pk", flat=True))
    ct = ContentType.objects.get_for_model(PublicMessage)
    today = timezone.localdate()
    cal = current_calendar(today)
    tz = timezone.get_current_timezone()
    started = time.perf_counter()
    open_count = 0
    batch: list[PublicMessage] = []
    plans: list[tuple[str, Any]] = []

    def flush() -> None:
        created = PublicMessage.objects.bulk_create(batch)
        clocks = []
        for message, (status, submitted_on) in zip(created, plans, strict=True):
            accept_due = add_workdays(cal, submitted_on, 1)
            if status == "submitted":
                clocks.append(
                    Clock(
                        subject_type=ct,
                        subject_id=message.pk,
                        kind=ClockKind.ACCEPT,
                        start_date=submitted_on,
                        days=1,
                        due_date=accept_due,
                    )  # fmt: skip
                )
                continue
            clocks.append(
                Clock(
                    subject_type=ct,
                    subject_id=message.pk,
                    kind=ClockKind.ACCEPT,
                    start_date=submitted_on,
                    days=1,
                    due_date=accept_due,
                    closed_on=submitted_on,
                )  # fmt: skip
            )
            if status in ("converted", "referred", "rejected"):
                continue
            reply_due = add_workdays(cal, submitted_on, 15)
            clocks.append(
                Clock(
                    subject_type=ct,
                    subject_id=message.pk,
                    kind=ClockKind.REPLY,
                    start_date=submitted_on,
                    days=15,
                    due_date=reply_due,
                    closed_on=None if status == "accepted" else message.replied_on,
                )  # fmt: skip
            )
        Clock.objects.bulk_create(clocks)
        # the message's running limit (services.message_submit/accept set it the same way)
        running = {c.subject_id: c for c in clocks if c.closed_on is None}
        for message in created:
            clock = running.get(message.pk)
            message.open_clock_id = clock.pk if clock else None
            message.open_due = clock.due_date if clock else None
        PublicMessage.objects.bulk_update(
            [m for m in created if m.open_clock_id], ["open_clock", "open_due"], batch_size=500
        )
        batch.clear()
        plans.clear()

    for i in range(n):
        is_open = rng.random() < 0.08
        if is_open:
            open_count += 1
            # due dates from ~20 working days overdue to ~15 ahead
            submitted_on = today - timedelta(days=rng.randint(0, 40))
            status = rng.choice(("submitted", "accepted"))
        else:
            submitted_on = today - timedelta(days=rng.randint(30, 730))
            status = rng.choice(CLOSED)
        replied_on = submitted_on + timedelta(days=rng.randint(1, 20))
        answered = status in ("replied", "published")
        batch.append(
            PublicMessage(
                number=f"LY-B-{i:07d}",
                query_code_hash="0" * 64,
                organ_id=rng.choice(organs),
                kind=rng.choice(KINDS),
                subject=f"留言主题{i}",
                text="关于本区公共服务的留言内容。" * 5,
                writer_name="王小明",
                phone="13812345678",
                consent_publish=status == "published",
                status=status,
                submitted_at=datetime.combine(submitted_on, dtime(9, 30), tzinfo=tz),
                accepted_on=None if status == "submitted" else submitted_on,
                replied_on=replied_on if answered else None,
                replied_by_id=None,
                reply="答复内容。" if answered else "",
                replied_on_time=(replied_on <= add_workdays(cal, submitted_on, 15))
                if answered
                else None,
                public_subject=f"留言主题{i}" if status == "published" else "",
                published_at=timezone.now() if status == "published" else None,
            )
        )
        plans.append((status, submitted_on))
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()
    PublicMessage.objects.filter(status__in=("replied", "published")).update(
        replied_by_id=F("organ_id")
    )
    return {"open": open_count, "populate_seconds": round(time.perf_counter() - started, 1)}


def timed(call: Any, runs: int) -> dict[str, float]:
    call()  # warm-up
    samples, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    samples.sort()
    cpu.sort()
    at = min(len(samples) - 1, int(len(samples) * 0.99))
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p99_ms": round(samples[at], 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p99_ms": round(cpu[at], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    fresh_database(args.database_url)
    # Pages are rendered by Django here (no static publishing jobs run in the process) and
    # without a collectstatic manifest (the plain storage gives the same URLs to templates).
    os.environ["GONGKAI_PUBLISH_IN_PROCESS"] = "false"
    os.environ["GONGKAI_SERVE_PUBLISHED"] = "false"
    # Plain HTTP through the test client (DEBUG is off: no redirect to HTTPS).
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    setup_django(args.database_url)
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.utils import timezone

    from gongkai.accounts.models import User
    from gongkai.demo.services import build_demo_district
    from gongkai.mailbox.inbox import inbox_links

    build_demo_district(with_corpus=False)
    result: dict[str, Any] = {
        "messages": args.messages,
        "backend": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }
    result.update(populate(args.messages, args.seed))
    today = timezone.localdate()
    for who in ("edu_openness", "gov_openness"):
        user = User.objects.get(username=who)
        # a fresh user object per call: the role cache lives on the instance, as per request
        inbox = timed(lambda u=user: inbox_links(User.objects.get(pk=u.pk), today), args.runs)
        result[f"inbox_{who}_p50_ms"] = inbox["p50_ms"]
        result[f"inbox_{who}_p99_ms"] = inbox["p99_ms"]
        result[f"inbox_{who}_cpu_p99_ms"] = inbox["cpu_p99_ms"]
        client = Client()
        client.force_login(user)

        def page(c: Any = client) -> None:
            response = c.get("/staff/mailbox/?due=overdue")
            assert response.status_code == 200, response.status_code

        listing = timed(page, max(20, args.runs // 10))
        result[f"list_{who}_p50_ms"] = listing["p50_ms"]
        result[f"list_{who}_p99_ms"] = listing["p99_ms"]
        result[f"list_{who}_cpu_p99_ms"] = listing["cpu_p99_ms"]
    result["inbox_p99_ms"] = max(
        result["inbox_edu_openness_p99_ms"], result["inbox_gov_openness_p99_ms"]
    )
    result["load"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
