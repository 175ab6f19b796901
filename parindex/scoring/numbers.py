"""Exact numbers: parsing user-typed decimals and the one rounding rule of the project."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_NUMBER_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)", re.ASCII)
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def quantize_points(value: Decimal) -> Decimal:
    """Round to the hundredth, half away from zero, as published decisions round (80,105 → 80,11)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal:
    """Read a number typed by a person or exported by a spreadsheet: ``80.11``, ``80,11``, ``5``, ``1e1`` is refused.

    A comma is accepted as the decimal mark only when there is no dot, so ``1,5`` is 1.5; thousands separators are
    not accepted because ``1.234`` would be ambiguous between the two conventions.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool):
        raise ValueError("not a number")
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")
        if not _NUMBER_TEXT.fullmatch(text):
            raise ValueError("not a number")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError("not a number") from None
    else:
        raise ValueError("not a number")
    if not result.is_finite():
        raise ValueError("not a number")
    return result


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole × 100`` rounded to the hundredth; None when there is no whole to measure against."""
    if whole <= ZERO:
        return None
    return quantize_points(part * HUNDRED / whole)


def plain(value: Decimal) -> str:
    """The shortest exact text of a decimal, never in exponent form: 90 (not 9E+1), 0.25, 100 (not 100.0)."""
    return format(value.normalize(), "f")


def plain_vi(value: Decimal) -> str:
    """:func:`plain` with the Vietnamese decimal comma, for messages: 0,25."""
    return plain(value).replace(".", ",")
