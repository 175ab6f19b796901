"""Leaf rules: how a unit's input for a sub-criterion becomes points.

Every rule evaluates an input ``Decimal`` against the leaf's maximum and returns points in ``0..max``, rounded to
the hundredth. An input a rule cannot take raises :class:`RuleInputError` with a code the caller translates.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from parindex.scoring.numbers import ZERO, quantize_points


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


Rule = Manual | Choice | Bands | Proportional | Deduction
