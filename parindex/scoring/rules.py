"""Leaf rules: how a unit's input for a sub-criterion becomes points.

Every rule evaluates an input ``Decimal`` against the leaf's maximum and returns points in ``0..max``, rounded to
the hundredth. An input a rule cannot take raises :class:`RuleInputError` with a code the caller translates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Final, Literal

from parindex.scoring.formula import Expression, FormulaEvaluationError, parse
from parindex.scoring.numbers import HUNDRED, ZERO, quantize_points


class RuleInputError(ValueError):
    """The input does not fit the rule (``code`` says why; ``limit`` is the bound that was crossed, if any)."""

    def __init__(self, code: str, limit: Decimal | None = None) -> None:
        super().__init__(code if limit is None else f"{code} ({limit})")
        self.code = code
        self.limit = limit


def _require_non_negative(value: Decimal) -> None:
    if value < ZERO:
        raise RuleInputError("negative")


@dataclass(frozen=True)
class Manual:
    """The points are typed directly, anywhere in ``0..max``, optionally only in multiples of ``step``."""

    step: Decimal | None = None
    type: Literal["manual"] = "manual"

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        _require_non_negative(value)
        if value > max_points:
            raise RuleInputError("above_max", max_points)
        if self.step is not None and value % self.step != ZERO:
            raise RuleInputError("not_a_step", self.step)
        return quantize_points(value)

    def max_awardable(self) -> Decimal | None:
        return None


@dataclass(frozen=True)
class Option:
    label: str
    points: Decimal


@dataclass(frozen=True)
class Choice:
    """One of a list of named situations, each worth fixed points; the input is the option's number, from 1."""

    options: tuple[Option, ...]
    type: Literal["choice"] = "choice"

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        if value != value.to_integral_value() or not 1 <= value <= len(self.options):
            raise RuleInputError("no_such_option", Decimal(len(self.options)))
        return quantize_points(min(self.options[int(value) - 1].points, max_points))

    def max_awardable(self) -> Decimal | None:
        return max((option.points for option in self.options), default=None)


@dataclass(frozen=True)
class Threshold:
    min: Decimal
    points: Decimal


@dataclass(frozen=True)
class Bands:
    """A measured value (usually a percentage) mapped by thresholds, highest first: the first ``min`` it reaches."""

    thresholds: tuple[Threshold, ...]
    type: Literal["bands"] = "bands"

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        for threshold in self.thresholds:
            if value >= threshold.min:
                return quantize_points(min(threshold.points, max_points))
        return ZERO.quantize(Decimal("0.01"))

    def max_awardable(self) -> Decimal | None:
        return max((threshold.points for threshold in self.thresholds), default=None)


@dataclass(frozen=True)
class Proportional:
    """``max × value / target``, capped at ``max``: e.g. 2 points × share of dossiers resolved on time / 100 %."""

    target: Decimal
    type: Literal["proportional"] = "proportional"

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        _require_non_negative(value)
        return quantize_points(min(max_points, max_points * value / self.target))

    def max_awardable(self) -> Decimal | None:
        return None


@dataclass(frozen=True)
class Deduction:
    """``max − per × count``, never below zero: e.g. 0,25 point lost for each periodic report sent late."""

    per: Decimal
    type: Literal["deduction"] = "deduction"

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        _require_non_negative(value)
        if value != value.to_integral_value():
            raise RuleInputError("not_a_count")
        return quantize_points(max(ZERO, max_points - self.per * value))

    def max_awardable(self) -> Decimal | None:
        return None


@dataclass(frozen=True)
class PerItem:
    """``per × count``, capped at ``max``: "0,5 điểm cho mỗi nội quy được ban hành, tối đa 2 điểm", the counterpart
    of :class:`Deduction`."""

    per: Decimal
    type: Literal["per_item"] = "per_item"

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        if self.per < ZERO:
            raise ValueError(f"points per item {self.per} is negative")
        _require_non_negative(value)
        if value != value.to_integral_value():
            raise RuleInputError("not_a_count")
        return quantize_points(min(max_points, self.per * value))

    def max_awardable(self) -> Decimal | None:
        return None


# --- Rules over several inputs -------------------------------------------------------------------------------------


class NotApplicableMark(Enum):
    """The answer of a rule whose inputs make the item not applicable (nothing to count: a zero denominator)."""

    NOT_APPLICABLE = "not_applicable"


NOT_APPLICABLE: Final = NotApplicableMark.NOT_APPLICABLE

PointsOrNotApplicable = Decimal | Literal[NotApplicableMark.NOT_APPLICABLE]


