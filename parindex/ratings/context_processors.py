"""What the top bar offers (the register, the indicators); read from the memberships the request already loaded."""

from __future__ import annotations

from django.http import HttpRequest

from parindex.indicators.access import can_see_dashboard
from parindex.ratings.access import can_read_register


def register_link(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {
        "show_register": user is not None and can_read_register(user),
        "show_indicators": user is not None and can_see_dashboard(user),
    }
