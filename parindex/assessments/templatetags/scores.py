"""Template filters for scores: always two decimals, in the active language's format (80,11 in Vietnamese)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.formats import number_format

from parindex.moments import when

register = template.Library()


@register.filter
def points(value: Decimal | str | None) -> str:
    if value is None or value == "":
        return "—"
    return number_format(Decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)


class PointsFormat:
    """:func:`points` for one page that shows thousands of figures: each distinct value is formatted once (Django's
    number format, in the language active when the page renders), then read back from a dictionary."""

    def __init__(self) -> None:
        self.memo: dict[Decimal | str, str] = {}

    def __call__(self, value: Decimal | str | None) -> str:
        if value is None or value == "":
            return "—"
        text = self.memo.get(value)
        if text is None:
            text = self.memo[value] = points(value)
        return text

    def area(self, areas: dict[str, list[str | None]], code: str) -> str:
        """:func:`area_index` through the same memo."""
        entry = areas.get(code)
        return self(entry[2]) if entry else "—"


@register.filter
def area_index(areas: dict[str, list[str | None]], code: str) -> str:
    entry = areas.get(code)
    return points(entry[2]) if entry else "—"


@register.filter
def moment(value: datetime | date | None) -> str:
    """A deadline as people read it: "17:00 ngày 15/11/2021"; a plain date as "15/11/2021"."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return when(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")
