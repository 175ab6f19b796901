"""The application's URLs and the floor of ``bench-rush``: used only by the benchmark's app server."""

from django.urls import path

from parindex.benchmarks import views
from parindex.urls import urlpatterns as application

urlpatterns = [*application, path("bench/floor/<int:pk>/", views.floor, name="bench-floor")]
