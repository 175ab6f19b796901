"""The units in the user's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from parindex.api.schemas import ERRORS, UnitOut
from parindex.org.access import units_for_user

router = Router(tags=["units"])


@router.get("", response={200: list[UnitOut], **ERRORS}, summary="Units in the user's scope")
def unit_list(request: HttpRequest) -> Any:
    units = units_for_user(request.user).select_related("parent", "group").order_by("path")
    return [
        {
            "code": u.code,
            "name": u.name,
            "parent": u.parent.code if u.parent else None,
            "group": u.group.code if u.group else None,
            "active": u.is_active,
        }
        for u in units
    ]
