from django.urls import URLPattern, path

from parindex.deadlines import board, views

# The bell and the inbox keep the URL namespace they had (notifications:inbox, notifications:bell…).
app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bell/", views.bell, name="bell"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("read-all/", views.read_all, name="read-all"),
]

# The deadline board and a unit's to-do list, under /deadlines/: parindex/urls.py names them in the "assignments"
# namespace with the tasks' and periodic reports' pages (assignments:board, assignments:todo).
board_urlpatterns: list[URLPattern] = [
    path("deadlines/", board.board, name="board"),
    path("deadlines/units/<str:code>/", board.todo, name="todo"),
]
