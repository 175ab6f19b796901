"""Template tags for a unit's results on its own pages."""

from __future__ import annotations

from typing import Any

from django import template

from parindex.assessments.models import Campaign, Result
from parindex.assessments.ranking import published_standing as standing

register = template.Library()


@register.simple_tag
def published_standing(campaign: Campaign, result: Result | None) -> dict[str, Any] | None:
    """``{% published_standing campaign result as final %}``: rank, out of how many, band name, once published."""
    return standing(campaign, result)
