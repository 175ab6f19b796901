"""The web server's middlewares: static files served by WhiteNoise, pages for a logged-in person never kept by a
cache, and, when the installation requires it, two-step verification for Home Affairs staff and administrators."""

from __future__ import annotations

import os
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from whitenoise.middleware import WhiteNoiseMiddleware

from parindex.security.access import must_use_second_factor
from parindex.security.twofactor import confirmed_device


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise serving STATIC_ROOT (filled by ``parindex collectstatic``, which ``make serve`` runs). Before that
    (development, the demo's runserver, the tests) the directory is missing and there is nothing to serve: no warning
    on every request handler. With STATIC_MANIFEST=1 a missing collection fails loudly anyway, at the first page."""

    def add_files(self, root: str, prefix: str | None = None) -> None:
        if os.path.isdir(root):
            super().add_files(root, prefix=prefix)


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a logged-in person or to an API token: they carry unit
    data (sheets, results, exports) that no shared proxy, and no browser's disk, should keep. Public pages (the
    published results, the log-in page) and static files (served earlier, by WhiteNoise) keep their caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "HTTP_AUTHORIZATION" in request.META or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
            if "max-age" in response.get("Cache-Control", ""):
                patch_cache_control(response, max_age=0)
            patch_vary_headers(response, ("Cookie",))
        return response


class TwoFactorRequiredMiddleware:
    """With REQUIRE_TWO_FACTOR=1, a Home Affairs officer or an administrator who has not set up two-step verification
    is sent to set it up (only that page, the password page and logging out are open to them); a session that skipped
    the code (made before the authenticator was set up elsewhere) must log in again. Off by default: no query."""

    OPEN_PATHS = ("/account/", "/logout/", "/login/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.REQUIRE_TWO_FACTOR and not request.path.startswith(self.OPEN_PATHS):
            answer = self._refusal(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        if not must_use_second_factor(user):
            return None
        if confirmed_device(user) is not None:
            logout(request)
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        messages.warning(request, _("Your role requires two-step verification: set it up to continue."))
        return redirect("security:account")
