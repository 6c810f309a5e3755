from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "gongkai.calendars"
    verbose_name = "工作日历与法定期限"

    def ready(self) -> None:
        from gongkai.calendars import checks  # noqa: F401  (registers system checks)
        from gongkai.core.kit.audit import register_audit_actions

        register_audit_actions(
            {
                "calendar.year_changed": _("节假日安排变更"),
                "calendar.year_deleted": _("删除节假日安排"),
                "clock.opened": _("期限起算"),
                "clock.changed": _("期限变更"),
                "clock.recomputed": _("节假日安排变更，期限重新计算"),
            }
        )
