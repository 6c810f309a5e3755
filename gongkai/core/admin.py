from typing import Any

from django.contrib import admin

from gongkai.accounts.adminperms import ReadOnlyPermissions
from gongkai.accounts.permissions import is_administrator
from gongkai.core.kit.outbox import requeue
from gongkai.core.models import AuditEvent, OutboxMessage

# The Django admin is for administrators only; it is not the clerk's tool.
admin.site.site_header = "公开 Gongkai 系统管理"
admin.site.site_title = "Gongkai 系统管理"
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and request.user.is_staff and is_administrator(request.user)
)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    list_display = [
        "created_at",
        "action",
        "actor_label",
        "subject_type",
        "subject_id",
        "from_state",
        "to_state",
    ]
    list_filter = ["action", "subject_type"]
    search_fields = ["subject_id", "actor_label", "reason"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    """The outbox (gongkai.core.kit.outbox): what was sent, what waits, what failed."""

    list_display = ["created_at", "channel", "recipient", "subject", "status", "attempts"]
    list_filter = ["status", "channel"]
    search_fields = ["key", "recipient", "topic"]
    actions = ["send_again"]

    @admin.action(description="重新发送所选的发送失败消息")
    def send_again(self, request: Any, queryset: Any) -> None:
        count = sum(requeue(message) for message in queryset)
        self.message_user(request, f"已重新排队 {count} 条。")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        # The action needs the change permission; the fields stay read-only.
        return bool(request.user.is_active and is_administrator(request.user))

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]
