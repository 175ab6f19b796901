"""Who calls the API: a bearer token found by its prefix and checked against its SHA-256, acting as its user (the
same roles and units as on the web), throttled per token.

The rights themselves are not decided here: every route asks the apps' own access helpers
(``get_campaign_for_user``, ``units_for_user``, ``can_import``…) with the token's user, as the web pages do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from parindex.api.errors import ApiProblem
from parindex.api.models import ApiToken
from parindex.api.schemas import ErrorCode

# A system pushing daily and a reporting system reading the results stay far below this; a runaway loop does not.
DEFAULT_RATE = "120/min"


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``. An unknown, revoked or expired token, or one of an inactive user, is the
    same 401 as no token at all (nothing tells which)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        prefix = ApiToken.prefix_of(token.strip())
        if prefix is None:
            return None
        row = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if row is None or not row.matches(token.strip()) or not row.is_usable() or not row.user.is_active:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() >= 60:
            # At most one write a minute per token: the API is read far more often than it needs this.
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        refuse_nul(request)
        return row


def refuse_nul(request: HttpRequest) -> None:
    """A NUL character can be stored by no database text column (PostgreSQL refuses it outright): a request carrying
    one in its path, query, JSON body or form fields is refused before any route reads it."""
    content_type = request.content_type or ""
    body = request.body if content_type.startswith("application/json") else b""
    fields: list[str] = []
    if content_type.startswith("multipart/form-data") and request.method == "POST":
        fields = [value for _key, values in request.POST.lists() for value in values]
        fields += [upload.name or "" for uploads in request.FILES.lists() for upload in uploads[1]]
    if (
        "\x00" in request.path
        or "%00" in request.META.get("QUERY_STRING", "")
        or b"\\u0000" in body
        or any("\x00" in value for value in fields)
    ):
        raise ApiProblem(400, ErrorCode.INVALID_REQUEST, _("The request contains a NUL character."))


class TokenRateThrottle(SimpleRateThrottle):
    """At most ``API_RATE`` requests (default 120 a minute) per token, counted in Django's cache (per process
    unless ``CACHES`` is shared)."""

    scope = "api-token"

    def __init__(self) -> None:
        super().__init__(getattr(settings, "API_RATE", DEFAULT_RATE))

    def allow_request(self, request: HttpRequest) -> bool:
        # The rate is read at each request, so a setting changed while running (tests) applies at once.
        self.rate = getattr(settings, "API_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token: Any = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None  # not authenticated: answered 401 before any work is done
        return self.cache_format % {"scope": self.scope, "ident": token.prefix}
