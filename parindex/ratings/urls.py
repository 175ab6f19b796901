from django.urls import path

from parindex.ratings import views

app_name = "ratings"
urlpatterns = [
    path("campaigns/<str:code>/head-ratings/", views.campaign_ratings, name="campaign-ratings"),
    path("campaigns/<str:code>/head-ratings/export.<str:fmt>", views.export_ratings, name="campaign-ratings-export"),
    path("discipline/", views.register, name="register"),
    path("discipline/new/", views.new_case, name="case-new"),
    path("discipline/<int:pk>/", views.edit_case, name="case-edit"),
    path("discipline/<int:pk>/delete/", views.delete_case, name="case-delete"),
]
