"""One module per seeded module; importing one registers its seeders (DemoConfig.ready)."""

from gongkai.demo.seeders import district, documents, inforequests, interpretations, reports

__all__ = ["district", "documents", "inforequests", "interpretations", "reports"]
