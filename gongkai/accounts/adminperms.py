"""Admin permissions follow the administrator role, not Django model permissions.

admin.site itself only admits administrators (gongkai/core/admin.py); these mixins make each
ModelAdmin agree, so an administrator who is not a superuser still sees every model.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

from gongkai.accounts.permissions import is_administrator


class AdministratorPermissions:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)


class ReadOnlyPermissions(AdministratorPermissions):
    """Records that only services write (workflow, audit): viewable, never edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PersonalLookupsRefused:
    """Refuses changelist lookups (``?id_number__startswith=…``) on personal fields.

    Django's admin accepts a lookup on any field of the model in the query string, so a
    masked value can be recovered one character at a time by filtering on it. Only the
    handlers of a case see personal data, on the staff pages; the admin never filters on it.
    ``personal_fields`` maps a model label (``inforequests.inforequest``) to its personal
    field names; lookups that reach them through a relation are refused too.
    """

    personal_fields: dict[str, frozenset[str]] = {}

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        model: Any = self.model  # type: ignore[attr-defined]
        for part in lookup.split(LOOKUP_SEP):
            try:
                field = model._meta.get_field(part)
            except FieldDoesNotExist:
                break  # a transform or lookup name (startswith, gte…)
            if field.name in self.personal_fields.get(model._meta.label_lower, frozenset()):
                return False
            if not field.is_relation or field.related_model is None:
                break
            model = field.related_model
        return super().lookup_allowed(lookup, value, request)  # type: ignore[misc]
