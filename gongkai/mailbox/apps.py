from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailboxConfig(AppConfig):
    """互动交流 · 留言 (the public mailbox): named `mailbox`, not `messages`, which is
    django.contrib.messages."""

    name = "gongkai.mailbox"
    label = "mailbox"
    verbose_name = "互动交流（留言）"

    def ready(self) -> None:
        from gongkai.calendars.clocktypes import register_clock_type
        from gongkai.core.kit import hooks
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.mailbox import clocks, columns, inbox, search, selectors
        from gongkai.mailbox.actions import ACTIONS, SOLICITATION_ACTIONS
        from gongkai.mailbox.audit import ACTION_LABELS
        from gongkai.mailbox.models import PublicMessage, Solicitation
        from gongkai.mailbox.permissions import can_view_mailbox

        for clock_type in clocks.CLOCK_TYPES:
            register_clock_type(clock_type)
        register_actions(PublicMessage, ACTIONS)
        register_actions(Solicitation, SOLICITATION_ACTIONS)
        register_audit_actions(ACTION_LABELS)
        hooks.register("inbox", inbox.inbox_links, key="mailbox")
        hooks.register("clocks_recomputed", selectors.refresh_open_due, key="mailbox")
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "mailbox",
                _("留言办理"),
                "mailbox:list",
                order=45,
                app_name="mailbox",
                visible=can_view_mailbox,
            ),
            key="mailbox",
        )
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "solicitations",
                _("征集调查"),
                "mailbox:solicitations",
                order=46,
                visible=can_view_mailbox,
            ),
            key="solicitations",
        )
        columns.register()
        search.register_provider()
