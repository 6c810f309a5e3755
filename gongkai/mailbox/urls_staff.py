"""Back office of the mailbox, mounted at /staff/mailbox/ (config/urls.py)."""

from django.urls import path

from gongkai.mailbox import views_staff as views

app_name = "mailbox"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.message_action, name="action"),
]
