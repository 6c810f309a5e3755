from django.urls import include, path

from gongkai.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("outbox/", views.outbox_list, name="outbox"),
    path("outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
    # The documents' pages keep their names in this namespace (staff:document_detail, …).
    path("", include("gongkai.documents.urls_staff")),
]
