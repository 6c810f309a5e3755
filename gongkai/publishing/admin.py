from django.contrib import admin

from gongkai.accounts.adminperms import ReadOnlyPermissions
from gongkai.publishing.models import PublishJob


@admin.register(PublishJob)
class PublishJobAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    list_display = ["path", "reason", "created_at", "done_at", "outcome", "attempts"]
    list_filter = ["outcome"]
    search_fields = ["path", "reason"]
