from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gongkai.meetings"
    label = "meetings"
    verbose_name = "政府会议"

    def ready(self) -> None:
        from gongkai.core.kit import hooks
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.meetings import columns
        from gongkai.meetings import permissions as perms
        from gongkai.meetings.actions import ACTIONS
        from gongkai.meetings.audit import ACTION_LABELS
        from gongkai.meetings.models import Meeting
        from gongkai.meetings.views_staff import inbox_links

        register_actions(Meeting, ACTIONS)
        register_audit_actions(ACTION_LABELS)
        hooks.register("inbox", inbox_links, key="meetings")
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "meetings",
                _("政府会议"),
                "meetings:list",
                order=45,
                app_name="meetings",
                visible=perms.can_use_meetings,
            ),
            key="meetings",
        )
        # The portal column 政府会议, its sitemap and static pages; its search provider.
        columns.register()
        if apps.is_installed("gongkai.search"):
            from gongkai.meetings.search import register_provider

            register_provider()
