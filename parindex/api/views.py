"""The API's documentation page: the vendored Swagger UI over ``/api/v1/openapi.json`` (no CDN)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def docs(request: HttpRequest) -> HttpResponse:
    """Public like the schema it shows: it names the routes, never any data (every call needs a token)."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api-v1:openapi-json")})
