"""Rebuild the search index from the providers (documents, and whatever else registers)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.search.services import search_reindex_all


class Command(BaseCommand):
    help = "Index every public item for full-text search and drop entries no longer public."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", action="append", dest="kinds", help="only this kind (repeatable)"
        )
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="empty the index first (needed after a segmenter or dictionary change)",
        )

    def handle(self, *args: Any, kinds: list[str] | None, rebuild: bool, **options: Any) -> None:
        total = search_reindex_all(kinds=kinds, rebuild=rebuild, progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{total} entries indexed"))
