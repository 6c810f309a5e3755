from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("elder-mode/", views.elder_mode, name="elder_mode"),
    path("xxgk/", views.xxgk, name="xxgk"),
    path("xxgk/documents/", views.document_list, name="document_list"),
    path("xxgk/documents/<uuid:uid>/", views.document_detail, name="document_detail"),
    path("xxgk/catalogue/", views.catalogue, name="catalogue"),
    path(
        "xxgk/attachments/<int:attachment_id>/view/", views.attachment_view, name="attachment_view"
    ),
    path(
        "xxgk/attachments/<int:attachment_id>/file/", views.attachment_file, name="attachment_file"
    ),
    path(
        "xxgk/attachments/<int:attachment_id>/download/",
        views.attachment_download,
        name="attachment_download",
    ),
]
