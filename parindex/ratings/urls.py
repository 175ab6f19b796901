from django.urls import path

from parindex.ratings import views

app_name = "ratings"
urlpatterns = [
    path("campaigns/<str:code>/head-ratings/", views.campaign_ratings, name="campaign-ratings"),
]
