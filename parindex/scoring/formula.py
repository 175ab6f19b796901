"""Item formulas: a small, safe arithmetic language over an item's named inputs, evaluated in Decimal.

Grammar (``parse`` reads it; nothing is ever handed to Python's ``eval``)::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+")* primary
    primary    := number | name | function "(" expression ("," expression)* ")" | "(" expression ")"
    function   := "min" | "max"

- Numbers are written with a decimal **point** (``0.5``, ``100``): the comma separates the arguments of ``min`` and
  ``max``, so ``1,5`` cannot be a decimal here (the error says so). No exponents, no percent sign.
- Names are ``[a-z_][a-z0-9_]*``, e.g. ``ty_le_qua_han`` for "tỷ lệ quá hạn"; ``min`` and ``max`` are reserved.
- Operators: ``+``; ``-`` or the Unicode minus ``−`` (and the en dash ``–`` that word processors substitute);
  ``*`` or ``×``; ``/`` or ``÷``. Unary minus binds tighter than ``×``/``÷``; binary operators associate to the left.
- Evaluation uses exact Decimal arithmetic in the current decimal context, as the rest of the scoring core does
  (:mod:`parindex.scoring.numbers`): nothing is rounded here, the caller rounds once at the edge with
  ``quantize_points``.

Errors carry a ``code`` (for the caller to translate), an English ``message``, the 0-based ``position`` of the
offending character in the text and, where useful, the offending ``detail`` (a name, a character).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation

from parindex.scoring.numbers import ZERO, plain

FUNCTIONS = frozenset({"min", "max"})
MAX_NESTING = 50
"""Parentheses and function calls nested deeper than this are refused (keeps the parser's recursion bounded)."""
MAX_DEPTH = 100
"""Expression trees deeper than this are refused (keeps evaluation's recursion bounded)."""

_MINUS_SIGNS = {"-": "-", "\u2212": "-", "\u2013": "-"}
_OPERATORS = {"+": "+", **_MINUS_SIGNS, "*": "*", "\u00d7": "*", "/": "/", "\u00f7": "/"}
_PRINTED = {"+": "+", "-": "-", "*": "*", "/": "/"}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


class FormulaError(ValueError):
    """A formula that cannot be read, or a name it may not use. ``position`` is 0-based in the formula's text."""

    def __init__(self, code: str, message: str, position: int, detail: str | None = None) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.code = code
        self.message = message
        self.position = position
        self.detail = detail


class FormulaEvaluationError(FormulaError):
    """A formula that reads well but cannot be computed with these values (a missing input, a division by zero)."""


# --- Syntax tree ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: Decimal
    position: int


@dataclass(frozen=True)
class Name:
    name: str
    position: int


@dataclass(frozen=True)
class Negate:
    operand: Node
    position: int


@dataclass(frozen=True)
class Binary:
    operator: str  # one of + - * /
    left: Node
    right: Node
    position: int


@dataclass(frozen=True)
class Call:
    function: str  # min or max
    arguments: tuple[Node, ...]
    position: int


Node = Number | Name | Negate | Binary | Call


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Negate):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Call):
        return node.arguments
    return ()


