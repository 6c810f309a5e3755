from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "gongkai.staff"
    verbose_name = "工作人员后台"

    def ready(self) -> None:
        from gongkai.accounts.models import Role
        from gongkai.accounts.permissions import has_role
        from gongkai.core.kit import hooks
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.staff.views import can_see_outbox

        # The back office's own entries; the modules add theirs from their AppConfig.ready.
        for item in (
            hooks.MenuItem("inbox", _("待办"), "staff:inbox", order=10),
            hooks.MenuItem("documents", _("公文"), "staff:document_list", order=20),
            hooks.MenuItem(
                "document_create",
                _("起草公文"),
                "staff:document_create",
                order=90,
                visible=lambda user: has_role(user, Role.CLERK),
            ),
            hooks.MenuItem(
                "outbox",
                _("待发消息"),
                "staff:outbox",
                order=95,
                visible=can_see_outbox,
            ),
        ):
            hooks.register("staff_menu", item, key=item.key)
        register_audit_actions({"outbox.retried": _("重新发送消息")})
