from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.accounts.adminperms import AdministratorPermissions, ReadOnlyPermissions
from gongkai.core.exceptions import DomainError
from gongkai.publishing import services
from gongkai.publishing.models import PublishJob, StatutoryItemTag


@admin.register(StatutoryItemTag)
class StatutoryItemTagAdmin(AdministratorPermissions, admin.ModelAdmin):
    """Filing documents under 法定主动公开 items; every change goes through the services."""

    list_display = ["document", "item_code", "created_by", "created_at"]
    list_filter = ["item_code"]
    search_fields = ["document__title", "document__index_number", "document__doc_number"]
    raw_id_fields = ["document"]
    fields = ["document", "item_code"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A tag is added or removed, never edited.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            tag = services.statutory_item_tag(
                actor=request.user, document=obj.document, item_code=obj.item_code
            )
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return
        obj.pk = tag.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        try:
            services.statutory_item_untag(
                actor=request.user, document=obj.document, item_code=obj.item_code
            )
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for tag in queryset.select_related("document"):
            self.delete_model(request, tag)


@admin.register(PublishJob)
class PublishJobAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    list_display = ["path", "reason", "created_at", "done_at", "outcome", "attempts"]
    list_filter = ["outcome"]
    search_fields = ["path", "reason"]
