"""Template filters of the leaders' pages: a change with its sign (+3,25), a change of rank in words, a look-up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from parindex.assessments.templatetags.scores import points

register = template.Library()


@register.filter
def signed(value: Decimal | None) -> str:
    """A change of index with its sign, decimal comma: +3,25 / -2,10 / 0,00; "—" when there is none."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + points(value)


@register.filter
def rank_change(places: int | None) -> str:
    """Places gained (positive) or lost, in words."""
    if places is None:
        return "—"
    if places == 0:
        return _("unchanged")
    if places > 0:
        return _("up by %(count)s") % {"count": places}
    return _("down by %(count)s") % {"count": -places}


@register.filter
def lookup(mapping: dict[str, Any] | None, key: str) -> Any:
    return None if mapping is None else mapping.get(key)


@register.filter
def trend(value: Decimal | int | None) -> str:
    """The CSS class of a change: up, down or none."""
    if value is None or value == 0:
        return "flat"
    return "up" if value > 0 else "down"


@register.filter
def subtract(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    return None if value is None or other is None else value - other
