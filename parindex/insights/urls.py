from django.urls import path

from parindex.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("groups/<str:code>/", views.group_page, name="group"),
    path("units/<str:code>/", views.unit_page, name="unit"),
    path("area-mappings/", views.mappings, name="mappings"),
    path("area-mappings/<int:pk>/delete/", views.delete_mapping, name="mapping-delete"),
    path("province/", views.standings, name="standings"),
    path("province/new/", views.edit_standing, name="standing-new"),
    path("province/<int:pk>/", views.edit_standing, name="standing-edit"),
    path("province/<int:pk>/delete/", views.delete_standing, name="standing-delete"),
]
