"""One module per annual-report table; importing one registers it (ReportsConfig.ready)."""

from gongkai.reports.tables import table2, table3, table4

__all__ = ["table2", "table3", "table4"]
