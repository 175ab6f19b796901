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

from parindex.scoring.engine import LeafKind, Tree
from parindex.scoring.numbers import ZERO, plain, plain_vi, to_decimal
from parindex.scoring.ranking import Band
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Option, Proportional, Rule, Threshold

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{0,49}$")
# ``survey:<survey code>[:<component>]`` (codes as XLSForm form_id / component codes); 60 characters at most in all.
SOURCE_RE = re.compile(
    r"^(?=.{1,60}$)(self|survey|indicator:[a-z0-9_\-]{1,50}"
    r"|survey:[0-9A-Za-z][0-9A-Za-z._\-]{0,49}(:[0-9A-Za-z][0-9A-Za-z._\-]{0,49})?)$"
)
RULE_TYPES = ("manual", "choice", "bands", "proportional", "deduction")
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
    code: str
    name: str
    max_points: Decimal | None
    rule: Rule | None = None
    kind: LeafKind = LeafKind.NORMAL
    evidence: str = ""
    evidence_required: bool = False
    source: str = "self"
    not_applicable_allowed: bool = False
    children: list[NodeSpec] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children


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
            ((leaf.code, [a.code for a in anc], leaf.max_points or ZERO, leaf.kind) for leaf, anc in self.leaves()),
            bonus_cap=self.bonus_cap,
            penalty_cap=self.penalty_cap,
        )

    def to_data(self) -> dict[str, Any]:
        """The canonical plain structure (what YAML would hold), numbers as strings: for digests and exports."""

        def node_data(node: NodeSpec) -> dict[str, Any]:
            data: dict[str, Any] = {"code": node.code, "name": node.name}
            if node.max_points is not None:
                data["max"] = plain(node.max_points)
            if node.is_leaf:
                data["rule"] = rule_to_data(node.rule) if node.rule else None
                data["kind"] = str(node.kind)
                data["evidence"] = node.evidence
                data["evidence_required"] = node.evidence_required
                data["source"] = node.source
                data["not_applicable_allowed"] = node.not_applicable_allowed
            else:
                data["children"] = [node_data(child) for child in node.children]
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
    raise ValueError(f"unknown rule type {kind!r}")


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.seen_codes: dict[str, str] = {}

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

    def node(self, raw: Any, path: tuple[str, ...], position: int) -> NodeSpec | None:
        if not isinstance(raw, dict):
            where = _("item %(n)s under %(parent)s") % {"n": position, "parent": " › ".join(path) or "nodes"}
            self.problem(where, "-", _("must be a mapping with code and name"))
            return None
        code = str(raw.get("code") if raw.get("code") is not None else "").strip()
        where = str(raw.get("_where") or "") or (_("node %(code)s") % {"code": code} if code else "")
        if not where:
            where = _("item %(n)s under %(parent)s") % {"n": position, "parent": " › ".join(path) or "nodes"}
        for key in sorted(set(raw) - NODE_KEYS, key=str):
            self.problem(where, str(key), _("unknown field"))
        if not code:
            self.problem(where, "code", _("is required"))
        elif not CODE_RE.match(code):
            self.problem(where, "code", _("use letters, digits, dot, dash or underscore (at most 50)"))
        elif code in self.seen_codes:
            self.problem(
                where, "code", _("duplicate code, already used by %(other)s") % {"other": self.seen_codes[code]}
            )
        else:
            self.seen_codes[code] = where
        name = str(raw.get("name") or "").strip()
        if not name:
            self.problem(where, "name", _("is required"))
        max_points = None
        if raw.get("max") is not None and raw.get("max") != "":
            max_points = self.decimal(where, "max", raw["max"], positive=True)
        children_raw = raw.get("children")
        if children_raw is not None and not isinstance(children_raw, list):
            self.problem(where, "children", _("must be a list of nodes"))
            children_raw = None
        if children_raw:
            return self.branch(raw, code, name, max_points, where, path, children_raw)
        return self.leaf(raw, code, name, max_points, where)

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
        for leaf_only in ("rule", "kind", "source", "not_applicable_allowed"):
            if raw.get(leaf_only) is not None:
                self.problem(where, leaf_only, _("only a leaf (a node without children) has this field"))
        children = [
            c for c in (self.node(child, (*path, code), i) for i, child in enumerate(children_raw, start=1)) if c
        ]
        counted = [c for c in children if c.kind is LeafKind.NORMAL]
        if counted and all(c.max_points is not None for c in counted):
            total = sum((c.max_points or ZERO for c in counted), ZERO)
            if max_points is not None and max_points != total:
                self.problem(
                    where,
                    "max",
                    _("states %(stated)s but its children add up to %(sum)s")
                    % {"stated": plain_vi(max_points), "sum": plain_vi(total)},
                )
            max_points = total
        return NodeSpec(
            code=code,
            name=name,
            max_points=max_points,
            evidence=str(raw.get("evidence") or ""),
            children=children,
        )

    def leaf(self, raw: dict[str, Any], code: str, name: str, max_points: Decimal | None, where: str) -> NodeSpec:
        kind = LeafKind.NORMAL
        raw_kind = raw.get("kind")
        if raw_kind is not None:
            try:
                kind = LeafKind(str(raw_kind))
            except ValueError:
                self.problem(where, "kind", _("must be one of: normal, bonus, penalty"))
        if max_points is None and raw.get("max") in (None, ""):
            self.problem(where, "max", _("a leaf needs its maximum points"))
        source = str(raw.get("source") or "self")
        if not SOURCE_RE.match(source):
            self.problem(
                where,
                "source",
                _("must be self, survey:<survey code>[:<component>] or indicator:<code> (60 characters at most)"),
            )
        na_allowed = self.boolean(where, "not_applicable_allowed", raw.get("not_applicable_allowed", False))
        evidence = str(raw.get("evidence") or "")
        evidence_required = self.boolean(where, "evidence_required", raw.get("evidence_required", bool(evidence)))
        rule = self.rule(raw.get("rule"), max_points, where)
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
        )

    def rule(self, raw: Any, max_points: Decimal | None, where: str) -> Rule | None:
        if raw is None:
            self.problem(where, "rule", _("a leaf needs a rule (type: %(types)s)") % {"types": ", ".join(RULE_TYPES)})
            return None
        if not isinstance(raw, dict) or raw.get("type") not in RULE_TYPES:
            self.problem(where, "rule", _("the rule type must be one of: %(types)s") % {"types": ", ".join(RULE_TYPES)})
            return None
        kind = raw["type"]
        allowed = {"type", {"manual": "step", "choice": "options", "bands": "thresholds"}.get(kind, "")}
        allowed |= {"proportional": {"target"}, "deduction": {"per"}}.get(kind, set())
        for key in sorted(set(raw) - allowed, key=str):
            self.problem(where, f"rule.{key}", _("unknown field for a %(type)s rule") % {"type": kind})
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
            return self.thresholds(raw.get("thresholds"), max_points, where)
        if kind == "proportional":
            target = self.decimal(where, "rule.target", raw.get("target", 100), positive=True)
            return Proportional(target=target) if target is not None else None
        per = self.decimal(where, "rule.per", raw.get("per"), positive=True)
        return Deduction(per=per) if per is not None else None

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

    def thresholds(self, raw: Any, max_points: Decimal | None, where: str) -> Bands | None:
        if not isinstance(raw, list) or not raw:
            self.problem(where, "rule.thresholds", _("a bands rule needs at least one threshold"))
            return None
        thresholds: list[Threshold] = []
        for i, item in enumerate(raw, start=1):
            field_name = f"rule.thresholds[{i}]"
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


def parse_framework(data: Any) -> FrameworkSpec:
    """Validate a criteria set; raise :class:`SpecError` listing every problem."""
    parser = _Parser()
    spec = parser.framework(data)
    if parser.problems or spec is None:
        raise SpecError(parser.problems)
    return spec
