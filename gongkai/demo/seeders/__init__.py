"""One module per seeded module; importing one registers its seeders (DemoConfig.ready)."""

from gongkai.demo.seeders import (
    concerns,
    district,
    documents,
    inforequests,
    interpretations,
    meetings,
)

__all__ = ["concerns", "district", "documents", "inforequests", "interpretations", "meetings"]
