"""Admin permissions follow the administrator role, not Django model permissions.

admin.site itself only admits administrators (gongkai/core/admin.py); these mixins make each
ModelAdmin agree, so an administrator who is not a superuser still sees every model.
"""

from __future__ import annotations

from typing import Any

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
