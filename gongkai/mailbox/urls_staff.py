"""Back office of the mailbox, mounted at /staff/mailbox/ (config/urls.py)."""

from django.urls import path

from gongkai.mailbox import views_staff as views

app_name = "mailbox"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("phone/", views.phone_register, name="phone"),
    path("<int:pk>/receipt/", views.message_receipt, name="receipt"),
    path("zjdc/", views.solicitation_list, name="solicitations"),
    path("zjdc/new/", views.solicitation_create, name="solicitation_create"),
    path("zjdc/<int:pk>/", views.solicitation_detail, name="solicitation"),
    path("zjdc/<int:pk>/edit/", views.solicitation_edit, name="solicitation_edit"),
    path("zjdc/<int:pk>/export.<str:fmt>", views.solicitation_export, name="solicitation_export"),
    path(
        "zjdc/<int:pk>/answers/<int:answer_id>/feature/",
        views.answer_feature,
        name="answer_feature",
    ),
    path("zjdc/<int:pk>/<str:action>/", views.solicitation_action, name="solicitation_action"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.message_action, name="action"),
]
