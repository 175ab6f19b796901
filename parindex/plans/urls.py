"""The improvement plans' pages, under /plans/."""

from django.urls import URLPattern, path

from parindex.plans import views

app_name = "plans"
unit = "<str:code>/<str:unit_code>/"
urlpatterns: list[URLPattern] = [
    path("", views.plan_index, name="index"),
    path("<str:code>/", views.review_list, name="review-list"),
    path(unit, views.plan_page, name="plan"),
    path(unit + "actions/new/", views.action_new, name="action-new"),
    path(unit + "actions/<int:pk>/", views.action_edit, name="action-edit"),
    path(unit + "actions/<int:pk>/remove/", views.action_remove, name="action-remove"),
    path(unit + "actions/<int:pk>/report/", views.action_report, name="action-report"),
    path(unit + "submit/", views.plan_submit, name="submit"),
    path(unit + "review/", views.plan_review, name="review"),
    path(unit + "reports/<int:pk>/review/", views.report_review, name="report-review"),
    path(unit + "reports/<int:pk>/file/", views.report_file, name="report-file"),
]
