from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfoRequestsConfig(AppConfig):
    name = "gongkai.inforequests"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.calendars.clocktypes import register_clock_type
        from gongkai.core.kit import hooks, inbox, outbox
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.inforequests import clocks, columns
        from gongkai.inforequests.actions import ACTIONS
        from gongkai.inforequests.audit import ACTION_LABELS
        from gongkai.inforequests.models import InfoRequest
        from gongkai.inforequests.selectors import outbox_scope
        from gongkai.inforequests.views_staff import inbox_links

        for clock_type in clocks.CLOCK_TYPES:
            register_clock_type(clock_type)
        register_actions(InfoRequest, ACTIONS)
        register_audit_actions(ACTION_LABELS)
        inbox.register_provider("inforequests", inbox_links)
        # The back office's outbox page: the openness office sees the messages of its cases.
        outbox.register_topic_scope(InfoRequest, outbox_scope)
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "inforequests",
                _("依申请公开"),
                "inforequests:list",
                order=40,
                app_name="inforequests",
            ),
            key="inforequests",
        )
        # The portal column 依申请公开 (the online application).
        columns.register()
