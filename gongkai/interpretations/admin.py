"""Read-mostly admin: every change of state goes through the services (and the audit trail)."""

from django.contrib import admin

from gongkai.accounts.adminperms import ReadOnlyPermissions
from gongkai.interpretations.models import Interpretation, Media


class MediaInline(ReadOnlyPermissions, admin.TabularInline):
    model = Media
    extra = 0
    can_delete = False
    fields = ["title", "kind", "size", "sha256", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Interpretation)
class InterpretationAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    list_display = ["title", "organ", "status", "signed_off_at", "published_date"]
    list_filter = ["status", "organ"]
    search_fields = ["title", "interpreter_name"]
    inlines = [MediaInline]
    readonly_fields = [
        "uid",
        "status",
        "documents",
        "organ",
        "signed_off_by",
        "signed_off_at",
        "sign_off_opinion",
        "copy_ratio",
        "published_date",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
        "client_token",
    ]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
