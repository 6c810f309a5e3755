from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "gongkai.concerns"
    label = "concerns"
    verbose_name = "舆情回应"

    def ready(self) -> None:
        from gongkai.calendars.clocktypes import register_clock_type
        from gongkai.concerns import clocks, columns, inbox, panels
        from gongkai.concerns.actions import ACTIONS
        from gongkai.concerns.audit import ACTION_LABELS
        from gongkai.concerns.models import OpinionCase
        from gongkai.core.kit import hooks
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions

        for clock_type in clocks.CLOCK_TYPES:
            register_clock_type(clock_type)
        register_actions(OpinionCase, ACTIONS)
        register_audit_actions(ACTION_LABELS)
        hooks.register("inbox", inbox.inbox_links, key="concerns")
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "concerns", _("舆情回应"), "concerns:list", order=45, app_name="concerns"
            ),
            key="concerns",
        )
        for panel in panels.PANELS:
            hooks.register("detail_panels", panel, key=panel.key)
        columns.register()
        if apps.is_installed("gongkai.search"):
            from gongkai.concerns.search import register_provider

            register_provider()
