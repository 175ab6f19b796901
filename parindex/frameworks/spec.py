"""A criteria set as data: parsing and validating the YAML structure of DESIGN.md §5.2.

Both readers (YAML and XLSX) produce the same plain structure (dicts and lists) and hand it to
:func:`parse_framework`, so the rules of what a valid set is live in one place. Every problem is collected, not
only the first, and each names the node (by code, or by where the reader found it) and the field.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from parindex.scoring.counted import NotApplicableDeclarer, NotApplicableMeaning
from parindex.scoring.engine import LeafKind, Tree
from parindex.scoring.formula import FormulaError
from parindex.scoring.formula_checks import may_divide_by_zero
from parindex.scoring.numbers import ZERO, plain, plain_vi, to_decimal
from parindex.scoring.ranking import Band
from parindex.scoring.rules import (
    Bands,
    Choice,
    Deduction,
    Formula,
    Input,
    Manual,
    Option,
    PerItem,
    Proportional,
    RateScorer,
    Ratio,
    Rule,
    Threshold,
    ZeroDenominator,
)

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{0,49}$")
# ``survey:<survey code>[:<component>]`` (codes as XLSForm form_id / component codes); 60 characters at most in all.
SOURCE_RE = re.compile(
    r"^(?=.{1,60}$)(self|council|survey|indicator:[a-z0-9_\-]{1,50}"
    r"|survey:[0-9A-Za-z][0-9A-Za-z._\-]{0,49}(:[0-9A-Za-z][0-9A-Za-z._\-]{0,49})?)$"
)
RULE_TYPES = ("manual", "choice", "bands", "proportional", "deduction", "per_item", "ratio", "formula")
RATE_SCORER_TYPES = ("bands", "proportional")
INPUT_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
PATH_SEPARATOR = "/"
# Nodes that are not scored: a tracking row (a figure the decision asks for, worth 0 points) is a leaf with an input;
# a heading groups the rows under it on the sheet and carries nothing.
UNSCORED_KINDS = (LeafKind.TRACKING, LeafKind.HEADING)
FORMULA_ERRORS = {
    "bad_number": gettext_noop("a number is written wrongly"),
    "comma": gettext_noop("write decimals with a point (0.5): the comma separates the values of min and max"),
    "empty": gettext_noop("the formula is empty"),
    "end": gettext_noop("the formula ends too early"),
    "expected_operand": gettext_noop("a number, an input name or a parenthesis is missing"),
    "function_without_arguments": gettext_noop("min and max need values in parentheses"),
    "missing_operator": gettext_noop("an operator (+ − × ÷) is missing"),
    "no_arguments": gettext_noop("min and max need values in parentheses"),
    "overflow": gettext_noop("a number is too large"),
    "percent_sign": gettext_noop("no % sign: write rates as numbers (80 for 80 %)"),
    "too_complex": gettext_noop("the formula is nested too deeply"),
    "unbalanced_parenthesis": gettext_noop("a closing parenthesis has no opening one"),
    "unclosed_parenthesis": gettext_noop("a parenthesis is not closed"),
    "unexpected_character": gettext_noop("a character that has no place in a formula"),
    "unexpected_comma": gettext_noop("a comma outside min(…) or max(…)"),
    "unexpected_end": gettext_noop("the formula ends too early"),
    "unknown_function": gettext_noop("only the functions min and max are known"),
    "unknown_name": gettext_noop("an input name that is not among the item's inputs"),
    "uppercase_name": gettext_noop("input names are written in lower case"),
}
TOP_KEYS = {"code", "name", "year", "levels", "bands", "nodes", "bonus_cap", "penalty_cap", "description", "sample"}
NODE_KEYS = {
    "code",
    "name",
    "max",
    "rule",
    "kind",
    "evidence",
    "evidence_required",
    "source",
    "not_applicable_allowed",
    "not_applicable_meaning",
    "not_applicable_by",
    "applies_to",
    "max_by_group",
    "children",
    "_where",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a criteria set: where (node or row), which field, what."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return _("%(where)s, field “%(field)s”: %(message)s") % {
            "where": self.where,
            "field": self.field,
            "message": self.message,
        }


class SpecError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class NodeSpec:
    """A node of the set. ``number`` is the code the decision prints ("3.1", restarting under each area); ``code`` is
    its identity in the set: the printed code where it is unique in the set, else the path of printed codes from the
    area down ("I/3.1")."""

    code: str
    name: str
    max_points: Decimal | None
    rule: Rule | None = None
    kind: LeafKind = LeafKind.NORMAL
    evidence: str = ""
    evidence_required: bool = False
    source: str = "self"
    not_applicable_allowed: bool = False
    not_applicable_meaning: NotApplicableMeaning = NotApplicableMeaning.LEAVES_DENOMINATOR
    not_applicable_by: NotApplicableDeclarer = NotApplicableDeclarer.UNIT
    applies_to: tuple[str, ...] = ()  # unit-group codes; empty: every group
    max_by_group: dict[str, Decimal] = field(default_factory=dict)
    children: list[NodeSpec] = field(default_factory=list)
    number: str = ""
    path: str = ""

    def __post_init__(self) -> None:
        self.number = self.number or self.code
        self.path = self.path or self.code

    @property
    def is_leaf(self) -> bool:
        """A node that takes an input (scored, or a tracking row); a heading is no leaf though it has no children."""
        return not self.children and self.kind is not LeafKind.HEADING

    @property
    def is_scored(self) -> bool:
        return self.is_leaf and self.kind not in UNSCORED_KINDS


@dataclass
class FrameworkSpec:
    code: str
    name: str
    year: int
    levels: list[str]
    bands: list[Band]
    nodes: list[NodeSpec]
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    description: str = ""
    sample: bool = False

    def walk(self) -> Iterator[tuple[NodeSpec, tuple[NodeSpec, ...]]]:
        """Every node in display order with its ancestors (area first)."""

        def visit(node: NodeSpec, ancestors: tuple[NodeSpec, ...]) -> Iterator[tuple[NodeSpec, tuple[NodeSpec, ...]]]:
            yield node, ancestors
            for child in node.children:
                yield from visit(child, (*ancestors, node))

        for top in self.nodes:
            yield from visit(top, ())

    def leaves(self) -> list[tuple[NodeSpec, tuple[NodeSpec, ...]]]:
        return [(node, ancestors) for node, ancestors in self.walk() if node.is_leaf]

    @property
    def max_points(self) -> Decimal:
        return sum((leaf.max_points or ZERO for leaf, _a in self.leaves() if leaf.kind is LeafKind.NORMAL), ZERO)

    def to_tree(self) -> Tree:
        return Tree.from_paths(
            (
                (leaf.code, [a.code for a in anc], leaf.max_points or ZERO, leaf.kind)
                for leaf, anc in self.leaves()
                if leaf.is_scored
            ),
            bonus_cap=self.bonus_cap,
            penalty_cap=self.penalty_cap,
        )

    def to_data(self) -> dict[str, Any]:
        """The canonical plain structure (what YAML would hold), numbers as strings: for digests and exports."""

        def node_data(node: NodeSpec) -> dict[str, Any]:
            # New fields are written only when they differ from their default, so a set's digest does not change
            # with the format's growth (a reload of the same file is "unchanged").
            data: dict[str, Any] = {"code": node.number, "name": node.name}
            if node.max_points is not None and node.kind is not LeafKind.HEADING:
                data["max"] = plain(node.max_points)
            if node.kind is LeafKind.HEADING:
                data["kind"] = str(node.kind)
                if node.evidence:
                    data["evidence"] = node.evidence
            elif node.is_leaf:
                data["rule"] = rule_to_data(node.rule) if node.rule else None
                data["kind"] = str(node.kind)
                data["evidence"] = node.evidence
                data["evidence_required"] = node.evidence_required
                data["source"] = node.source
                data["not_applicable_allowed"] = node.not_applicable_allowed
                if node.not_applicable_meaning is not NotApplicableMeaning.LEAVES_DENOMINATOR:
                    data["not_applicable_meaning"] = str(node.not_applicable_meaning)
                if node.not_applicable_by is not NotApplicableDeclarer.UNIT:
                    data["not_applicable_by"] = str(node.not_applicable_by)
            else:
                data["children"] = [node_data(child) for child in node.children]
            if node.applies_to:
                data["applies_to"] = list(node.applies_to)
            if node.max_by_group:
                data["max_by_group"] = {group: plain(value) for group, value in sorted(node.max_by_group.items())}
            return data

        return {
            "code": self.code,
            "name": self.name,
            "year": self.year,
            "levels": self.levels,
            "bands": [{"code": b.code, "name": b.name, "min": plain(b.min)} for b in self.bands],
            "bonus_cap": None if self.bonus_cap is None else plain(self.bonus_cap),
            "penalty_cap": None if self.penalty_cap is None else plain(self.penalty_cap),
            "description": self.description,
            "sample": self.sample,
            "nodes": [node_data(node) for node in self.nodes],
        }

    def digest(self) -> str:
        canonical = json.dumps(self.to_data(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def rule_to_data(rule: Rule) -> dict[str, Any]:
    """A rule as JSON-safe data (decimals as strings), the form stored in the database."""
    if isinstance(rule, Ratio):
        return {
            "type": "ratio",
            "numerator": rule.numerator,
            "denominator": rule.denominator,
            "score": rule_to_data(rule.score),
            "on_zero": str(rule.on_zero),
        }
    if isinstance(rule, Formula):
        data: dict[str, Any] = {
            "type": "formula",
            "inputs": [{"name": i.name, "label": i.label} for i in rule.inputs],
            "expression": rule.expression,
        }
        if rule.score is not None:
            data["score"] = rule_to_data(rule.score)
        if rule.on_zero is not None:
            data["on_zero"] = str(rule.on_zero)
        return data
    if isinstance(rule, PerItem):
        return {"type": "per_item", "per": plain(rule.per)}
    if isinstance(rule, Manual):
        return {"type": "manual", **({"step": plain(rule.step)} if rule.step is not None else {})}
    if isinstance(rule, Choice):
        return {
            "type": "choice",
            "options": [{"label": o.label, "points": plain(o.points)} for o in rule.options],
        }
    if isinstance(rule, Bands):
        return {
            "type": "bands",
            "thresholds": [{"min": plain(t.min), "points": plain(t.points)} for t in rule.thresholds],
        }
    if isinstance(rule, Proportional):
        return {"type": "proportional", "target": plain(rule.target)}
    return {"type": "deduction", "per": plain(rule.per)}


def rule_from_data(data: dict[str, Any]) -> Rule:
    """Rebuild a rule from :func:`rule_to_data` output (trusted: it was validated when the set was loaded)."""
    kind = data["type"]
    if kind == "manual":
        return Manual(step=Decimal(data["step"]) if data.get("step") is not None else None)
    if kind == "choice":
        return Choice(options=tuple(Option(o["label"], Decimal(o["points"])) for o in data["options"]))
    if kind == "bands":
        return Bands(thresholds=tuple(Threshold(Decimal(t["min"]), Decimal(t["points"])) for t in data["thresholds"]))
    if kind == "proportional":
        return Proportional(target=Decimal(data["target"]))
    if kind == "deduction":
        return Deduction(per=Decimal(data["per"]))
    if kind == "per_item":
        return PerItem(per=Decimal(data["per"]))
    if kind == "ratio":
        return Ratio(
            numerator=data["numerator"],
            denominator=data["denominator"],
            score=_rate_scorer(rule_from_data(data["score"])),
            on_zero=ZeroDenominator(data.get("on_zero", ZeroDenominator.NOT_APPLICABLE)),
        )
    if kind == "formula":
        return Formula(
            inputs=tuple(Input(i["name"], i["label"]) for i in data["inputs"]),
            expression=data["expression"],
            score=_rate_scorer(rule_from_data(data["score"])) if data.get("score") else None,
            on_zero=ZeroDenominator(data["on_zero"]) if data.get("on_zero") else None,
        )
    raise ValueError(f"unknown rule type {kind!r}")


def _rate_scorer(rule: Rule) -> RateScorer:
    if not isinstance(rule, Bands | Proportional):
        raise ValueError(f"a rate is scored by bands or proportional, not {rule.type}")
    return rule


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen_codes: dict[str, dict[str, str]] = {}  # by parent path: code → where it was first used
        self.levels: list[str] = []

    def problem(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(where, field_name, message))

    def decimal(self, where: str, field_name: str, raw: Any, *, positive: bool = False) -> Decimal | None:
        try:
            value = to_decimal(raw)
        except ValueError:
            self.problem(where, field_name, _("“%(value)s” is not a number") % {"value": raw})
            return None
        if positive and value <= ZERO:
            self.problem(where, field_name, _("must be greater than 0"))
            return None
        if not positive and value < ZERO:
            self.problem(where, field_name, _("must not be negative"))
            return None
        return value

    def boolean(self, where: str, field_name: str, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        self.problem(where, field_name, _("must be true or false"))
        return False

    def framework(self, data: Any) -> FrameworkSpec | None:
        where = _("the criteria set")
        if not isinstance(data, dict):
            self.problem(where, "-", _("the file must describe one criteria set (a mapping with code, name, nodes)"))
            return None
        for key in sorted(set(data) - TOP_KEYS):
            self.problem(where, str(key), _("unknown field"))
        code = str(data.get("code") or "").strip()
        if not code:
            self.problem(where, "code", _("is required"))
        elif not CODE_RE.match(code):
            self.problem(where, "code", _("use letters, digits, dot, dash or underscore (at most 50)"))
        name = str(data.get("name") or "").strip()
        if not name:
            self.problem(where, "name", _("is required"))
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            self.problem(where, "year", _("must be a year between 2000 and 2100"))
            year = 0
        levels = data.get("levels") or []
        if not isinstance(levels, list) or not all(isinstance(level, str) for level in levels):
            self.problem(where, "levels", _("must be a list of level names"))
            levels = []
        self.levels = [str(level) for level in levels]
        bands = self.bands(data.get("bands") or [])
        bonus_cap = penalty_cap = None
        if data.get("bonus_cap") is not None:
            bonus_cap = self.decimal(where, "bonus_cap", data["bonus_cap"])
        if data.get("penalty_cap") is not None:
            penalty_cap = self.decimal(where, "penalty_cap", data["penalty_cap"])
        raw_nodes = data.get("nodes")
        nodes: list[NodeSpec] = []
        if not isinstance(raw_nodes, list) or not raw_nodes:
            self.problem(where, "nodes", _("the set has no criteria"))
        else:
            nodes = [n for n in (self.node(raw, (), i) for i, raw in enumerate(raw_nodes, start=1)) if n is not None]
        return FrameworkSpec(
            code=code,
            name=name,
            year=year,
            levels=[str(level) for level in levels],
            bands=bands,
            nodes=nodes,
            bonus_cap=bonus_cap,
            penalty_cap=penalty_cap,
            description=str(data.get("description") or ""),
            sample=bool(data.get("sample", False)),
        )

    def bands(self, raw: Any) -> list[Band]:
        where = _("the criteria set")
        if not isinstance(raw, list):
            self.problem(where, "bands", _("must be a list of {code, name, min}"))
            return []
        bands: list[Band] = []
        for i, item in enumerate(raw, start=1):
            label = _("band %(n)s") % {"n": i}
            if not isinstance(item, dict) or not item.get("code") or "min" not in item:
                self.problem(where, "bands", _("%(band)s needs a code and a min") % {"band": label})
                continue
            minimum = self.decimal(where, "bands", item["min"])
            if minimum is None:
                continue
            if minimum > 100:
                self.problem(where, "bands", _("%(band)s: min is a percentage, at most 100") % {"band": label})
            if bands and minimum >= bands[-1].min:
                self.problem(
                    where, "bands", _("%(band)s: bands go from the highest minimum down") % {"band": str(item["code"])}
                )
            bands.append(Band(code=str(item["code"]), name=str(item.get("name") or item["code"]), min=minimum))
        return bands

    def level_name(self, depth: int) -> str:
        """What a level is called in this set ("Lĩnh vực", "Tiêu chí"…), by its depth from 0 (an area)."""
        if depth < len(self.levels) and self.levels[depth].strip():
            return self.levels[depth].strip()
        defaults = (_("Area"), _("Criterion"), _("Sub-criterion"))
        return defaults[min(depth, len(defaults) - 1)]

    def node_where(self, raw: dict[str, Any], code: str, path: tuple[str, ...], position: int) -> str:
        """Where a node is, as the person who typed it finds it: its row (Excel) or its level and code, and its area."""
        depth = len(path)
        typed = str(raw.get("_where") or "")
        if not typed and not code:
            parent = " › ".join(path) or _("the criteria set")
            return _("item %(n)s under %(parent)s") % {"n": position, "parent": parent}
        where = typed or _("%(level)s %(code)s") % {"level": self.level_name(depth), "code": code}
        if depth:
            where = _("%(where)s, %(level)s %(area)s") % {
                "where": where,
                "level": self.level_name(0).lower(),
                "area": path[0],
            }
        return where

    def node(self, raw: Any, path: tuple[str, ...], position: int) -> NodeSpec | None:
        if not isinstance(raw, dict):
            where = _("item %(n)s under %(parent)s") % {"n": position, "parent": " › ".join(path) or "nodes"}
            self.problem(where, "-", _("must be a mapping with code and name"))
            return None
        code = str(raw.get("code") if raw.get("code") is not None else "").strip()
        where = self.node_where(raw, code, path, position)
        for key in sorted(set(raw) - NODE_KEYS, key=str):
            self.problem(where, str(key), _("unknown field"))
        if not code:
            self.problem(where, "code", _("is required"))
        elif not CODE_RE.match(code):
            self.problem(where, "code", _("use letters, digits, dot, dash or underscore (at most 50)"))
        else:
            # Numbering restarts under each area (3.1 under I and under III): a code repeats only among siblings.
            siblings = self.seen_codes.setdefault(PATH_SEPARATOR.join(path), {})
            if code in siblings:
                self.problem(where, "code", _("duplicate code, already used by %(other)s") % {"other": siblings[code]})
            else:
                siblings[code] = where
        name = str(raw.get("name") or "").strip()
        if not name:
            self.problem(where, "name", _("is required"))
        max_points = None
        if raw.get("max") is not None and raw.get("max") != "":
            max_points = self.decimal(where, "max", raw["max"], positive=str(raw.get("kind")) != LeafKind.TRACKING)
        children_raw = raw.get("children")
        if children_raw is not None and not isinstance(children_raw, list):
            self.problem(where, "children", _("must be a list of nodes"))
            children_raw = None
        if children_raw:
            node = self.branch(raw, code, name, max_points, where, path, children_raw)
        else:
            node = self.leaf(raw, code, name, max_points, where, len(path))
        node.path = PATH_SEPARATOR.join((*path, code))
        self.groups(raw, node, where)
        return node

    def groups(self, raw: dict[str, Any], node: NodeSpec, where: str) -> None:
        """``applies_to`` (the unit groups an item is for) and ``max_by_group`` (its maximum in a group)."""
        applies = raw.get("applies_to")
        if applies is not None and applies != []:
            if isinstance(applies, str):
                applies = [part.strip() for part in re.split(r"[;,]", applies) if part.strip()]
            if not isinstance(applies, list) or not all(isinstance(g, str) and CODE_RE.match(g) for g in applies):
                self.problem(where, "applies_to", _("must be a list of unit-group codes"))
            else:
                node.applies_to = tuple(applies)
        by_group = raw.get("max_by_group")
        if by_group is None or by_group == {}:
            return
        if not isinstance(by_group, dict):
            self.problem(where, "max_by_group", _("must map unit-group codes to maximum points"))
            return
        if node.children:
            self.problem(where, "max_by_group", _("only an item with an input has a maximum of its own"))
            return
        for group, raw_max in by_group.items():
            if not CODE_RE.match(str(group)):
                self.problem(where, "max_by_group", _("“%(group)s” is not a unit-group code") % {"group": group})
                continue
            if node.applies_to and str(group) not in node.applies_to:
                self.problem(
                    where,
                    "max_by_group",
                    _("the group %(group)s is not among the groups the item applies to (%(groups)s)")
                    % {"group": group, "groups": ", ".join(node.applies_to)},
                )
                continue
            value = self.decimal(where, "max_by_group", raw_max, positive=True)
            if value is not None:
                node.max_by_group[str(group)] = value

    def branch(
        self,
        raw: dict[str, Any],
        code: str,
        name: str,
        max_points: Decimal | None,
        where: str,
        path: tuple[str, ...],
        children_raw: list[Any],
    ) -> NodeSpec:
        for leaf_only in ("rule", "source", "not_applicable_allowed", "not_applicable_meaning", "not_applicable_by"):
            if raw.get(leaf_only) is not None:
                self.problem(where, leaf_only, _("only a leaf (a node without children) has this field"))
        if raw.get("kind") is not None and str(raw.get("kind")) != LeafKind.HEADING:
            self.problem(where, "kind", _("only a leaf (a node without children) has this field"))
        children = [
            c for c in (self.node(child, (*path, code), i) for i, child in enumerate(children_raw, start=1)) if c
        ]
        counted = [c for c in children if c.kind is LeafKind.NORMAL and (c.is_leaf or c.children)]
        if counted and all(c.max_points is not None for c in counted):
            total = sum((c.max_points or ZERO for c in counted), ZERO)
            if max_points is not None and max_points != total:
                listed = "; ".join(
                    _("%(code)s: %(points)s") % {"code": c.number, "points": plain_vi(c.max_points or ZERO)}
                    for c in counted
                )
                self.problem(
                    where,
                    "max",
                    _("states %(stated)s but its children add up to %(sum)s (%(children)s): correct one or the other")
                    % {"stated": plain_vi(max_points), "sum": plain_vi(total), "children": listed},
                )
            max_points = total
        elif not counted and max_points is not None:
            max_points = None
        return NodeSpec(
            code=code,
            name=name,
            max_points=max_points,
            evidence=str(raw.get("evidence") or ""),
            children=children,
        )

    def leaf(
        self, raw: dict[str, Any], code: str, name: str, max_points: Decimal | None, where: str, depth: int
    ) -> NodeSpec:
        kind = LeafKind.NORMAL
        raw_kind = raw.get("kind")
        if raw_kind is not None:
            try:
                kind = LeafKind(str(raw_kind))
            except ValueError:
                self.problem(where, "kind", _("must be one of: normal, bonus, penalty, tracking, heading"))
        if kind is LeafKind.HEADING:
            return self.heading(raw, code, name, where)
        if (
            depth == 0
            and kind is LeafKind.NORMAL
            and raw.get("max") in (None, "")
            and raw.get("rule") is None
            and str(raw.get("source") or "self") == "self"
        ):
            self.problem(
                where,
                "children",
                _(
                    "this %(level)s has no sub-criteria: add sub-criteria under it, "
                    "or give it a maximum and a scoring method"
                )
                % {"level": self.level_name(0).lower()},
            )
            return NodeSpec(code=code, name=name, max_points=None, kind=kind)
        if kind is LeafKind.TRACKING:
            if max_points is not None and max_points != ZERO:
                self.problem(where, "max", _("a tracking row is worth 0 points: leave the maximum empty"))
            max_points = ZERO
        elif max_points is None and raw.get("max") in (None, ""):
            self.problem(where, "max", _("a leaf needs its maximum points"))
        source = str(raw.get("source") or "self")
        if not SOURCE_RE.match(source):
            self.problem(
                where,
                "source",
                _(
                    "must be self, council, survey:<survey code>[:<component>] or indicator:<code> "
                    "(60 characters at most)"
                ),
            )
        na_allowed = self.boolean(where, "not_applicable_allowed", raw.get("not_applicable_allowed", False))
        meaning = NotApplicableMeaning.LEAVES_DENOMINATOR
        if raw.get("not_applicable_meaning") not in (None, ""):
            try:
                meaning = NotApplicableMeaning(str(raw["not_applicable_meaning"]))
            except ValueError:
                self.problem(
                    where,
                    "not_applicable_meaning",
                    _("must be one of: %(choices)s") % {"choices": ", ".join(m.value for m in NotApplicableMeaning)},
                )
        declarer = NotApplicableDeclarer.UNIT
        if raw.get("not_applicable_by") not in (None, ""):
            try:
                declarer = NotApplicableDeclarer(str(raw["not_applicable_by"]))
            except ValueError:
                self.problem(where, "not_applicable_by", _("must be one of: unit, council"))
            if not na_allowed:
                self.problem(
                    where,
                    "not_applicable_by",
                    _("says who may declare the item not applicable, but the item may not be: allow it first"),
                )
        evidence = str(raw.get("evidence") or "")
        evidence_required = self.boolean(where, "evidence_required", raw.get("evidence_required", bool(evidence)))
        rule = None
        if kind is not LeafKind.TRACKING or raw.get("rule") is not None:
            rule = self.rule(raw.get("rule"), None if kind is LeafKind.TRACKING else max_points, where)
        return NodeSpec(
            code=code,
            name=name,
            max_points=max_points,
            rule=rule,
            kind=kind,
            evidence=evidence,
            evidence_required=evidence_required,
            source=source,
            not_applicable_allowed=na_allowed,
            not_applicable_meaning=meaning,
            not_applicable_by=declarer,
        )

    def heading(self, raw: dict[str, Any], code: str, name: str, where: str) -> NodeSpec:
        for field_name in ("max", "rule", "source", "not_applicable_allowed"):
            if raw.get(field_name) not in (None, "", False):
                self.problem(where, field_name, _("a heading carries no points: leave this field empty"))
        return NodeSpec(
            code=code, name=name, max_points=None, kind=LeafKind.HEADING, evidence=str(raw.get("evidence") or "")
        )

    def rule(self, raw: Any, max_points: Decimal | None, where: str, prefix: str = "rule") -> Rule | None:
        types = RULE_TYPES if prefix == "rule" else RATE_SCORER_TYPES
        if raw is None:
            self.problem(where, prefix, _("a leaf needs a rule (type: %(types)s)") % {"types": ", ".join(types)})
            return None
        if not isinstance(raw, dict) or raw.get("type") not in types:
            self.problem(where, prefix, _("the rule type must be one of: %(types)s") % {"types": ", ".join(types)})
            return None
        kind = raw["type"]
        allowed = {
            "manual": {"step"},
            "choice": {"options"},
            "bands": {"thresholds"},
            "proportional": {"target"},
            "deduction": {"per"},
            "per_item": {"per"},
            "ratio": {"numerator", "denominator", "score", "on_zero"},
            "formula": {"inputs", "expression", "score", "on_zero"},
        }[kind] | {"type"}
        for key in sorted(set(raw) - allowed, key=str):
            self.problem(where, f"{prefix}.{key}", _("unknown field for a %(type)s rule") % {"type": kind})
        if kind == "manual":
            step = None
            if raw.get("step") is not None:
                step = self.decimal(where, "rule.step", raw["step"], positive=True)
                if step is not None and max_points is not None and step > max_points:
                    self.problem(where, "rule.step", _("the step is larger than the maximum points"))
            return Manual(step=step)
        if kind == "choice":
            return self.choice(raw.get("options"), max_points, where)
        if kind == "bands":
            return self.thresholds(raw.get("thresholds"), max_points, where, prefix)
        if kind == "proportional":
            target = self.decimal(where, f"{prefix}.target", raw.get("target", 100), positive=True)
            return Proportional(target=target) if target is not None else None
        if kind == "ratio":
            return self.ratio(raw, max_points, where)
        if kind == "formula":
            return self.formula(raw, max_points, where)
        per = self.decimal(where, "rule.per", raw.get("per"), positive=True)
        if per is None:
            return None
        return PerItem(per=per) if kind == "per_item" else Deduction(per=per)

    def label(self, where: str, field_name: str, raw: Any) -> str:
        text = str(raw or "").strip()
        if not text:
            self.problem(where, field_name, _("is required: the label the unit reads beside the box"))
        return text

    def on_zero(self, where: str, raw: Any) -> ZeroDenominator | None:
        try:
            return ZeroDenominator(str(raw))
        except ValueError:
            self.problem(
                where,
                "rule.on_zero",
                _("must be one of: %(choices)s") % {"choices": ", ".join(z.value for z in ZeroDenominator)},
            )
            return None

    def rate_scorer(self, raw: dict[str, Any], max_points: Decimal | None, where: str) -> RateScorer | None:
        scorer = self.rule(raw.get("score", {"type": "proportional", "target": 100}), max_points, where, "rule.score")
        return scorer if isinstance(scorer, Bands | Proportional) else None

    def ratio(self, raw: dict[str, Any], max_points: Decimal | None, where: str) -> Ratio | None:
        numerator = self.label(where, "rule.numerator", raw.get("numerator"))
        denominator = self.label(where, "rule.denominator", raw.get("denominator"))
        scorer = self.rate_scorer(raw, max_points, where)
        on_zero = self.on_zero(where, raw.get("on_zero", ZeroDenominator.NOT_APPLICABLE))
        if not (numerator and denominator and scorer and on_zero):
            return None
        return Ratio(numerator=numerator, denominator=denominator, score=scorer, on_zero=on_zero)

    def formula(self, raw: dict[str, Any], max_points: Decimal | None, where: str) -> Formula | None:
        inputs = self.formula_inputs(raw.get("inputs"), where)
        expression = str(raw.get("expression") or "").strip()
        scorer = self.rate_scorer(raw, max_points, where) if raw.get("score") is not None else None
        on_zero = self.on_zero(where, raw["on_zero"]) if raw.get("on_zero") not in (None, "") else None
        if not expression:
            self.problem(where, "rule.expression", _("is required, e.g. 100 - (qua_han + phan_anh)"))
            return None
        if inputs is None or (raw.get("score") is not None and scorer is None):
            return None
        try:
            rule = Formula(inputs=inputs, expression=expression, score=scorer, on_zero=on_zero)
        except FormulaError as error:
            self.problem(where, "rule.expression", formula_error_message(error, expression, [i.name for i in inputs]))
            return None
        risky = may_divide_by_zero(rule.parsed, nonzero=(), non_negative=[i.name for i in inputs])
        if risky and on_zero is None:
            self.problem(
                where,
                "rule.on_zero",
                _("the formula divides by %(divisor)s, which may be 0: say what a zero gives (on_zero: %(choices)s)")
                % {"divisor": risky[0].divisor, "choices": ", ".join(z.value for z in ZeroDenominator)},
            )
            return None
        return rule

    def formula_inputs(self, raw: Any, where: str) -> tuple[Input, ...] | None:
        if not isinstance(raw, list) or not raw:
            self.problem(where, "rule.inputs", _("a formula needs its inputs, each with a name and a label"))
            return None
        inputs: list[Input] = []
        for i, item in enumerate(raw, start=1):
            field_name = f"rule.inputs[{i}]"
            if not isinstance(item, dict):
                self.problem(where, field_name, _("an input needs a name and a label"))
                continue
            name = str(item.get("name") or "").strip()
            if not INPUT_NAME_RE.match(name) or name in ("min", "max"):
                self.problem(
                    where,
                    field_name,
                    _("“%(name)s” cannot name an input: lower-case letters, digits and _, not min or max")
                    % {"name": name},
                )
                continue
            if any(existing.name == name for existing in inputs):
                self.problem(where, field_name, _("the input %(name)s is listed twice") % {"name": name})
                continue
            label = self.label(where, field_name, item.get("label"))
            if label:
                inputs.append(Input(name, label))
        return tuple(inputs) if len(inputs) == len(raw) else None

    def _check_points(self, where: str, field_name: str, points: Decimal, max_points: Decimal | None) -> None:
        if max_points is not None and points > max_points:
            self.problem(
                where,
                field_name,
                _("gives %(points)s points, more than the maximum %(max)s")
                % {"points": plain_vi(points), "max": plain_vi(max_points)},
            )

    def choice(self, raw: Any, max_points: Decimal | None, where: str) -> Choice | None:
        if not isinstance(raw, list) or not raw:
            self.problem(where, "rule.options", _("a choice rule needs at least one option"))
            return None
        options: list[Option] = []
        labels: set[str] = set()
        for i, item in enumerate(raw, start=1):
            field_name = f"rule.options[{i}]"
            if not isinstance(item, dict) or not str(item.get("label") or "").strip() or "points" not in item:
                self.problem(where, field_name, _("an option needs a label and points"))
                continue
            label = str(item["label"]).strip()
            if label in labels:
                self.problem(where, field_name, _("the option “%(label)s” is listed twice") % {"label": label})
            labels.add(label)
            points = self.decimal(where, field_name, item["points"])
            if points is None:
                continue
            self._check_points(where, field_name, points, max_points)
            options.append(Option(label=label, points=points))
        return Choice(options=tuple(options)) if options else None

    def thresholds(self, raw: Any, max_points: Decimal | None, where: str, prefix: str = "rule") -> Bands | None:
        if not isinstance(raw, list) or not raw:
            self.problem(where, f"{prefix}.thresholds", _("a bands rule needs at least one threshold"))
            return None
        thresholds: list[Threshold] = []
        for i, item in enumerate(raw, start=1):
            field_name = f"{prefix}.thresholds[{i}]"
            if not isinstance(item, dict) or "min" not in item or "points" not in item:
                self.problem(where, field_name, _("a threshold needs min and points"))
                continue
            minimum = self.decimal(where, field_name, item["min"])
            points = self.decimal(where, field_name, item["points"])
            if minimum is None or points is None:
                continue
            if thresholds and minimum >= thresholds[-1].min:
                self.problem(
                    where,
                    field_name,
                    _("thresholds out of order: %(min)s after %(previous)s (list them from the highest down)")
                    % {"min": plain_vi(minimum), "previous": plain_vi(thresholds[-1].min)},
                )
            self._check_points(where, field_name, points, max_points)
            thresholds.append(Threshold(min=minimum, points=points))
        return Bands(thresholds=tuple(thresholds)) if thresholds else None


def formula_error_message(error: FormulaError, expression: str, names: list[str]) -> str:
    """What is wrong with a formula, where (the character, from 1) and why, in the reader's words."""
    code = error.code
    at = error.position
    between_digits = 0 < at < len(expression) - 1 and expression[at - 1].isdigit() and expression[at + 1].isdigit()
    if code == "unexpected_comma" and between_digits:
        code = "comma"  # a decimal comma ("0,5"), as typed in Vietnamese
    reason = _(FORMULA_ERRORS.get(code, code))
    if error.detail and code in ("unknown_name", "unknown_function", "uppercase_name"):
        reason = _("%(reason)s: %(name)s (the inputs are: %(known)s)") % {
            "reason": reason,
            "name": error.detail,
            "known": ", ".join(names) or "-",
        }
    return _("cannot read the formula at character %(position)s: %(reason)s") % {
        "position": at + 1,
        "reason": reason,
    }


def parse_framework(data: Any) -> FrameworkSpec:
    """Validate a criteria set; raise :class:`SpecError` listing every problem."""
    parser = _Parser()
    spec = parser.framework(data)
    if parser.problems or spec is None:
        raise SpecError(parser.problems)
    _assign_identities(spec)
    return spec


def _assign_identities(spec: FrameworkSpec) -> None:
    """A node's identity is its printed code where that is unique in the set, else its path ("I/3.1")."""
    counts: dict[str, int] = {}
    for node, _ancestors in spec.walk():
        counts[node.number] = counts.get(node.number, 0) + 1
    for node, _ancestors in spec.walk():
        node.code = node.number if counts[node.number] == 1 else node.path
