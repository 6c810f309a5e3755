from django.urls import path

from gongkai.staff import views

app_name = "staff"
urlpatterns = [path("", views.inbox, name="inbox")]
