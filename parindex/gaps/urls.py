from django.urls import path

from parindex.gaps import views

app_name = "gaps"
urlpatterns = [
    path("<str:code>/effort/", views.effort_marks, name="effort"),
    path("<str:code>/units/<str:unit_code>/", views.unit_gap, name="unit"),
]
