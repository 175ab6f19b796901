"""The log-in (password, then the code for a person who set up two-step verification), the lockout page, and a
person's own account page: the password and the authenticator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from parindex.security import twofactor
from parindex.security.access import must_use_second_factor
from parindex.security.forms import CodeForm


class LoginView(auth_views.LoginView):
    """Django's log-in page; a person with an authenticator gives its code next, before being logged in."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if twofactor.confirmed_device(user) is None:
            return super().form_valid(form)
        twofactor.remember_password_passed(self.request, user, self.get_success_url())
        return redirect("login-code")


@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code from the authenticator app of the person who just gave the right password."""
    found = twofactor.pending_person(request)
    if found is None:
        messages.info(request, _("Please log in again."))
        return redirect("login")
    user, pending = found
    device = twofactor.confirmed_device(user)
    if device is None:  # the authenticator was removed meanwhile: the password is all that is asked
        twofactor.forget(request)
        return redirect("login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = twofactor.wait_seconds(device)
        if wait:
            form.add_error(
                "code", _("Too many wrong codes: wait %(seconds)s seconds, then try again.") % {"seconds": wait}
            )
            status = 429
        elif twofactor.check_code(device, form.cleaned_data["code"]):
            twofactor.forget(request)
            login(request, user, backend=pending.get("backend") or None)  # type: ignore[arg-type]
            otp_login(request, device)
            next_url = str(pending.get("next") or "")
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = reverse(settings.LOGIN_REDIRECT_URL)
            return redirect(next_url)
        else:
            twofactor.count_wrong_code(request)
            if twofactor.pending_person(request) is None:
                messages.error(request, _("Too many wrong codes. Please log in again."))
                return redirect("login")
            form.add_error("code", _("This code is not right (or was already used). Enter the code the app shows now."))
    return render(request, "security/login_code.html", {"form": form, "person": user}, status=status)


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer once a user name or an address is locked out: the log-in page saying why, for how long."""
    username = ""
    if isinstance(credentials, dict):
        username = str(credentials.get("username") or "")
    form = AuthenticationForm(request, initial={"username": username})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "form": form,
        "locked_out": True,
        "cooloff_minutes": minutes,
        "next": request.POST.get("next", "") if request.method == "POST" else request.GET.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429))


@login_required
@never_cache
def account(request: HttpRequest) -> HttpResponse:
    """The person's own security: their password and their two-step verification."""
    return render(
        request,
        "security/account.html",
        {
            "device": twofactor.confirmed_device(request.user),  # type: ignore[arg-type]
            "required": settings.REQUIRE_TWO_FACTOR and must_use_second_factor(request.user),
            "form": CodeForm(),
        },
    )


@login_required
@require_POST
@never_cache
def setup_start(request: HttpRequest) -> HttpResponse:
    """A fresh secret, shown once: as a QR code to scan and as text to type in."""
    if twofactor.confirmed_device(request.user) is not None:  # type: ignore[arg-type]
        messages.info(request, _("Two-step verification is already set up."))
        return redirect("security:account")
    device = twofactor.start_setup(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "security/setup.html",
        {"qr": twofactor.qr_svg(device), "secret": twofactor.secret_text(device), "form": CodeForm()},
    )


@login_required
@require_POST
@never_cache
def setup_confirm(request: HttpRequest) -> HttpResponse:
    """The first code proves the app holds the secret: from then on, every log-in asks for a code."""
    device = twofactor.pending_setup(request.user)  # type: ignore[arg-type]
    if device is None:
        return redirect("security:account")
    form = CodeForm(request.POST)
    if form.is_valid() and twofactor.check_code(device, form.cleaned_data["code"]):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Two-step verification is on: every log-in now asks for a code from the app."))
        return redirect("security:account")
    if form.is_valid():
        form.add_error("code", _("This code is not right. Enter the code the app shows now, or start again."))
    return render(request, "security/setup.html", {"form": form}, status=400)


@login_required
@require_POST
@never_cache
def turn_off(request: HttpRequest) -> HttpResponseBase:
    """Remove the authenticator, proven by a current code; not for a person whose role requires it."""
    device = twofactor.confirmed_device(request.user)  # type: ignore[arg-type]
    if device is None:
        return redirect("security:account")
    if settings.REQUIRE_TWO_FACTOR and must_use_second_factor(request.user):
        messages.error(request, _("Your role requires two-step verification: it cannot be turned off."))
        return redirect("security:account")
    form = CodeForm(request.POST)
    if form.is_valid() and twofactor.check_code(device, form.cleaned_data["code"]):
        type(device).objects.filter(user_id=request.user.pk).delete()
        messages.success(request, _("Two-step verification is off: log-ins ask for the password only."))
    else:
        messages.error(request, _("This code is not right: two-step verification stays on."))
    return redirect("security:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with the installation's password rules (AUTH_PASSWORD_VALIDATORS)."""

    template_name = "security/password_change.html"
    success_url = reverse_lazy("security:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response
