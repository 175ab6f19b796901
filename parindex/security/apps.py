from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """The web server's hardening: log-in lockout (django-axes), the optional second factor (django-otp), private
    pages kept out of caches, and the production server's settings; no model of its own."""

    name = "parindex.security"
    label = "security"
    verbose_name = _("Security")
