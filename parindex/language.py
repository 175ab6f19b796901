"""The language of each request: Vietnamese for everyone, English only for a person who picked it.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language``, so an office computer set up in English showed
the app in English to people who never asked for it. Here the browser's wish is ignored: the language is the one
chosen in the top bar's menu (Django's ``set_language`` view keeps it in the language cookie), else ``LANGUAGE_CODE``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language picked in the menu, if it is one the app speaks; otherwise the installation's default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


class ChosenLanguageMiddleware:
    """Activate :func:`chosen_language` for the request (in place of ``django.middleware.locale.LocaleMiddleware``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # The page depends on the language cookie, never on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