def _walk(node: Node) -> Iterator[Node]:
    """Every node, parents before children (iterative, so any tree can be walked)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(_children(current)))


def _depth(node: Node) -> int:
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in _children(current))
    return deepest


def _names(node: Node) -> frozenset[str]:
    return frozenset(n.name for n in _walk(node) if isinstance(n, Name))


def _evaluate(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        try:
            value = values[node.name]
        except KeyError:
            raise FormulaEvaluationError(
                "missing_input", f"no value for {node.name}", node.position, node.name
            ) from None
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if not isinstance(value, Decimal) or not value.is_finite():
            raise FormulaEvaluationError("not_a_number", f"{node.name} is not a number", node.position, node.name)
        return value
    if isinstance(node, Negate):
        return -_evaluate(node.operand, values)
    if isinstance(node, Call):
        results = [_evaluate(argument, values) for argument in node.arguments]
        return min(results) if node.function == "min" else max(results)
    left = _evaluate(node.left, values)
    right = _evaluate(node.right, values)
    if node.operator == "+":
        return left + right
    if node.operator == "-":
        return left - right
    if node.operator == "*":
        return left * right
    if right == ZERO:
        raise FormulaEvaluationError("division_by_zero", "division by zero", node.position, _print(node.right))
    try:
        return left / right
    except (DivisionByZero, InvalidOperation):  # pragma: no cover - right is non-zero and both are finite
        raise FormulaEvaluationError("division_by_zero", "division by zero", node.position) from None


def _print(node: Node, parent_precedence: int = 0, right_side: bool = False) -> str:
    """Canonical ASCII text with the fewest parentheses that keep the same tree (so the same exact Decimal steps)."""
    if isinstance(node, Number):
        return plain(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Negate):
        return "-" + _print(node.operand, 3)
    if isinstance(node, Call):
        return f"{node.function}({', '.join(_print(argument) for argument in node.arguments)})"
    precedence = _PRECEDENCE[node.operator]
    text = f"{_print(node.left, precedence)} {_PRINTED[node.operator]} {_print(node.right, precedence, True)}"
    needs_parentheses = precedence < parent_precedence or (right_side and precedence == parent_precedence)
    return f"({text})" if needs_parentheses else text


@dataclass(frozen=True)
class Division:
    """A division in a formula: where its operator stands and the text of its divisor."""

    position: int
    divisor: str
    divisor_names: frozenset[str]


# --- The expression ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expression:
    """A parsed formula. ``str()`` gives its canonical ASCII text, which parses back to the same tree."""

    text: str
    root: Node
    names: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", _names(self.root))

    def __str__(self) -> str:
        return _print(self.root)

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """The exact value for these inputs; raises :class:`FormulaEvaluationError` on a missing input or x ÷ 0."""
        try:
            return _evaluate(self.root, values)
        except ArithmeticError:  # decimal.Overflow and kin, from absurdly large numbers
            raise FormulaEvaluationError("overflow", "the result is too large", 0) from None

    def divisions(self) -> tuple[Division, ...]:
        """Every division, in reading order."""
        found = [n for n in _walk(self.root) if isinstance(n, Binary) and n.operator == "/"]
        found.sort(key=lambda n: n.position)
        return tuple(Division(n.position, _print(n.right), _names(n.right)) for n in found)


# --- Parsing -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name, operator, open, close, comma, end
    text: str
    position: int


def _is_name_start(char: str) -> bool:
    return char == "_" or "a" <= char <= "z"


def _is_name_char(char: str) -> bool:
    return _is_name_start(char) or "0" <= char <= "9"


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif "0" <= char <= "9" or char == ".":
            start = i
            while i < len(text) and "0" <= text[i] <= "9":
                i += 1
            if i < len(text) and text[i] == ".":
                i += 1
                fraction = i
                while i < len(text) and "0" <= text[i] <= "9":
                    i += 1
                if i == fraction or fraction - 1 == start:
                    raise FormulaError(
                        "bad_number", "a number needs digits on both sides of its point (0.5)", start, text[start:i]
                    )
            if i < len(text) and _is_name_char(text[i]):
                raise FormulaError(
                    "missing_operator", "an operator is missing after the number (write 2 * a, not 2a)", i, text[i]
                )
            tokens.append(_Token("number", text[start:i], start))
        elif _is_name_start(char):
            start = i
            while i < len(text) and _is_name_char(text[i]):
                i += 1
            tokens.append(_Token("name", text[start:i], start))
        elif char in _OPERATORS:
            tokens.append(_Token("operator", _OPERATORS[char], i))
            i += 1
        elif char in "()":
            tokens.append(_Token("open" if char == "(" else "close", char, i))
            i += 1
        elif char == ",":
            tokens.append(_Token("comma", char, i))
            i += 1
        elif char == "%":
            raise FormulaError(
                "percent_sign", "no percent sign: rates are already percentages (write 100, not 100 %)", i, char
            )
        elif "A" <= char <= "Z":
            raise FormulaError("uppercase_name", "names are written in lowercase (a-z, 0-9 and _)", i, char)
        else:
            raise FormulaError(
                "unexpected_character",
                f"unexpected character {char!r}: names use a-z, 0-9 and _ (ty_le_qua_han), numbers a decimal point",
                i,
                char,
            )
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.nesting = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expected_operand(self) -> FormulaError:
        token = self.current
        if token.kind == "end":
            return FormulaError(
                "unexpected_end", "the formula ends where a number or a name is expected", token.position
            )
        return FormulaError(
            "expected_operand", f"a number or a name is expected, not {token.text!r}", token.position, token.text
        )

    def unexpected(self) -> FormulaError:
        token = self.current
        if token.kind == "close":
            return FormulaError("unbalanced_parenthesis", "this ) closes nothing", token.position, token.text)
        if token.kind == "comma":
            return FormulaError(
                "unexpected_comma",
                "a comma only separates the arguments of min and max; write decimals with a point (1.5)",
                token.position,
                token.text,
            )
        return FormulaError(
            "missing_operator",
            f"an operator (+ - * /) is missing before {token.text!r}",
            token.position,
            token.text,
        )

    def parse(self) -> Node:
        if self.current.kind == "end":
            raise FormulaError("empty", "the formula is empty", 0)
        node = self.expression()
        if self.current.kind != "end":
            raise self.unexpected()
        return node

    def expression(self) -> Node:
        node = self.term()
        while self.current.kind == "operator" and self.current.text in "+-":
            operator = self.advance()
            node = Binary(operator.text, node, self.term(), operator.position)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.current.kind == "operator" and self.current.text in "*/":
            operator = self.advance()
            node = Binary(operator.text, node, self.unary(), operator.position)
        return node

    def unary(self) -> Node:
        signs: list[_Token] = []
        while self.current.kind == "operator" and self.current.text in "+-":
            signs.append(self.advance())
        node = self.primary()
        for sign in reversed(signs):
            if sign.text == "-":
                node = Negate(node, sign.position)
        return node

    def enter(self, token: _Token) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise FormulaError(
                "too_complex", f"parentheses nested more than {MAX_NESTING} deep", token.position, token.text
            )

    def close(self, opening: _Token) -> None:
        if self.current.kind != "close":
            if self.current.kind == "end":
                raise FormulaError("unclosed_parenthesis", "this ( is never closed", opening.position, opening.text)
            raise self.unexpected()
        self.advance()
        self.nesting -= 1

    def primary(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            return Number(Decimal(token.text), token.position)
        if token.kind == "open":
            self.advance()
            self.enter(token)
            node = self.expression()
            self.close(token)
            return node
        if token.kind != "name":
            raise self.expected_operand()
        self.advance()
        if self.current.kind == "open":
            if token.text not in FUNCTIONS:
                raise FormulaError(
                    "unknown_function", f"unknown function {token.text}: only min and max", token.position, token.text
                )
            opening = self.advance()
            self.enter(opening)
            if self.current.kind == "close":
                raise FormulaError(
                    "no_arguments", f"{token.text} needs at least one argument", token.position, token.text
                )
            arguments = [self.expression()]
            while self.current.kind == "comma":
                self.advance()
                arguments.append(self.expression())
            self.close(opening)
            return Call(token.text, tuple(arguments), token.position)
        if token.text in FUNCTIONS:
            raise FormulaError(
                "function_without_arguments",
                f"{token.text} is a function: write {token.text}(a, b)",
                token.position,
                token.text,
            )
        return Name(token.text, token.position)


def parse(text: str, known: Collection[str] | None = None) -> Expression:
    """Read a formula; with ``known``, refuse any name that is not one of them (an unknown input)."""
    root = _Parser(text).parse()
    if _depth(root) > MAX_DEPTH:
        raise FormulaError("too_complex", f"the formula is nested more than {MAX_DEPTH} levels deep", 0)
    if known is not None:
        for node in sorted((n for n in _walk(root) if isinstance(n, Name)), key=lambda n: n.position):
            if node.name not in known:
                listed = ", ".join(sorted(known)) or "none"
                raise FormulaError(
                    "unknown_name", f"unknown input {node.name} (the inputs are: {listed})", node.position, node.name
                )
    return Expression(text, root)
