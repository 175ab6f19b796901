"""What the unit's sheet needs to show a leaf's last year (``plan_leaves`` is added by
:func:`parindex.plans.receivers.unit_sheet_plans`)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def last_year_of(plan_leaves: dict[int, Any] | None, leaf_id: int) -> Any:
    """The leaf's :class:`~parindex.plans.receivers.LastYear`, or None."""
    return (plan_leaves or {}).get(leaf_id)
