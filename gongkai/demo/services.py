"""Build the demo district: run every registered seeder in order (``manage.py seed_demo``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from gongkai.demo.registry import DemoContext, seeders
from gongkai.demo.seeders.district import DEMO_PASSWORD, USERS

__all__ = ["DEMO_PASSWORD", "USERS", "DemoReport", "build_demo_district"]


@dataclass
class DemoReport:
    # (seeder label, records created) in the order the seeders ran.
    created: list[tuple[str, int]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)

    def count(self, label: str) -> int:
        return sum(n for name, n in self.created if name == label)

    @property
    def organs_created(self) -> int:
        return self.count("organs")

    @property
    def users_created(self) -> int:
        return self.count("users")

    @property
    def documents_created(self) -> int:
        return self.count("demo documents")

    @property
    def corpus(self) -> Any:
        """The corpus ImportReport, or None when the corpus was skipped or missing."""
        return self.results.get("corpus")

    @property
    def corpus_message(self) -> str:
        return "\n".join(m for m in self.messages if m.startswith("corpus"))

    @property
    def users(self) -> list[tuple[str, str, str]]:
        """(username, role, organ) of every demo user, for the table printed at the end."""
        return list(self.results.get("users", []))


def build_demo_district(
    *, today: date | None = None, with_corpus: bool = True, corpus: Path | None = None
) -> DemoReport:
    """Create (or complete) the demo district with every registered seeder; the documents
    seeder imports the corpus from ``corpus`` or, by default, from
    :func:`gongkai.documents.importing.corpus_dir`, into the 区政府."""
    context = DemoContext(
        today=today or timezone.localdate(), with_corpus=with_corpus, corpus=corpus
    )
    report = DemoReport(messages=context.messages, warnings=context.warnings)
    for seeder in seeders():
        report.created.append((seeder.label, seeder.seed(context)))
    report.results = context.results
    return report
