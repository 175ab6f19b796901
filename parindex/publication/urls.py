from django.urls import path

from parindex.publication import views

# Open to everyone, without logging in; the names have no namespace (the public pages are linked from everywhere).
urlpatterns = [
    path("public/", views.published_list, name="public-list"),
    path("public/<str:code>/", views.published_results, name="public-results"),
]
