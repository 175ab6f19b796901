"""A leaf's rule as the sheets need it: explained in words, the input fields that fit it, and what was typed turned
into points (with the reason in Vietnamese when it does not fit).

A rule over one input (a choice, a measured value, a count, points) posts one field named ``value``; a ratio posts
``in_numerator`` and ``in_denominator``, a formula ``in_<name>`` for each of its inputs. A tracking row takes its
figure (or its rule's inputs) and is worth 0 points; a heading takes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from parindex.frameworks.models import Criterion
from parindex.scoring.numbers import CENT, HUNDRED, ZERO, plain, quantize_points, to_decimal
from parindex.scoring.rules import (
    NOT_APPLICABLE,
    Bands,
    Choice,
    Deduction,
    Formula,
    Manual,
    NotApplicableMark,
    PerItem,
    PointsOrNotApplicable,
    Proportional,
    RateScorer,
    Ratio,
    Rule,
    RuleInputError,
    ZeroDenominator,
)

VALUE_PLACES = Decimal("0.0001")  # Score.self_value is Decimal(14, 4)
VALUE_LIMIT = Decimal(10) ** 10
SINGLE = "value"
INPUT_PREFIX = "in_"


def num(value: Decimal) -> str:
    """A figure in the active language's format, without useless trailing zeros (0,5 and 2, not 0,50 and 2,00)."""
    normal = value.normalize()
    places = max(0, -int(normal.as_tuple().exponent))
    return number_format(normal, decimal_pos=places, use_l10n=True)


def rate_text(value: Decimal) -> str:
    """A rate or a formula's value as people read it: at most two decimals (66,67), no useless zeros (90)."""
    return num(value.quantize(CENT, rounding=ROUND_HALF_UP))


def points_text(value: Decimal) -> str:
    return ngettext("%(n)s point", "%(n)s points", 1 if value == 1 else 2) % {"n": num(value)}


# --- Input fields -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputField:
    """One box of a leaf's input: a list of options, a number, or a whole count, with the label the unit reads.
    Numbers are typed as text (85,5 with the Vietnamese decimal comma) and checked on the server: browsers' number
    fields reject the comma. ``name`` is the posted name; ``key`` the rule's input name (empty for the one input)."""

    name: str
    label: str
    kind: str  # "choice" | "number" | "count"
    options: tuple[tuple[int, str], ...] = ()
    key: str = ""

    @property
    def inputmode(self) -> str:
        return "numeric" if self.kind == "count" else "decimal"


def is_multi(leaf: Criterion) -> bool:
    return isinstance(leaf.rule_object, Ratio | Formula)


def input_fields(leaf: Criterion) -> tuple[InputField, ...]:
    """The boxes the leaf's rule asks for, in order; none for a heading."""
    if leaf.is_heading or not leaf.is_leaf:
        return ()
    rule = leaf.rule_object
    if isinstance(rule, Ratio):
        return tuple(InputField(INPUT_PREFIX + i.name, i.label, "count", key=i.name) for i in rule.inputs)
    if isinstance(rule, Formula):
        return tuple(InputField(INPUT_PREFIX + i.name, i.label, "number", key=i.name) for i in rule.inputs)
    if isinstance(rule, Choice):
        options = tuple(
            (i, option.label if leaf.is_tracking else f"{option.label} ({points_text(option.points)})")
            for i, option in enumerate(rule.options, start=1)
        )
        return (InputField(SINGLE, _("Situation"), "choice", options),)
    if isinstance(rule, Deduction):
        return (InputField(SINGLE, _("Number of times"), "count"),)
    if isinstance(rule, PerItem):
        return (InputField(SINGLE, _("Number of items"), "count"),)
    if isinstance(rule, Bands | Proportional):
        return (InputField(SINGLE, _("Measured value"), "number"),)
    if leaf.is_tracking:
        return (InputField(SINGLE, _("Figure"), "number"),)
    return (InputField(SINGLE, _("Points"), "number"),)


# --- The rule in words ----------------------------------------------------------------------------------------------


_NAME_OR_NUMBER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?")
_PRINTED_OPERATORS = {"*": "×", "/": "÷", "-": "−"}


def formula_in_words(rule: Formula) -> str:
    """The formula with its inputs' labels and the page's number format: "100 − (Tỷ lệ quá hạn + Tỷ lệ phản ánh)"."""
    labels = {i.name: i.label for i in rule.inputs}

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if text[0].isdigit():
            return num(Decimal(text))
        return labels.get(text, text)

    text = _NAME_OR_NUMBER.sub(word, rule.expression)
    return "".join(_PRINTED_OPERATORS.get(char, char) for char in text)


