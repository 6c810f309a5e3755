"""Public 依申请公开 pages, mounted at /ysqgk/ (config/urls.py)."""

from django.urls import path

from gongkai.inforequests import views_public as views

app_name = "inforequests_public"
urlpatterns = [
    path("", views.apply, name="apply"),
    path("apply/", views.application_form, name="form"),
    path("receipt/", views.receipt, name="receipt"),
    path("receipt/done/", views.receipt_done, name="receipt_done"),
    path("track/", views.track, name="track"),
    path("track/case/", views.case, name="case"),
    path("track/correction/", views.correction, name="correction"),
    path("track/letters/<int:letter_id>.<str:fmt>", views.letter_download, name="letter"),
    path("track/files/<int:file_id>/", views.provided_download, name="provided_file"),
    path("track/end/", views.track_end, name="track_end"),
]
