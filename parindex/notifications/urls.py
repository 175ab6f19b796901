from django.urls import path

from parindex.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("bell/", views.bell, name="bell"),
    path("<int:pk>/", views.open_notice, name="open"),
    path("read-all/", views.read_all, name="read-all"),
]
