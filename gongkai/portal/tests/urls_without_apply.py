"""The public site as it is without the 依申请公开 module's public pages."""

from django.urls import include, path

urlpatterns = [
    path("zcjd/", include("gongkai.interpretations.urls_public")),
    path("", include("gongkai.portal.urls")),
]
