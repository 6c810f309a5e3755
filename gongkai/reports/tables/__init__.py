"""One module per annual-report table; importing one registers it (ReportsConfig.ready)."""

from gongkai.reports.tables import table3

__all__ = ["table3"]