def _bands_text(rule: Bands, unit: str) -> str:
    parts = [
        _("from %(min)s: %(points)s") % {"min": num(t.min) + unit, "points": points_text(t.points)}
        for t in rule.thresholds
    ]
    lowest = min((t.min for t in rule.thresholds), default=ZERO)
    if lowest > ZERO:
        parts.append(_("below %(min)s: %(points)s") % {"min": num(lowest) + unit, "points": points_text(ZERO)})
    return "; ".join(parts)


def _rate_scoring(score: RateScorer, maximum: Decimal) -> str:
    if isinstance(score, Bands):
        return _("Points by the rate: %(bands)s.") % {"bands": _bands_text(score, "%")}
    if score.target < HUNDRED:
        return _(
            "From %(target)s%% up: the maximum (%(max)s); below %(target)s%%: rate × %(max_n)s / %(target)s%%."
        ) % {"target": num(score.target), "max": points_text(maximum), "max_n": num(maximum)}
    return _("Points = rate × %(max_n)s / %(target)s%%, at most %(max)s.") % {
        "target": num(score.target),
        "max": points_text(maximum),
        "max_n": num(maximum),
    }


def _value_scoring(score: RateScorer | None, maximum: Decimal) -> str:
    if score is None:
        return _("The value is the points, from 0 to %(max)s.") % {"max": num(maximum)}
    if isinstance(score, Bands):
        return _("Points by the value: %(bands)s.") % {"bands": _bands_text(score, "")}
    return _("Points = value × %(max_n)s / %(target)s, at most %(max)s.") % {
        "target": num(score.target),
        "max": points_text(maximum),
        "max_n": num(maximum),
    }


def _zero_gives(on_zero: ZeroDenominator, maximum: Decimal) -> str:
    if on_zero is ZeroDenominator.NOT_APPLICABLE:
        return _("the item is not applicable")
    if on_zero is ZeroDenominator.FULL:
        return _("full points (%(max)s)") % {"max": points_text(maximum)}
    return points_text(ZERO)


def _inputs_sentence(rule: Ratio | Formula) -> str:
    if isinstance(rule, Ratio):
        return _("Enter %(numerator)s and %(denominator)s; rate = %(numerator)s / %(denominator)s × 100%%.") % {
            "numerator": rule.numerator,
            "denominator": rule.denominator,
        }
    return _("Enter %(inputs)s; value = %(formula)s.") % {
        "inputs": ", ".join(i.label for i in rule.inputs),
        "formula": formula_in_words(rule),
    }


def describe(leaf: Criterion) -> str:
    """The rule in words, so a commune officer knows what to enter without reading the decision."""
    rule = leaf.rule_object
    maximum = leaf.max_points or Decimal(0)
    if leaf.is_heading:
        return ""
    if leaf.is_tracking:
        untracked = _("A figure to track, not scored.")
        return f"{_inputs_sentence(rule)} {untracked}" if isinstance(rule, Ratio | Formula) else untracked
    if isinstance(rule, Ratio):
        zero = _("If %(denominator)s is 0: %(gives)s.") % {
            "denominator": rule.denominator,
            "gives": _zero_gives(rule.on_zero, maximum),
        }
        return " ".join((_inputs_sentence(rule), _rate_scoring(rule.score, maximum), zero))
    if isinstance(rule, Formula):
        parts = [_inputs_sentence(rule), _value_scoring(rule.score, maximum)]
        if rule.on_zero is not None:
            parts.append(_("If a divisor is 0: %(gives)s.") % {"gives": _zero_gives(rule.on_zero, maximum)})
        return " ".join(parts)
    if isinstance(rule, PerItem):
        return _("Enter the number of items: %(per)s for each, at most %(max)s.") % {
            "per": points_text(rule.per),
            "max": points_text(maximum),
        }
    if isinstance(rule, Manual):
        if rule.step is not None:
            return _("Enter the points, from 0 to %(max)s, in steps of %(step)s.") % {
                "max": num(maximum),
                "step": num(rule.step),
            }
        return _("Enter the points, from 0 to %(max)s.") % {"max": num(maximum)}
    if isinstance(rule, Choice):
        parts = [
            _("%(label)s: %(points)s") % {"label": option.label, "points": points_text(option.points)}
            for option in rule.options
        ]
        return _("Choose the situation that applies: %(options)s.") % {"options": "; ".join(parts)}
    if isinstance(rule, Bands):
        parts = [
            _("from %(min)s: %(points)s") % {"min": num(t.min), "points": points_text(t.points)}
            for t in rule.thresholds
        ]
        return _("Enter the measured value (usually a %%); %(bands)s.") % {"bands": "; ".join(parts)}
    if isinstance(rule, Proportional):
        return _("Enter the measured value; points = %(max)s × value / %(target)s, at most %(max)s.") % {
            "max": num(maximum),
            "target": num(rule.target),
        }
    if isinstance(rule, Deduction):
        return _("Enter how many times it happened; each one takes %(per)s off %(max)s, never below 0.") % {
            "per": points_text(rule.per),
            "max": num(maximum),
        }
    return ""


