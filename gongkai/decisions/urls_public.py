"""意见征集 (/yjzj/, namespace "yjzj") and 重大行政决策 (/zdjc/, namespace "zdjc")."""

from django.urls import include, path

from gongkai.decisions import views_public as views

consultations = (
    [
        path("", views.consultation_list, name="list"),
        path("<uuid:uid>/", views.consultation_detail, name="detail"),
        path("<uuid:uid>/comment/", views.comment, name="comment"),
        path("<uuid:uid>/report.docx", views.report_docx, name="report_docx"),
    ],
    "yjzj",
)
decisions = (
    [
        path("", views.decision_list, name="list"),
        path("catalogue/<int:year>/", views.catalogue, name="catalogue"),
        path("<uuid:uid>/", views.decision_detail, name="detail"),
    ],
    "zdjc",
)
urlpatterns = [
    path("yjzj/", include(consultations)),
    path("zdjc/", include(decisions)),
]
