from django.urls import path

from parindex.assignments import report_urls, task_urls, views

app_name = "assignments"
urlpatterns = [
    path("deadlines/", views.board, name="board"),
    path("deadlines/units/<str:code>/", views.todo, name="todo"),
    *task_urls.urlpatterns,
    *report_urls.urlpatterns,
]
