"""The API's errors as one JSON body with a stable code (see :mod:`parindex.api.schemas`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import ngettext

from parindex.api.schemas import ErrorCode
from parindex.tabular import RowProblem


class ApiProblem(Exception):
    """Raised by a route: answered as ``status`` with ``{"error": code, "detail": detail, "problems": [...]}``."""

    def __init__(self, status: int, code: str, detail: str, problems: Iterable[RowProblem] = ()) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.problems = [{"line": p.line, "message": p.message} for p in problems]


def rejected(problems: list[RowProblem]) -> ApiProblem:
    """An all-or-nothing import refused: nothing was written; every bad line is listed."""
    return ApiProblem(
        400,
        ErrorCode.IMPORT_REJECTED,
        ngettext("%(count)d error; nothing was written.", "%(count)d errors; nothing was written.", len(problems))
        % {"count": len(problems)},
        problems,
    )
