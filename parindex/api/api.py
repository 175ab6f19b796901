"""The API itself: version 1 under ``/api/v1/``, its routers, its token authentication and throttle, and its errors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from parindex.api import campaigns, imports, indicators, results, surveys, tasks, units
from parindex.api.access import TokenAuth, TokenRateThrottle
from parindex.api.errors import ApiProblem
from parindex.api.schemas import ErrorCode

DESCRIPTION = """
The API of parindex for the systems around it: provincial reporting systems read campaigns, rankings, results,
head ratings, indicators and survey results; the one-stop and document systems push dossiers and login events;
Home Affairs imports scores and assigns tasks.

Every call carries `Authorization: Bearer <token>` (a token made by `parindex create-token`). It acts with its
user's roles and units, as the web pages do: what the user cannot see on the web, the API does not return.
Errors always answer `{"error": code, "detail": text, "problems": [{"line", "message"}]}`; the codes are stable.
"""

api = NinjaAPI(
    title="parindex API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url=None,  # our own page, with the vendored Swagger UI (no CDN): parindex.api.views.docs
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
)


def _error(
    request: HttpRequest, status: int, code: str, detail: str, problems: list[Any] | None = None
) -> HttpResponse:
    return api.create_response(request, {"error": code, "detail": detail, "problems": problems or []}, status=status)


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.detail, exc.problems)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(
        request, 401, ErrorCode.UNAUTHORIZED, _("A valid API token is required (Authorization: Bearer <token>).")
    )
    response["WWW-Authenticate"] = 'Bearer realm="parindex"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, ErrorCode.FORBIDDEN, _("Your roles do not allow this."))


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(
        request,
        413,
        ErrorCode.TOO_LARGE,
        _("The request is larger than %(size)s MB: send the rows in several pushes.")
        % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, ErrorCode.NOT_FOUND, _("Not found."))


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _error(request, 429, ErrorCode.TOO_MANY_REQUESTS, _("Too many requests: wait a moment and try again."))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        {"line": 0, "message": ".".join(str(part) for part in error.get("loc", ())) + ": " + str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return _error(request, 422, ErrorCode.INVALID_REQUEST, _("The request does not match the API schema."), problems)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {400: ErrorCode.INVALID_REQUEST, 409: ErrorCode.CONFLICT}.get(exc.status_code, ErrorCode.INVALID_REQUEST)
    return _error(request, exc.status_code, code, str(exc))


api.add_router("/campaigns", campaigns.router)
api.add_router("/campaigns", results.router)
api.add_router("/campaigns", imports.scores_router)
api.add_router("/units", units.router)
api.add_router("/indicators", indicators.router)
api.add_router("/", imports.router)
api.add_router("/surveys", surveys.router)
api.add_router("/tasks", tasks.router)
