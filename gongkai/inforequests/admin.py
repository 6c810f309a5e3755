"""Read-only admin: every change goes through the services (and their audit trail).

Personal data is shown masked; the staff pages show it in clear to the case's handlers only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.accounts.adminperms import PersonalLookupsRefused, ReadOnlyPermissions
from gongkai.inforequests.models import (
    Consultation,
    InfoRequest,
    Letter,
    Notice,
    ReleaseReview,
    ReminderSent,
)
from gongkai.inforequests.presenters import mask_address, mask_email, mask_id_number, mask_phone

# The applicant's personal data (条例第二十九条; 个人信息保护法): shown masked, never a filter.
PERSONAL_FIELDS = {
    "inforequests.inforequest": frozenset(
        {
            "id_number",
            "phone",
            "email",
            "address",
            "postcode",
            "contact_person",
            "applicant_key",
            "query_code_hash",
        }
    )
}


class ReadOnlyInline(ReadOnlyPermissions, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConsultationInline(ReadOnlyInline):
    model = Consultation
    fields = ("kind", "party", "sent_on", "delivered_on", "answered_on", "position", "ended_on")
    readonly_fields = fields


class ReleaseReviewInline(ReadOnlyInline):
    model = ReleaseReview
    fields = ("reviewed_on", "outcome", "items", "opinion", "redecision", "reviewer")
    readonly_fields = fields


class NoticeInline(ReadOnlyInline):
    model = Notice
    fields = ("kind", "issued_on", "delivered_on", "method", "summary")
    readonly_fields = fields


class LetterInline(ReadOnlyInline):
    model = Letter
    fields = ("kind", "title", "reference", "letter_date", "sent_at", "sent_method")
    readonly_fields = fields


@admin.register(InfoRequest)
class InfoRequestAdmin(PersonalLookupsRefused, ReadOnlyPermissions, admin.ModelAdmin):
    list_display = (
        "case_number",
        "organ",
        "status",
        "applicant_type",
        "received_date",
        "outcome",
        "closed_on",
    )
    list_filter = ("status", "organ", "applicant_type", "channel", "outcome")
    search_fields = ("case_number", "info_title", "info_doc_number")
    date_hierarchy = "submitted_at"
    inlines = [ConsultationInline, ReleaseReviewInline, NoticeInline, LetterInline]
    exclude = (
        "id_number",
        "phone",
        "email",
        "address",
        "query_code_hash",
        "applicant_key",
        "client_token",
    )
    readonly_fields = ("masked_id_number", "masked_phone", "masked_email", "masked_address")
    personal_fields = PERSONAL_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        names = [
            f.name for f in InfoRequest._meta.get_fields() if f.concrete and not f.auto_created
        ]
        return [n for n in names if n not in self.exclude] + list(self.readonly_fields)

    @admin.display(description="身份证明号码")
    def masked_id_number(self, obj: InfoRequest) -> str:
        return mask_id_number(obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj: InfoRequest) -> str:
        return mask_phone(obj.phone)

    @admin.display(description="电子邮箱")
    def masked_email(self, obj: InfoRequest) -> str:
        return mask_email(obj.email)

    @admin.display(description="通信地址")
    def masked_address(self, obj: InfoRequest) -> str:
        return mask_address(obj.address)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(PersonalLookupsRefused, admin.ModelAdmin):
    """The claims of send_deadline_reminders: what was queued, when (the messages and their
    delivery are in the outbox, 待发消息)."""

    personal_fields = PERSONAL_FIELDS
    list_display = (
        "info_request",
        "kind",
        "due_date",
        "claimed_at",
        "queued_at",
        "emails",
        "sms",
    )
    list_filter = ("kind", "queued_at")
    readonly_fields = [f.name for f in ReminderSent._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
