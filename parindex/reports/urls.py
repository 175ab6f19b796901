"""The periodic reports' pages (calendar, a period's submissions, a unit's submission, reviews). parindex/urls.py
includes them in the "assignments" URL namespace, with the assigned tasks and the deadline board."""

from django.urls import URLPattern, path

from parindex.reports import views as report_views

urlpatterns: list[URLPattern] = [
    path("reports/", report_views.calendar, name="reports"),
    path("reports/plan/", report_views.plan, name="report-plan"),
    path("reports/<int:pk>/", report_views.period_detail, name="report-period"),
    path("reports/<int:pk>/deadline/", report_views.deadline, name="report-deadline"),
    path("reports/<int:pk>/units/<str:unit_code>/", report_views.unit_report, name="report-unit"),
    path(
        "reports/<int:pk>/units/<str:unit_code>/submissions/<int:submission_pk>/review/",
        report_views.review,
        name="report-review",
    ),
    path(
        "reports/<int:pk>/units/<str:unit_code>/submissions/<int:submission_pk>/file/",
        report_views.download,
        name="report-file",
    ),
]
