"""Template filters of the gaps pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def for_unit(by_unit: dict[int, Any] | None, unit_id: int) -> Any:
    """``{{ gap_tops|for_unit:row.assessment.unit_id }}``: the entry of one unit, or None."""
    return None if not by_unit else by_unit.get(unit_id)
