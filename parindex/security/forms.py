from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parindex.security.twofactor import confirmed_device


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "pattern": "[0-9 ]*"}
        ),
    )


class AdminLoginForm(AdminAuthenticationForm):
    """The administration's own log-in page asks for no code: a person who set up two-step verification logs in on
    the application's log-in page (password, then code) and opens the administration from there."""

    def confirm_login_allowed(self, user: object) -> None:
        super().confirm_login_allowed(user)  # type: ignore[arg-type]
        if confirmed_device(user) is not None:  # type: ignore[arg-type]
            raise ValidationError(
                _("This account uses two-step verification: log in on the application's log-in page first."),
                code="two_step",
            )
