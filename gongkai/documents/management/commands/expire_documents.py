"""Daily job: documents whose 有效期 has run out become 失效 (G14, 47号).

Idempotent: only documents still marked 有效 are touched, each once, so a missed day
catches up on the next run. Run it from cron shortly after midnight (Asia/Shanghai).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.documents.services import documents_expire


class Command(BaseCommand):
    help = "有效 → 失效 for documents past their expiry date (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="the local date to use (YYYY-MM-DD); default: today")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be YYYY-MM-DD") from None
        count = documents_expire(today=today)
        self.stdout.write(f"expired {count}")
