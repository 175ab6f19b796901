"""What the top bar offers each person; read from the memberships the request has already loaded (no query)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from parindex.indicators.access import can_see_dashboard
from parindex.insights.access import can_see_insights, own_trend_unit
from parindex.org.access import holds_any_role, memberships
from parindex.org.models import READER_ROLES, UNIT_ROLES
from parindex.ratings.access import can_read_register
from parindex.surveys.access import can_see_results as can_see_surveys


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    own = memberships(user, UNIT_ROLES)
    return {
        "show_register": can_read_register(user),
        "show_indicators": can_see_dashboard(user),
        "show_surveys": can_see_surveys(user),
        "show_board": holds_any_role(user, READER_ROLES),
        "show_plans": holds_any_role(user, (*READER_ROLES, *UNIT_ROLES)),
        "show_todo": own[0].unit.code if own else "",
        "show_insights": can_see_insights(user),
        "insights_unit": own_trend_unit(user),
    }
