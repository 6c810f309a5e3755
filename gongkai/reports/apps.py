"""Annual-report tables (政府信息公开工作年度报告): a registry of tables, each read from the
modules' selectors (see :mod:`gongkai.reports.registry`), and the report itself: its workflow,
figures, sections, checks and outputs, and the register of 行政复议、行政诉讼 (Table 4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from gongkai.core.kit import hooks, inbox
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.reports import (
            columns,
            tables,  # noqa: F401  (registers the report tables)
        )
        from gongkai.reports import (
            inbox as reports_inbox,
        )
        from gongkai.reports.actions import ACTIONS
        from gongkai.reports.audit import ACTION_LABELS
        from gongkai.reports.models import AnnualReport
        from gongkai.reports.permissions import can_see_reports

        register_actions(AnnualReport, ACTIONS)
        register_audit_actions(ACTION_LABELS)
        inbox.register_provider("annual_reports", reports_inbox.inbox_links)
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "reports",
                _("年度报告"),
                "reports:list",
                order=60,
                app_name="reports",
                visible=can_see_reports,
            ),
            key="reports",
        )
        columns.register()
