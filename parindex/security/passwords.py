"""Django's password rules, one message reworded: Django 5.2 changed the "too short" message and its Vietnamese
catalogue still has the old one, so the message came out in English."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("This password is too short: it must have at least %(min_length)s characters.") % {
            "min_length": self.min_length
        }