# --- What was entered, in words -------------------------------------------------------------------------------------


def value_text(leaf: Criterion, value: Decimal | None) -> str:
    """An input as people read it: the option's label for a choice ("Đúng hạn"), else the figure (85,5)."""
    if value is None:
        return ""
    rule = leaf.rule_object
    if isinstance(rule, Choice) and value == int(value) and 1 <= int(value) <= len(rule.options):
        return rule.options[int(value) - 1].label
    return num(value)


def inputs_text(leaf: Criterion, inputs: Mapping[str, object] | None) -> str:
    """A rule's several inputs by their labels: "Số hồ sơ đúng hạn: 45 / Tổng số hồ sơ: 50"."""
    rule = leaf.rule_object
    if not inputs or not isinstance(rule, Ratio | Formula):
        return ""
    parts = []
    for item in rule.inputs:
        raw = inputs.get(item.name)
        if raw is None:
            continue
        try:
            shown = num(to_decimal(str(raw)))
        except ValueError:
            shown = str(raw)
        parts.append(f"{item.label}: {shown}")
    return (" / " if isinstance(rule, Ratio) else "; ").join(parts)


def outcome_text(
    leaf: Criterion, value: Decimal | None, inputs: Mapping[str, object] | None, points: Decimal | None, na: bool
) -> str:
    """What a ratio or a formula came to: "Tỷ lệ: 90% → 2 điểm", "Tổng số hồ sơ bằng 0 → không áp dụng"."""
    rule = leaf.rule_object
    if not inputs or not isinstance(rule, Ratio | Formula):
        return ""
    if leaf.is_tracking:
        gives = _("no points counted")
    elif na:
        gives = _("not applicable")
    elif points is not None:
        gives = points_text(points)
    else:
        return ""
    if value is None:
        if isinstance(rule, Ratio):
            return _("%(denominator)s is 0 → %(gives)s") % {"denominator": rule.denominator, "gives": gives}
        return _("division by 0 → %(gives)s") % {"gives": gives}
    if isinstance(rule, Ratio):
        return _("Rate: %(rate)s%% → %(gives)s") % {"rate": rate_text(value), "gives": gives}
    return _("Value: %(value)s → %(gives)s") % {"value": rate_text(value), "gives": gives}


# --- Reading what was typed -----------------------------------------------------------------------------------------


RULE_ERRORS = {
    "negative": gettext_noop("the value cannot be negative"),
    "above_max": gettext_noop("the points cannot exceed the maximum (%(limit)s)"),
    "not_a_step": gettext_noop("the points must be a multiple of %(limit)s"),
    "no_such_option": gettext_noop("choose one of the listed situations"),
    "not_a_count": gettext_noop("enter a whole number of times"),
    "division_by_zero": gettext_noop("division by zero: the formula cannot be computed with these figures"),
    "overflow": gettext_noop("the value is too large"),
    "not_a_number": gettext_noop("enter a number"),
    "missing_input": gettext_noop("enter every figure"),
}


def _rule_error(exc: RuleInputError) -> ValueError:
    # Translated here, not at import: the message follows the language of the request.
    template = _(RULE_ERRORS.get(exc.code, exc.code))
    return ValueError(template % {"limit": num(exc.limit)} if exc.limit is not None else template)


@dataclass(frozen=True)
class Reading:
    """What a leaf's input came to: the value kept beside the score (the option's number, the measured value, the
    count, or a ratio's rate / a formula's value to 4 decimals; None for a zero denominator), the several inputs as
    plain decimal strings (None for a one-input rule), and the points, or NOT_APPLICABLE when the rule says so."""

    value: Decimal | None
    inputs: dict[str, str] | None
    points: PointsOrNotApplicable

    @property
    def not_applicable(self) -> bool:
        return isinstance(self.points, NotApplicableMark)

    @property
    def score(self) -> Decimal | None:
        return None if isinstance(self.points, NotApplicableMark) else self.points


