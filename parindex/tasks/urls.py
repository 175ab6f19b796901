"""The assigned tasks' pages (list, new, import, a task with its history, reports and reviews). parindex/urls.py
includes them in the "assignments" URL namespace, with the periodic reports and the deadline board."""

from django.urls import URLPattern, path

from parindex.tasks import views as task_views

urlpatterns: list[URLPattern] = [
    path("tasks/", task_views.task_list, name="tasks"),
    path("tasks/new/", task_views.task_new, name="task-new"),
    path("tasks/import/", task_views.task_import, name="task-import"),
    path("tasks/<int:pk>/", task_views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", task_views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/units/<str:unit_code>/report/", task_views.task_report, name="task-report"),
    path("tasks/<int:pk>/reports/<int:report_pk>/review/", task_views.task_review, name="task-review"),
    path("tasks/<int:pk>/reports/<int:report_pk>/file/", task_views.task_report_file, name="task-report-file"),
]
