"""Staff pages, included by config/urls.py at /staff/concerns/ (namespace "concerns")."""

from django.urls import path

from gongkai.concerns import views_staff as views

app_name = "concerns"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("all/", views.case_all, name="all"),
    path("new/", views.case_create, name="create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/<slug:name>/", views.case_action, name="action"),
    path("responses/<int:pk>/publish/", views.response_publish, name="response_publish"),
    path("responses/<int:pk>/unpublish/", views.response_unpublish, name="response_unpublish"),
]
