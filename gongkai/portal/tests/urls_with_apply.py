"""The public site with a stand-in for the 依申请公开 module's online application."""

from django.http import HttpResponse
from django.urls import include, path

apply_patterns = ([path("", lambda request: HttpResponse("申请"), name="apply")], "inforequests")

urlpatterns = [
    path("apply/", include(apply_patterns, namespace="inforequests_public")),
    path("zcjd/", include("gongkai.interpretations.urls_public")),
    path("", include("gongkai.portal.urls")),
]
