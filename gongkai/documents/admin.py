from django.contrib import admin

from gongkai.accounts.adminperms import AdministratorPermissions, ReadOnlyPermissions
from gongkai.documents.models import (
    Attachment,
    ConfidentialityReview,
    DisclosureReview,
    Document,
    DocumentReturn,
    SignOff,
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
