from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API for the systems around parindex (a page that combines: it reads and writes through every app's
    access helpers and services; nothing imports it)."""

    name = "parindex.api"
    label = "api"
    verbose_name = _("API")
