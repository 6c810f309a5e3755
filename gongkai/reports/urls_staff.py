"""Staff pages of the annual report, mounted at /staff/reports/ (namespace "reports")."""

from django.urls import path

from gongkai.reports import views_staff as views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("rollup/", views.rollup, name="rollup"),
    path("remedy-cases/", views.remedy_cases, name="remedy_cases"),
    path("priorities/", views.priorities, name="priorities"),
    path("inspections/", views.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/decide/", views.inspection_decide, name="inspection_decide"),
    path("inspections/<int:pk>/due/", views.inspection_due, name="inspection_due"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/section/", views.report_edit_section, name="section"),
    path("<int:pk>/figure/", views.report_figure, name="figure"),
    path("<int:pk>/regenerate/", views.report_regenerate, name="regenerate"),
    path("<int:pk>/check/", views.report_check, name="check"),
    path("<int:pk>/sign-off/", views.report_sign_off, name="sign_off"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/reopen/", views.report_reopen, name="reopen"),
    path("<int:pk>/download/<str:fmt>/", views.report_download, name="download"),
]
