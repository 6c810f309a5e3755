"""seed_demo: build the demo district “示范区” (idempotent; see gongkai.demo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.demo.services import DEMO_PASSWORD, build_demo_district


class Command(BaseCommand):
    help = (
        "Create the demo district 示范区: organs with openness-office contacts, a user for every "
        "role (password gongkai-demo), then each module's demo records through its services "
        "(documents in every workflow state, …) and the real corpus texts from "
        "GONGKAI_CORPUS_DIR (default ../shared/corpus beside the repository; skipped if "
        "missing). Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--corpus-dir", type=Path, help="overrides GONGKAI_CORPUS_DIR")
        parser.add_argument("--no-corpus", action="store_true", help="skip the corpus import")

    def handle(self, *args: Any, **options: Any) -> None:
        report = build_demo_district(
            with_corpus=not options["no_corpus"], corpus=options["corpus_dir"]
        )
        self.stdout.write(", ".join(f"{label} created {n}" for label, n in report.created))
        for message in report.messages:
            self.stdout.write(message)
        for warning in report.warnings:
            self.stderr.write(warning)
        self.stdout.write("")
        self.stdout.write(f"Demo users (password: {DEMO_PASSWORD})")
        rows = [("username", "role", "organ"), *report.users]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = (_pad(cell, width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
