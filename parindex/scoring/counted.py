"""Rules that score what a unit counts: ratios from two counts, points per item, and what "not applicable" means.

Pure functions over Decimal, no parsing: the criteria-set formats build their arguments.

- :func:`ratio_points`: the unit enters a numerator and a denominator ("Số hồ sơ đúng hạn" / "Tổng số hồ sơ"); the
  rate ``numerator / denominator × 100`` is computed exactly and handed to a *scorer* ``(rate) -> points``, e.g. an
  existing ``Bands`` or ``Proportional`` rule through :func:`scorer_from_rule`, or :func:`full_from` for "đạt từ 80 %
  trở lên: tối đa; dưới 80 %: tỷ lệ × tối đa / 80 %". A zero denominator follows the item's
  :class:`ZeroDenominator` policy.
- :class:`PerItem` / :func:`per_item_points`: "0,5 điểm cho mỗi nội quy được ban hành, tối đa 2 điểm", the
  counterpart of ``Deduction``.
- :func:`formula_points`: an item's formula (:mod:`parindex.scoring.formula`) over its named inputs, its value
  scored like a rate (or taken as points), a division by zero following the item's :class:`ZeroDenominator` policy.
- :class:`NotApplicableMeaning`: what a leaf declared not applicable counts for in aggregation;
  :class:`NotApplicableDeclarer`: who may declare it.

Points are clamped to ``0..max`` and rounded once, at the end, with ``quantize_points``; rates are never rounded here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from parindex.scoring.engine import LeafScore
from parindex.scoring.formula import Expression, FormulaEvaluationError
from parindex.scoring.numbers import HUNDRED, ZERO, quantize_points
from parindex.scoring.rules import (
    NOT_APPLICABLE,
    NotApplicableMark,
    PerItem,
    PointsOrNotApplicable,
    RuleInputError,
    ZeroDenominator,
)

__all__ = [
    "NOT_APPLICABLE",
    "NotApplicableDeclarer",
    "NotApplicableMark",
    "NotApplicableMeaning",
    "PerItem",
    "PointsOrNotApplicable",
    "ZeroDenominator",
    "formula_points",
    "full_from",
    "not_applicable_leaf_score",
    "not_applicable_share",
    "per_item_points",
    "rate",
    "ratio_points",
    "scorer_from_rule",
]

Scorer = Callable[[Decimal], Decimal]
"""Turns a rate in percent (0..100, exact) into points; the result is clamped to ``0..max`` and rounded after."""


class NotApplicableMeaning(StrEnum):
    """What a leaf declared not applicable counts for when a unit's points are aggregated."""

    LEAVES_DENOMINATOR = "leaves_denominator"  # neither points nor maximum: the index is rescaled (today's meaning)
    FULL_POINTS = "full_points"  # counts as its full maximum, earned
    ZERO = "zero"  # counts as 0 over its maximum


class NotApplicableDeclarer(StrEnum):
    """Who may declare a leaf not applicable: the unit (in its self-assessment; the council may too) or the council
    only (at appraisal). Data only: the workflow enforces it."""

    UNIT = "unit"
    COUNCIL = "council"


class _PointsRule(Protocol):
    def points(self, value: Decimal, max_points: Decimal) -> Decimal: ...


