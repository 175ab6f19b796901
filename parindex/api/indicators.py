"""The computed indicators (figures per unit and period) of the units in the user's scope."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from parindex.api.errors import ApiProblem
from parindex.api.schemas import ERRORS, ErrorCode, FigureOut
from parindex.indicators import figures
from parindex.indicators.access import get_indicator_unit_for_user
from parindex.indicators.models import Indicator
from parindex.org.access import units_for_user

router = Router(tags=["indicators"])


class FigureFilter(Schema):
    period: str
    unit: str = ""
    indicator: str = ""


@router.get(
    "",
    response={200: list[FigureOut], **ERRORS},
    summary="Indicator figures of a period",
    description=(
        "`period`: a year (2021), a quarter (2021-Q1) or a month (2021-03); `unit`: one unit's code (its figure "
        "covers its subtree); `indicator`: one indicator's code. The same rows as `parindex indicators --format "
        "json`, for the units in the token's scope."
    ),
)
def figure_list(request: HttpRequest, filters: Query[FigureFilter]) -> Any:
    if not figures.PERIOD_RE.match(filters.period):
        raise ApiProblem(
            400,
            ErrorCode.INVALID_REQUEST,
            _("the period must be a year (2021), a quarter (2021-Q1) or a month (2021-03)"),
        )
    if filters.indicator and filters.indicator not in Indicator.values:
        raise ApiProblem(400, ErrorCode.INVALID_REQUEST, _("unknown indicator %(code)s") % {"code": filters.indicator})
    if filters.unit:
        unit_ids = [get_indicator_unit_for_user(request.user, filters.unit).pk]
    else:
        unit_ids = list(units_for_user(request.user).values_list("pk", flat=True))
    rows = figures.rows([filters.period], unit_ids, [filters.indicator] if filters.indicator else None)
    return json.loads(figures.to_json(rows))
