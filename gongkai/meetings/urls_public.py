"""The portal column 政府会议, mounted at /zfhy/ (config/urls.py, namespace "zfhy")."""

from django.urls import path

from gongkai.meetings import views_public as views

app_name = "zfhy"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<uuid:uid>/", views.meeting_detail, name="detail"),
    path("apply/<int:item_id>/", views.apply, name="apply"),
    path("apply/receipt/", views.receipt, name="receipt"),
]
