from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from gongkai.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("gongkai.accounts.urls")),
    path("staff/", include("gongkai.staff.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("gongkai.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
