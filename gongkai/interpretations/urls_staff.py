"""Staff pages, included by config/urls.py at /staff/interpretations/ (namespace "interpretations")."""

from django.urls import path

from gongkai.interpretations import views_staff as views

app_name = "interpretations"
urlpatterns = [
    path("", views.interpretation_list, name="list"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("new/<int:document_id>/", views.interpretation_create, name="create"),
    path("<int:pk>/", views.interpretation_detail, name="detail"),
    path("<int:pk>/edit/", views.interpretation_edit, name="edit"),
    path("<int:pk>/sign-off/", views.interpretation_sign_off, name="sign_off"),
    path("<int:pk>/reopen/", views.interpretation_reopen, name="reopen"),
    path("<int:pk>/publish/", views.interpretation_publish, name="publish"),
    path("<int:pk>/withdraw/", views.interpretation_withdraw, name="withdraw"),
    path("<int:pk>/media/", views.media_add, name="media_add"),
    path("<int:pk>/media/<int:media_pk>/", views.media_download, name="media_download"),
    path("<int:pk>/media/<int:media_pk>/delete/", views.media_delete, name="media_delete"),
]
