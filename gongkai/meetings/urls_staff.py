"""Staff pages of 政府会议, mounted at /staff/meetings/ (config/urls.py)."""

from django.urls import path

from gongkai.meetings import views_staff as views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_id>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/announce/", views.announce, name="announce"),
    path("<int:pk>/select/", views.select, name="select"),
    path("<int:pk>/hold/", views.hold, name="hold"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/links/", views.link_add, name="link_add"),
    path("<int:pk>/links/<int:link_id>/remove/", views.link_remove, name="link_remove"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
