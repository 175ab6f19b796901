"""Which divisions of a formula may divide by zero, for load-time validation: a sign analysis over what is known of each
input (never zero, never negative). Split from :mod:`parindex.scoring.formula`, whose trees it reads."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

from parindex.scoring.formula import (
    Binary,
    Call,
    Division,
    Expression,
    FormulaEvaluationError,
    Name,
    Negate,
    Node,
    _evaluate,
    _names,
    _print,
    _walk,
)
from parindex.scoring.numbers import ZERO

# Signs -------------------------------------------------------

_NEG, _ZERO_SIGN, _POS = -1, 0, 1
_ANY = frozenset({_NEG, _ZERO_SIGN, _POS})


def _sign_of(value: Decimal) -> int:
    return _ZERO_SIGN if value == ZERO else (_POS if value > ZERO else _NEG)


def _add_signs(a: int, b: int) -> frozenset[int]:
    if a == _ZERO_SIGN:
        return frozenset({b})
    if b == _ZERO_SIGN or a == b:
        return frozenset({a})
    return _ANY


def _signs(node: Node, facts: Mapping[str, frozenset[int]]) -> frozenset[int]:
    """The signs ``node`` may take given what is known of each input's sign (a safe over-approximation)."""
    if not _names(node):
        try:
            return frozenset({_sign_of(_evaluate(node, {}))})
        except (FormulaEvaluationError, ArithmeticError):
            return _ANY
    if isinstance(node, Name):
        return facts.get(node.name, _ANY)
    if isinstance(node, Negate):
        return frozenset(-s for s in _signs(node.operand, facts))
    if isinstance(node, Call):
        result = _signs(node.arguments[0], facts)
        for argument in node.arguments[1:]:
            other = _signs(argument, facts)
            pick = min if node.function == "min" else max
            result = frozenset(pick(a, b) for a in result for b in other)
        return result
    assert isinstance(node, Binary)
    left = _signs(node.left, facts)
    right = _signs(node.right, facts)
    if node.operator == "-":
        right = frozenset(-s for s in right)
    if node.operator in "+-":
        return frozenset().union(*(_add_signs(a, b) for a in left for b in right))
    if node.operator == "/":
        right = right - {_ZERO_SIGN}  # a zero divisor is reported on its own; the quotient exists only otherwise
    return frozenset(a * b for a in left for b in right)


def may_divide_by_zero(
    expression: Expression, nonzero: Collection[str], non_negative: Collection[str] = ()
) -> tuple[Division, ...]:
    """The divisions whose divisor may be zero, knowing only that the inputs in ``nonzero`` are never zero and those
    in ``non_negative`` never below zero (counts, rates). A divisor of constants is checked by value.

    The analysis is by sign and deliberately cautious: ``a / (b + c)`` is safe when b and c are both non-negative and
    one of them is never zero, but ``a / (b - c)`` is refused whatever is known, because b may equal c. Load-time
    validation refuses a formula for which this returns anything, unless the item has a zero-denominator rule.
    """
    facts: dict[str, frozenset[int]] = {}
    for name in expression.names:
        signs = set(_ANY)
        if name in nonzero:
            signs.discard(_ZERO_SIGN)
        if name in non_negative:
            signs.discard(_NEG)
        facts[name] = frozenset(signs)
    risky = []
    for node in _walk(expression.root):
        if isinstance(node, Binary) and node.operator == "/" and _ZERO_SIGN in _signs(node.right, facts):
            risky.append(node)
    risky.sort(key=lambda n: n.position)
    return tuple(Division(n.position, _print(n.right), _names(n.right)) for n in risky)
