from django.contrib import admin
from django.urls import include, path

from gongkai.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("gongkai.accounts.urls")),
    path("staff/interpretations/", include("gongkai.interpretations.urls")),
    path("staff/inforequests/", include("gongkai.inforequests.urls_staff")),
    path("staff/reports/", include("gongkai.reports.urls_staff")),
    path("staff/", include("gongkai.staff.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("zcjd/", include("gongkai.interpretations.public_urls")),
    path("ysqgk/", include("gongkai.inforequests.urls_public")),
    path("ndbg/", include("gongkai.reports.urls_public")),
    path("search/", include("gongkai.search.urls")),
    path("", include("gongkai.portal.urls")),
]
