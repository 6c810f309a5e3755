"""互动交流 public pages, mounted at /hdjl/ (config/urls.py)."""

from django.urls import path

from gongkai.mailbox import views_public as views

app_name = "mailbox_public"
urlpatterns = [
    path("", views.home, name="home"),
    path("ly/", views.message_form, name="form"),
    path("ly/receipt/", views.receipt, name="receipt"),
    path("ly/receipt/done/", views.receipt_done, name="receipt_done"),
    path("ly/track/", views.track, name="track"),
    path("ly/track/message/", views.tracked, name="tracked"),
    path("ly/track/rate/", views.rate, name="rate"),
    path("ly/track/apply/", views.apply, name="apply"),
    path("ly/track/end/", views.track_end, name="track_end"),
    path("lyxd/", views.message_list, name="list"),
    path("lyxd/<str:number>/", views.message_detail, name="detail"),
    path("lytj/", views.statistics, name="statistics"),
    path("zjdc/", views.solicitation_list, name="solicitations"),
    path("zjdc/<str:number>/", views.solicitation_detail, name="solicitation"),
    path("zjdc/<str:number>/answer/", views.solicitation_answer, name="solicitation_answer"),
    path("zjdc/<str:number>/thanks/", views.solicitation_thanks, name="solicitation_thanks"),
]
