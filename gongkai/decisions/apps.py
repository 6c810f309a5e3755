from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "gongkai.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"

    def ready(self) -> None:
        from gongkai.calendars.clocktypes import register_clock_type
        from gongkai.core.kit import hooks
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.decisions import clocks, columns
        from gongkai.decisions.actions import ACTIONS, CONSULTATION_ACTIONS
        from gongkai.decisions.audit import ACTION_LABELS
        from gongkai.decisions.inbox import inbox_links
        from gongkai.decisions.models import MajorDecision, PublicConsultation

        register_actions(MajorDecision, ACTIONS)
        register_actions(PublicConsultation, CONSULTATION_ACTIONS)
        register_audit_actions(ACTION_LABELS)
        for clock_type in clocks.CLOCK_TYPES:
            register_clock_type(clock_type)
        hooks.register("inbox", inbox_links, key="decisions")
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "decisions", _("重大行政决策"), "decisions:list", order=50, app_name="decisions"
            ),
            key="decisions",
        )
        columns.register()
        from django.apps import apps

        if apps.is_installed("gongkai.search"):
            from gongkai.decisions.search import register_providers

            register_providers()
