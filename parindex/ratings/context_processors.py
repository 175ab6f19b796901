"""What the top bar offers about the register; read from the memberships the request has already loaded."""

from __future__ import annotations

from django.http import HttpRequest

from parindex.ratings.access import can_read_register


def register_link(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"show_register": user is not None and can_read_register(user)}
