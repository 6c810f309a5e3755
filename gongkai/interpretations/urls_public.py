"""The public column 政策性文件解读, included by config/urls.py at /zcjd/ (namespace "zcjd")."""

from django.urls import path

from gongkai.interpretations import views_public as views

app_name = "zcjd"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<uuid:uid>/", views.public_detail, name="detail"),
    path("media/<int:media_id>/", views.public_media, name="media"),
]
