from django.contrib import admin

from gongkai.accounts.adminperms import AdministratorPermissions
from gongkai.organizations.models import Organ


@admin.register(Organ)
class OrganAdmin(AdministratorPermissions, admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "uscc", "office_phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "uscc"]
    prepopulated_fields = {"slug": ["short_name"]}
