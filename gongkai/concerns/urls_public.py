"""The public column 回应关切, included by config/urls.py at /hygz/ (namespace "hygz")."""

from django.urls import path

from gongkai.concerns import views_public as views

app_name = "hygz"
urlpatterns = [
    path("", views.response_list, name="list"),
    path("<uuid:uid>/", views.response_detail, name="detail"),
]
