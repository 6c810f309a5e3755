"""The public annual-report pages, included by config/urls.py at /ndbg/ (namespace "ndbg")."""

from django.urls import path

from gongkai.reports import views_public as views

app_name = "ndbg"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<slug:organ>/<int:year>/", views.public_detail, name="detail"),
    path("<slug:organ>/<int:year>/report.<str:fmt>", views.public_download, name="download"),
]
