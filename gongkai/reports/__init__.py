"""Annual-report tables (政府信息公开工作年度报告): a registry of tables, each read from the
modules' selectors (see :mod:`gongkai.reports.registry`)."""
