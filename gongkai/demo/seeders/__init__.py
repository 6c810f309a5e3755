"""One module per seeded module; importing one registers its seeders (DemoConfig.ready)."""

from gongkai.demo.seeders import decisions, district, documents, inforequests, interpretations

__all__ = ["decisions", "district", "documents", "inforequests", "interpretations"]
