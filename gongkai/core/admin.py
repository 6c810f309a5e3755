from django.contrib import admin

from gongkai.accounts.adminperms import ReadOnlyPermissions
from gongkai.accounts.permissions import is_administrator
from gongkai.core.models import AuditEvent

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
