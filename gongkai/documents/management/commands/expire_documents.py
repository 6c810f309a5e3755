"""Daily job: documents whose 有效期 has run out become 失效 (G14, 47号).

Idempotent: only documents still marked 有效 are touched, each once, so a missed day
catches up on the next run. Run it from cron shortly after midnight (Asia/Shanghai).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.kit.commands import JobCommand
from gongkai.documents.services import documents_expire


class Command(JobCommand):
    help = "有效 → 失效 for documents past their expiry date (idempotent)."
    supports_dry_run = False

    def run_once(self, **options: Any) -> None:
        count = documents_expire(today=self.today)
        self.stdout.write(f"expired {count}")
