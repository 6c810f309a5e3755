"""Recompute the per-status comment counters kept on each 意见征集 (pending, approved, hidden,
unruled) from the comments themselves: after a bulk load or to repair drift."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.decisions.models import PublicConsultation
from gongkai.decisions.services import recount_comments


class Command(BaseCommand):
    help = "Recompute the comment counters of public consultations (意见征集)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="consultation ids (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = PublicConsultation.objects.order_by("pk")
        if options["ids"]:
            qs = qs.filter(pk__in=options["ids"])
        checked = drifted = 0
        for consultation in qs.iterator():
            checked += 1
            drifted += recount_comments(consultation)
        self.stdout.write(f"checked {checked}, corrected {drifted}")
