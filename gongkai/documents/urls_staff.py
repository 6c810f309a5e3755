"""The documents' staff pages, included by gongkai.staff.urls (namespace `staff`)."""

from django.urls import path

from gongkai.documents import views_staff as views

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/batch/", views.document_batch, name="document_batch"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/history/", views.document_history, name="document_history"),
    path("documents/<int:pk>/submit/", views.document_submit, name="document_submit"),
    path("documents/<int:pk>/review/", views.document_review, name="document_review"),
    path(
        "documents/<int:pk>/re-sign-off/", views.document_re_sign_off, name="document_re_sign_off"
    ),
    path("documents/<int:pk>/statutory/", views.document_statutory, name="document_statutory"),
    path("documents/<int:pk>/legality/", views.document_legality, name="document_legality"),
    path("documents/<int:pk>/sign-off/", views.document_sign_off, name="document_sign_off"),
    path("documents/<int:pk>/return/", views.document_return, name="document_return"),
    path("documents/<int:pk>/accept/", views.document_accept, name="document_accept"),
    path(
        "documents/<int:pk>/confidentiality/",
        views.document_confidentiality,
        name="document_confidentiality",
    ),
    path("documents/<int:pk>/publish/", views.document_publish, name="document_publish"),
    path("documents/<int:pk>/withdraw/", views.document_withdraw, name="document_withdraw"),
    path("documents/<int:pk>/repeal/", views.document_repeal, name="document_repeal"),
    path("documents/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "documents/<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path(
        "documents/<int:pk>/attachments/<int:attachment_pk>/accept-metadata/",
        views.attachment_accept_metadata,
        name="attachment_accept_metadata",
    ),
]
