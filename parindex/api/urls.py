"""``/api/v1/``: the routes, the OpenAPI schema (``openapi.json``) and the docs page (``docs``)."""

from django.urls import path

from parindex.api import views
from parindex.api.api import api

urlpatterns = [
    path("v1/docs", views.docs, name="api-docs"),
    path("v1/", api.urls),
]
