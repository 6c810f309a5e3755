"""One module per seeded module; importing one registers its seeders (DemoConfig.ready)."""

from gongkai.demo.seeders import (
    concerns,
    decisions,
    district,
    documents,
    inforequests,
    interpretations,
    mailbox,
    meetings,
    reports,
)

__all__ = [
    "concerns",
    "decisions",
    "district",
    "documents",
    "inforequests",
    "interpretations",
    "mailbox",
    "meetings",
    "reports",
]
