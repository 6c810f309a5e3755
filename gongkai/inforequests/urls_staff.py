"""Staff pages of 依申请公开, mounted at /staff/inforequests/ (config/urls.py)."""

from django.urls import path

from gongkai.inforequests import views_staff as views

app_name = "inforequests"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("register/", views.register, name="register"),
    path("frequent/", views.frequent, name="frequent"),
    path("table3/", views.table3, name="table3"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/correction-notice/", views.correction_notice, name="correction_notice"),
    path("<int:pk>/correction/", views.correction, name="correction"),
    path("<int:pk>/correction-lapse/", views.correction_lapse, name="correction_lapse"),
    path("<int:pk>/correction-delivered/", views.correction_delivered, name="correction_delivered"),
    path("<int:pk>/release-review/", views.release_review, name="release_review"),
    path("<int:pk>/reasons-request/", views.reasons_request, name="reasons_request"),
    path("<int:pk>/delayed-deadline/", views.delayed_deadline, name="delayed_deadline"),
    path("<int:pk>/disclosure-notice/", views.disclosure_notice, name="disclosure_notice"),
    path("<int:pk>/disclosure-delivered/", views.disclosure_delivered, name="disclosure_delivered"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/department-report/", views.department_report, name="department_report"),
    path("<int:pk>/extension-request/", views.extension_request, name="extension_request"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/extension-refuse/", views.extension_refuse, name="extension_refuse"),
    path("<int:pk>/consult/", views.consult, name="consult"),
    path("<int:pk>/consult-answer/", views.consult_answer, name="consult_answer"),
    path("<int:pk>/fee-notice/", views.fee_notice, name="fee_notice"),
    path("<int:pk>/fee-paid/", views.fee_paid, name="fee_paid"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/files/", views.provided_add, name="provided_add"),
    path("<int:pk>/files/<int:file_id>/", views.provided_file, name="provided_file"),
    path("<int:pk>/files/<int:file_id>/remove/", views.provided_remove, name="provided_remove"),
    path("<int:pk>/letters/new/", views.letter_create, name="letter_create"),
    path("<int:pk>/letters/<int:letter_id>/", views.letter, name="letter"),
    path("<int:pk>/letters/<int:letter_id>/send/", views.letter_send, name="letter_send"),
    path("<int:pk>/letters/<int:letter_id>/discard/", views.letter_discard, name="letter_discard"),
    path("<int:pk>/letters/<int:letter_id>.<str:fmt>", views.letter_file, name="letter_file"),
]
