from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.accounts.adminperms import AdministratorPermissions, ReadOnlyPermissions
from gongkai.core.exceptions import DomainError
from gongkai.documents import services
from gongkai.documents.models import (
    Attachment,
    ConfidentialityReview,
    DisclosureReview,
    Document,
    DocumentReturn,
    SignOff,
    StatutoryItemTag,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(AdministratorPermissions, admin.ModelAdmin):
    list_display = ["__str__", "sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name"]


class ReadOnlyInline(ReadOnlyPermissions, admin.TabularInline):
    extra = 0
    can_delete = False


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = [
        "title",
        "kind",
        "size",
        "metadata_stripped",
        "metadata_residual",
        "metadata_accepted_by",
        "metadata_accepted_at",
        "text_truncated",
        "reading_status",
    ]


class ReturnInline(ReadOnlyInline):
    model = DocumentReturn
    fields = ["stage", "category", "reason", "returned_by", "created_at"]
    readonly_fields = ["created_at"]


class DisclosureReviewInline(ReadOnlyInline):
    model = DisclosureReview
    fields = ["outcome", "attribute", "opinion", "reviewer"]


class SignOffInline(ReadOnlyInline):
    model = SignOff
    fields = ["signer", "attribute", "opinion"]


class ConfidentialityReviewInline(ReadOnlyInline):
    model = ConfidentialityReview
    fields = ["outcome", "items", "opinion", "reviewer"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    """Read-only for administrators: workflow changes go through the staff back office,
    so that gates and the audit trail apply on every path."""

    list_display = [
        "title",
        "doc_number",
        "organ",
        "status",
        "attribute",
        "index_number",
        "validity",
    ]
    list_filter = ["status", "attribute", "validity", "organ"]
    search_fields = ["title", "doc_number", "index_number"]
    inlines = [
        AttachmentInline,
        DisclosureReviewInline,
        SignOffInline,
        ReturnInline,
        ConfidentialityReviewInline,
    ]


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