def _require_amount(value: Decimal | int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{value!r} is not a Decimal or an int")
    amount = Decimal(value)
    if not amount.is_finite():
        raise RuleInputError("not_a_number")
    if amount < ZERO:
        raise RuleInputError("negative")
    return amount


def _require_count(value: Decimal | int) -> Decimal:
    count = _require_amount(value)
    if count != count.to_integral_value():
        raise RuleInputError("not_a_count")
    return count


def _clamp(points: Decimal, max_points: Decimal) -> Decimal:
    return quantize_points(min(max_points, max(ZERO, points)))


# --- Ratios --------------------------------------------------------------------------------------------------------


def rate(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """``numerator / denominator × 100``, exact to the decimal context (1/3 → 33.333…, never rounded to the
    hundredth); None when the denominator is zero. Refuses negatives and a numerator above the denominator."""
    top = _require_amount(numerator)
    bottom = _require_amount(denominator)
    if top > bottom:
        raise RuleInputError("numerator_above_denominator", bottom)
    if bottom == ZERO:
        return None
    return top * HUNDRED / bottom


def ratio_points(
    numerator: Decimal | int,
    denominator: Decimal | int,
    max_points: Decimal,
    scorer: Scorer,
    on_zero: ZeroDenominator,
) -> PointsOrNotApplicable:
    """The points of a ratio item: its exact rate scored by ``scorer``, clamped to ``0..max`` and rounded to the
    hundredth; with a zero denominator, what ``on_zero`` says (:data:`NOT_APPLICABLE`, 0 or full points)."""
    measured = rate(numerator, denominator)
    if measured is None:
        return _on_zero(on_zero, max_points)
    return _clamp(scorer(measured), max_points)


def scorer_from_rule(rule: _PointsRule, max_points: Decimal) -> Scorer:
    """A scorer from an existing leaf rule (``Bands``, ``Proportional``…) and the item's maximum."""

    def score(value: Decimal) -> Decimal:
        return rule.points(value, max_points)

    return score


def full_from(threshold: Decimal, max_points: Decimal) -> Scorer:
    """Full points from ``threshold`` % up, else ``rate × max / threshold``: "đạt từ 80 % trở lên: tối đa; dưới 80 %:
    tỷ lệ × tối đa / 80 %" (the same as ``Proportional(target=threshold)``, without its rounding: :func:`ratio_points`
    rounds once)."""
    if threshold <= ZERO:
        raise ValueError(f"threshold {threshold} must be above zero")

    def score(value: Decimal) -> Decimal:
        return max_points if value >= threshold else value * max_points / threshold

    return score


def _on_zero(on_zero: ZeroDenominator, max_points: Decimal) -> PointsOrNotApplicable:
    if on_zero is ZeroDenominator.NOT_APPLICABLE:
        return NOT_APPLICABLE
    return _clamp(max_points if on_zero is ZeroDenominator.FULL else ZERO, max_points)


# --- Formulas ------------------------------------------------------------------------------------------------------


def formula_points(
    expression: Expression,
    values: Mapping[str, Decimal],
    max_points: Decimal,
    scorer: Scorer | None = None,
    on_zero: ZeroDenominator | None = None,
) -> PointsOrNotApplicable:
    """The points of a formula item: the formula's exact value scored by ``scorer`` (a value below zero scored as
    zero: no rule scores a negative rate), or taken as points when ``scorer`` is None; clamped to ``0..max`` and
    rounded to the hundredth.

    Every input is an amount the unit counts or measures, refused when negative (so load-time validation may pass all
    of them as ``non_negative``). A division by zero follows ``on_zero``; without a policy it raises
    :class:`~parindex.scoring.formula.FormulaEvaluationError` (load-time validation with
    :func:`~parindex.scoring.formula_checks.may_divide_by_zero` keeps such a formula out of a criteria set)."""
    for name in sorted(expression.names):
        if name in values:
            _require_amount(values[name])
    try:
        value = expression.evaluate(values)
    except FormulaEvaluationError as error:
        if error.code == "division_by_zero" and on_zero is not None:
            return _on_zero(on_zero, max_points)
        raise
    if scorer is None:
        return _clamp(value, max_points)
    return _clamp(scorer(max(ZERO, value)), max_points)


# --- Points per item -----------------------------------------------------------------------------------------------


def per_item_points(per: Decimal, count: Decimal | int, max_points: Decimal) -> Decimal:
    """``per × count``, capped at ``max``: e.g. 0,5 point for each regulation issued, at most 2 points."""
    if per < ZERO:
        raise ValueError(f"points per item {per} is negative")
    return _clamp(per * _require_count(count), max_points)


# --- Not applicable ------------------------------------------------------------------------------------------------


def not_applicable_share(meaning: NotApplicableMeaning, max_points: Decimal) -> tuple[Decimal, Decimal]:
    """The ``(points, maximum)`` a not-applicable leaf adds to its unit's sums under ``meaning``."""
    if meaning is NotApplicableMeaning.LEAVES_DENOMINATOR:
        return ZERO, ZERO
    if meaning is NotApplicableMeaning.FULL_POINTS:
        return max_points, max_points
    return ZERO, max_points


def not_applicable_leaf_score(meaning: NotApplicableMeaning, max_points: Decimal) -> LeafScore:
    """A not-applicable leaf as :func:`parindex.scoring.engine.compute_unit` takes it: ``(None, True)`` leaves the
    denominator; the other meanings become ordinary points (the engine then counts the leaf as applicable)."""
    if meaning is NotApplicableMeaning.LEAVES_DENOMINATOR:
        return None, True
    points, _maximum = not_applicable_share(meaning, max_points)
    return points, False
