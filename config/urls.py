from django.contrib import admin
from django.urls import include, path

from gongkai.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("gongkai.accounts.urls")),
    path("staff/interpretations/", include("gongkai.interpretations.urls_staff")),
    path("staff/inforequests/", include("gongkai.inforequests.urls_staff")),
    path("staff/meetings/", include("gongkai.meetings.urls_staff")),
    path("staff/concerns/", include("gongkai.concerns.urls_staff")),
    path("staff/decisions/", include("gongkai.decisions.urls_staff")),
    path("staff/mailbox/", include("gongkai.mailbox.urls_staff")),
    path("staff/reports/", include("gongkai.reports.urls_staff")),
    path("staff/", include("gongkai.staff.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("zcjd/", include("gongkai.interpretations.urls_public")),
    path("ysqgk/", include("gongkai.inforequests.urls_public")),
    path("zfhy/", include("gongkai.meetings.urls_public")),
    path("hygz/", include("gongkai.concerns.urls_public")),
    path("hdjl/", include("gongkai.mailbox.urls_public")),
    path("ndbg/", include("gongkai.reports.urls_public")),
    path("search/", include("gongkai.search.urls")),
    path("", include("gongkai.decisions.urls_public")),
    path("", include("gongkai.portal.urls")),
]

handler400 = "gongkai.core.views.bad_request"
