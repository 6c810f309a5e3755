from django.urls import path

from gongkai.decisions import views_staff as views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("new/", views.decision_create, name="create"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path(
        "catalogue/<int:item_id>/<slug:step>/", views.catalogue_item_action, name="catalogue_item"
    ),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/do/<slug:name>/", views.decision_action, name="action"),
    path("<int:pk>/consultation/", views.consultation_create, name="consultation_create"),
    path("<int:pk>/hearing/", views.hearing_plan, name="hearing_plan"),
    path("<int:pk>/hearing/<int:hearing_id>/<slug:step>/", views.hearing_step, name="hearing_step"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path(
        "consultations/<int:pk>/do/<slug:name>/",
        views.consultation_action,
        name="consultation_action",
    ),
    path("consultations/<int:pk>/cluster/", views.consultation_cluster, name="cluster"),
    path("consultations/<int:pk>/export.<slug:fmt>", views.consultation_export, name="export"),
    path(
        "consultations/<int:pk>/comments/<int:comment_id>/moderate/",
        views.comment_moderate,
        name="moderate",
    ),
    path("consultations/<int:pk>/comments/<int:comment_id>/rule/", views.comment_rule, name="rule"),
    path(
        "consultations/<int:pk>/clusters/<int:cluster_id>/rule/",
        views.cluster_rule,
        name="cluster_rule",
    ),
    path(
        "consultations/<int:pk>/comments/<int:comment_id>/split/",
        views.comment_split,
        name="comment_split",
    ),
    path(
        "consultations/<int:pk>/clusters/<int:cluster_id>/merge/",
        views.cluster_merge,
        name="cluster_merge",
    ),
]
