"""A leaf's rule as the self-assessment page needs it: explained in words, the input that fits it, and the typed
input turned into points (with the reason in Vietnamese when it does not fit)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from parindex.frameworks.models import Criterion
from parindex.scoring.numbers import to_decimal
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Proportional, RuleInputError


def num(value: Decimal) -> str:
    """A figure in the active language's format, without useless trailing zeros (0,5 and 2, not 0,50 and 2,00)."""
    normal = value.normalize()
    places = max(0, -int(normal.as_tuple().exponent))
    return number_format(normal, decimal_pos=places, use_l10n=True)


@dataclass(frozen=True)
class InputSpec:
    """The form field that fits a rule: a list of options, a number, or a whole count. Numbers are typed as text
    (85,5 with the Vietnamese decimal comma) and checked on the server: browsers' number fields reject the comma."""

    kind: str  # "choice" | "number" | "count"
    label: str
    options: tuple[tuple[int, str], ...] = ()


def describe(leaf: Criterion) -> str:
    """The rule in one sentence, so a commune officer knows what to enter without reading the decision."""
    rule = leaf.rule_object
    maximum = leaf.max_points or Decimal(0)
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


def points_text(value: Decimal) -> str:
    return ngettext("%(n)s point", "%(n)s points", 1 if value == 1 else 2) % {"n": num(value)}


def input_spec(leaf: Criterion) -> InputSpec:
    rule = leaf.rule_object
    if isinstance(rule, Choice):
        options = tuple(
            (i, f"{option.label} ({points_text(option.points)})") for i, option in enumerate(rule.options, start=1)
        )
        return InputSpec(kind="choice", label=_("Situation"), options=options)
    if isinstance(rule, Deduction):
        return InputSpec(kind="count", label=_("Number of times"))
    if isinstance(rule, Bands | Proportional):
        return InputSpec(kind="number", label=_("Measured value"))
    return InputSpec(kind="number", label=_("Points"))


def value_text(leaf: Criterion, value: Decimal | None) -> str:
    """An input as people read it: the option's label for a choice ("Đúng hạn"), else the figure (85,5)."""
    if value is None:
        return ""
    rule = leaf.rule_object
    if isinstance(rule, Choice) and value == int(value) and 1 <= int(value) <= len(rule.options):
        return rule.options[int(value) - 1].label
    return num(value)


RULE_ERRORS = {
    "negative": gettext_noop("the value cannot be negative"),
    "above_max": gettext_noop("the points cannot exceed the maximum (%(limit)s)"),
    "not_a_step": gettext_noop("the points must be a multiple of %(limit)s"),
    "no_such_option": gettext_noop("choose one of the listed situations"),
    "not_a_count": gettext_noop("enter a whole number of times"),
}


def points_for(leaf: Criterion, raw: str) -> tuple[Decimal, Decimal]:
    """(input value, points) for what the unit typed; ValueError with the reason when it does not fit the rule."""
    rule = leaf.rule_object
    if rule is None:
        raise ValueError(_("this criterion has no rule to score it"))
    if not raw.strip():
        raise ValueError(_("enter a value"))
    try:
        value = to_decimal(raw)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a number") % {"value": raw}) from None
    try:
        points = rule.points(value, leaf.max_points or Decimal(0))
    except RuleInputError as exc:
        # Translated here, not at import: the message follows the language of the request.
        template = _(RULE_ERRORS.get(exc.code, exc.code))
        message = template % {"limit": num(exc.limit)} if exc.limit is not None else template
        raise ValueError(message) from None
    return value, points
