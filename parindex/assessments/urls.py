from django.urls import path

from parindex.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("<str:code>/ranking/", views.campaign_ranking, name="campaign-ranking"),
]
