"""The documents' public pages, included by gongkai.portal.urls: their URL names are the
portal's (`portal:document_detail`, …), as static publishing and every template name them."""

from django.urls import path

from gongkai.documents import views_public as views

urlpatterns = [
    path("xxgk/rules/", views.rules, name="rules"),
    path("xxgk/rules/page/<int:page>/", views.rules, name="rules_page"),
    path("xxgk/fdzdgk/", views.statutory, name="statutory"),
    path("xxgk/fdzdgk/<slug:item>/", views.statutory_item, name="statutory_item"),
    path(
        "xxgk/fdzdgk/<slug:item>/page/<int:page>/",
        views.statutory_item,
        name="statutory_item_page",
    ),
    path("xxgk/documents/", views.document_list, name="document_list"),
    path("xxgk/documents/page/<int:page>/", views.document_list, name="document_list_page"),
    path("xxgk/documents/normative/", views.normative, name="normative"),
    path("xxgk/documents/normative/page/<int:page>/", views.normative, name="normative_page"),
    path("xxgk/documents/<uuid:uid>/", views.document_detail, name="document_detail"),
    path("xxgk/catalogue/", views.catalogue, name="catalogue"),
    path("xxgk/catalogue/page/<int:page>/", views.catalogue, name="catalogue_page"),
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