class ZeroDenominator(StrEnum):
    """What an item's zero denominator (nothing to measure: no dossier received) gives."""

    NOT_APPLICABLE = "not_applicable"  # the item is not applicable; its not-applicable meaning then applies
    ZERO = "zero"  # 0 points
    FULL = "full"  # full points


RateScorer = Bands | Proportional
"""How a measured rate (or a formula's value) becomes points: by thresholds, or in proportion to a target."""


def _on_zero(on_zero: ZeroDenominator, max_points: Decimal) -> PointsOrNotApplicable:
    if on_zero is ZeroDenominator.NOT_APPLICABLE:
        return NOT_APPLICABLE
    return quantize_points(max_points if on_zero is ZeroDenominator.FULL else ZERO)


def _amount(values: Mapping[str, Decimal], name: str) -> Decimal:
    try:
        value = values[name]
    except KeyError:
        raise RuleInputError("missing_input") from None
    if not value.is_finite():
        raise RuleInputError("not_a_number")
    _require_non_negative(value)
    return value


@dataclass(frozen=True)
class Input:
    """One named input of a rule over several inputs, with the label the unit reads ("Tổng số hồ sơ")."""

    name: str
    label: str


@dataclass(frozen=True)
class Ratio:
    """A rate from two counts the unit enters (numerator and denominator, each labelled), computed exactly and scored
    by ``score``; a zero denominator gives what ``on_zero`` says. ``points`` scores a rate already computed."""

    numerator: str
    denominator: str
    score: RateScorer
    on_zero: ZeroDenominator = ZeroDenominator.NOT_APPLICABLE
    type: Literal["ratio"] = "ratio"

    @property
    def inputs(self) -> tuple[Input, ...]:
        return (Input("numerator", self.numerator), Input("denominator", self.denominator))

    def value_of(self, values: Mapping[str, Decimal]) -> Decimal | None:
        """The exact rate in percent, None for a zero denominator; refuses a numerator above the denominator."""
        top, bottom = _amount(values, "numerator"), _amount(values, "denominator")
        if top > bottom:
            raise RuleInputError("numerator_above_denominator", bottom)
        return None if bottom == ZERO else top * HUNDRED / bottom

    def points_of(self, values: Mapping[str, Decimal], max_points: Decimal) -> PointsOrNotApplicable:
        measured = self.value_of(values)
        if measured is None:
            return _on_zero(self.on_zero, max_points)
        return self.points(measured, max_points)

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        _require_non_negative(value)
        return quantize_points(min(max_points, max(ZERO, self.score.points(value, max_points))))

    def max_awardable(self) -> Decimal | None:
        return self.score.max_awardable()


@dataclass(frozen=True)
class Formula:
    """An arithmetic formula over the item's named inputs (:mod:`parindex.scoring.formula`: + − × ÷, min, max,
    parentheses; no ``eval``), evaluated exactly; its value is scored by ``score``, or taken as points without one.
    A division by zero gives what ``on_zero`` says (load-time validation refuses a possibly-zero divisor without
    it)."""

    inputs: tuple[Input, ...]
    expression: str
    score: RateScorer | None = None
    on_zero: ZeroDenominator | None = None
    type: Literal["formula"] = "formula"
    parsed: Expression = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parsed", parse(self.expression, known=[i.name for i in self.inputs]))

    def value_of(self, values: Mapping[str, Decimal]) -> Decimal | None:
        """The formula's exact value, None for a division by zero."""
        amounts = {i.name: _amount(values, i.name) for i in self.inputs}
        try:
            return self.parsed.evaluate(amounts)
        except FormulaEvaluationError as error:
            if error.code == "division_by_zero":
                return None
            raise RuleInputError(error.code) from None

    def points_of(self, values: Mapping[str, Decimal], max_points: Decimal) -> PointsOrNotApplicable:
        value = self.value_of(values)
        if value is None:
            if self.on_zero is None:
                raise RuleInputError("division_by_zero")
            return _on_zero(self.on_zero, max_points)
        return self.points(value, max_points)

    def points(self, value: Decimal, max_points: Decimal) -> Decimal:
        """Points for the formula's value: scored (a negative value as zero), or taken as points, within 0..max."""
        if self.score is None:
            return quantize_points(min(max_points, max(ZERO, value)))
        return quantize_points(min(max_points, max(ZERO, self.score.points(max(ZERO, value), max_points))))

    def max_awardable(self) -> Decimal | None:
        return self.score.max_awardable() if self.score is not None else None


Rule = Manual | Choice | Bands | Proportional | Deduction | PerItem | Ratio | Formula
MultiInputRule = Ratio | Formula