def _number(label: str, raw: str) -> Decimal:
    try:
        value = to_decimal(raw)
    except ValueError:
        raise ValueError(_("%(label)s: “%(value)s” is not a number") % {"label": label, "value": raw}) from None
    if not value.is_finite() or abs(value) >= VALUE_LIMIT:
        raise ValueError(_("%(label)s: the figure is too large") % {"label": label})
    if value < ZERO:
        raise ValueError(_("%(label)s cannot be negative") % {"label": label})
    return value


def _stored_value(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    value = value.quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)
    if abs(value) >= VALUE_LIMIT:
        raise ValueError(_("the value is too large"))
    return value


def read_inputs(leaf: Criterion, posted: Mapping[str, str]) -> Reading | None:
    """The leaf's posted fields read by its rule; None when every field is empty (the entry is cleared). Raises
    ValueError with the reason, in the request's language, when the input does not fit."""
    rule = leaf.rule_object
    if isinstance(rule, Ratio | Formula):
        return _read_several(leaf, rule, posted)
    raw = str(posted.get(SINGLE, "") or "")
    if not raw.strip():
        return None
    value, points = points_for(leaf, raw)
    return Reading(value=value, inputs=None, points=points)


def _read_several(leaf: Criterion, rule: Ratio | Formula, posted: Mapping[str, str]) -> Reading | None:
    fields = input_fields(leaf)
    typed = {f.key: str(posted.get(f.name, "") or "").strip() for f in fields}
    if not any(typed.values()):
        return None
    empty = [f.label for f in fields if not typed[f.key]]
    if empty:
        if isinstance(rule, Ratio):
            raise ValueError(
                _("enter both %(numerator)s and %(denominator)s")
                % {"numerator": rule.numerator, "denominator": rule.denominator}
            )
        raise ValueError(_("enter every figure: %(missing)s is empty") % {"missing": ", ".join(empty)})
    values = {f.key: _number(f.label, typed[f.key]) for f in fields}
    inputs = {key: plain(value) for key, value in values.items()}
    maximum = leaf.max_points or Decimal(0)
    try:
        exact = rule.value_of(values)
        if leaf.is_tracking:
            points: PointsOrNotApplicable = quantize_points(ZERO)
        else:
            points = rule.points_of(values, maximum)
    except RuleInputError as exc:
        if exc.code == "numerator_above_denominator" and isinstance(rule, Ratio):
            raise ValueError(
                _("%(numerator)s cannot exceed %(denominator)s")
                % {"numerator": rule.numerator, "denominator": rule.denominator}
            ) from None
        raise _rule_error(exc) from None
    return Reading(value=_stored_value(exact), inputs=inputs, points=points)


def points_for(leaf: Criterion, raw: str) -> tuple[Decimal, Decimal]:
    """(input value, points) for what was typed in a one-input leaf; ValueError with the reason when it does not fit
    the rule. A tracking row's figure is checked by its rule, if any, and is worth 0 points."""
    rule = leaf.rule_object
    if rule is None and not leaf.is_tracking:
        raise ValueError(_("this criterion has no rule to score it"))
    if isinstance(rule, Ratio | Formula):
        raise ValueError(_("this criterion takes several figures"))
    if not raw.strip():
        raise ValueError(_("enter a value"))
    try:
        value = to_decimal(raw)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a number") % {"value": raw}) from None
    if not value.is_finite() or abs(value) >= VALUE_LIMIT:
        raise ValueError(_("the value is too large"))
    try:
        if leaf.is_tracking:
            _check_figure(rule, value)
            return value, quantize_points(ZERO)
        assert rule is not None
        points = rule.points(value, leaf.max_points or Decimal(0))
    except RuleInputError as exc:
        raise _rule_error(exc) from None
    return value, points


def _check_figure(rule: Rule | None, value: Decimal) -> None:
    """A tracking row's figure must still fit its rule's input (an option's number, a count, not below 0)."""
    if rule is None or isinstance(rule, Manual):
        if value < ZERO:
            raise RuleInputError("negative")
        return
    rule.points(value, ZERO)


__all__ = [
    "NOT_APPLICABLE",
    "InputField",
    "Reading",
    "describe",
    "input_fields",
    "inputs_text",
    "is_multi",
    "num",
    "outcome_text",
    "points_for",
    "points_text",
    "read_inputs",
    "value_text",
]
