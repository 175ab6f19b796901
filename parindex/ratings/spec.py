"""A head-rating rule set as data: parsing and validating its YAML (issue "head-of-unit responsibility rating").

Every problem is collected and names the level and the condition, as the criteria-set validator does (the same
:class:`~parindex.frameworks.spec.Problem` and :class:`~parindex.frameworks.spec.SpecError`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from parindex.frameworks.services import read_yaml
from parindex.frameworks.spec import CODE_RE, Problem, SpecError
from parindex.scoring.numbers import plain_vi, to_decimal
from parindex.scoring.rating import Check, Condition, Level, RuleSet, stricter_or_equal

TOP_KEYS = {"code", "name", "sample", "description", "levels"}
LEVEL_KEYS = {"code", "name", "when"}
PERCENT_CHECKS = (Check.INDEX_MIN, Check.EVERY_AREA_MIN_PCT, Check.EVERY_CRITERION_MIN_PCT)
FLAG_CHECKS = (Check.NO_OVERDUE_TASKS, Check.SUBMITTED_ON_TIME)
SAMPLES = Path(__file__).resolve().parent / "samples"


def _names(values: list[str]) -> str:
    return ", ".join(sorted(values))


class _Parser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(where, field, message))

    def condition(self, where: str, name: str, raw: Any) -> Condition | None:
        try:
            check = Check(name)
        except ValueError:
            known = _names([c.value for c in Check])
            self.problem(where, name, _("unknown condition; the known ones are: %(known)s") % {"known": known})
            return None
        if check in PERCENT_CHECKS:
            number = self.number(where, name, raw)
            if number is not None and not Decimal(0) <= number <= Decimal(100):
                self.problem(where, name, _("%(value)s is outside 0..100") % {"value": plain_vi(number)})
                return None
            return None if number is None else Condition(check, number)
        if check is Check.RANK_MAX:
            number = self.number(where, name, raw)
            if number is not None and (number < 1 or number != number.to_integral_value()):
                self.problem(where, name, _("a rank is a whole number from 1"))
                return None
            return None if number is None else Condition(check, number)
        if check is Check.BAND_IN:
            if not isinstance(raw, list) or not raw or not all(isinstance(v, str) and v.strip() for v in raw):
                self.problem(where, name, _("give the list of band codes, e.g. [A, B]"))
                return None
            return Condition(check, names=frozenset(v.strip() for v in raw))
        if check is Check.NO_DISCIPLINE:
            if raw is True:
                return Condition(check)
            if isinstance(raw, list) and raw and all(isinstance(v, str) and v.strip() for v in raw):
                return Condition(check, names=frozenset(v.strip() for v in raw))
            self.problem(where, name, _("write true (any case) or the list of case kinds"))
            return None
        if raw is not True:
            self.problem(where, name, _("write true, or leave the condition out"))
            return None
        return Condition(check)

    def number(self, where: str, name: str, raw: Any) -> Decimal | None:
        try:
            return to_decimal(raw)
        except ValueError:
            self.problem(where, name, _("“%(value)s” is not a number") % {"value": raw})
            return None

    def level(self, index: int, raw: Any, seen: set[str]) -> Level | None:
        where = _("level %(number)s") % {"number": index + 1}
        if not isinstance(raw, dict):
            self.problem(where, "-", _("a level has a code, a name and its conditions (when)"))
            return None
        code = str(raw.get("code", "")).strip()
        if code:
            where = _("level %(code)s") % {"code": code}
        if not CODE_RE.match(code):
            self.problem(where, "code", _("a code of letters, digits, “.”, “_” or “-” is required"))
        elif code in seen:
            self.problem(where, "code", _("this code is used by another level"))
        seen.add(code)
        name = str(raw.get("name", "")).strip()
        if not name:
            self.problem(where, "name", _("a name is required"))
        for key in sorted(set(raw) - LEVEL_KEYS):
            self.problem(where, key, _("unknown field"))
        when = raw.get("when", {})
        if when is None:
            when = {}
        if not isinstance(when, dict):
            self.problem(where, "when", _("conditions are written as {name: value, …}"))
            return None
        conditions = [self.condition(where, str(key), value) for key, value in when.items()]
        if any(c is None for c in conditions):
            return None
        return Level(code=code, name=name, conditions=tuple(c for c in conditions if c is not None))


def parse_rule_set(data: Any) -> tuple[RuleSet, dict[str, Any]]:
    """The rule set and its metadata (``sample``, ``description``), or :class:`SpecError` with every problem."""
    parser = _Parser()
    top = _("the rule set")
    if not isinstance(data, dict):
        raise SpecError([Problem(top, "-", _("a rule set has a code, a name and its levels"))])
    code = str(data.get("code", "")).strip()
    if not CODE_RE.match(code):
        parser.problem(top, "code", _("a code of letters, digits, “.”, “_” or “-” is required"))
    # The name is optional (DESIGN.md §5.3): a set without one is called by its code.
    name = str(data.get("name") or "").strip() or code
    for key in sorted(set(data) - TOP_KEYS):
        parser.problem(top, key, _("unknown field"))
    raw_levels = data.get("levels")
    levels: list[Level] = []
    if not isinstance(raw_levels, list) or len(raw_levels) < 2:
        parser.problem(top, "levels", _("at least two levels are needed, best first"))
    else:
        seen: set[str] = set()
        parsed = [parser.level(i, raw, seen) for i, raw in enumerate(raw_levels)]
        levels = [level for level in parsed if level is not None]
        if len(levels) == len(parsed):
            _check_order(parser, levels)
    if parser.problems:
        raise SpecError(parser.problems)
    meta = {"sample": data.get("sample") is True, "description": str(data.get("description", "")).strip()}
    return RuleSet(code=code, name=name, levels=tuple(levels)), meta


def _check_order(parser: _Parser, levels: list[Level]) -> None:
    for better, level in itertools.pairwise(levels):
        wrong = stricter_or_equal(better.conditions, level.conditions)
        if wrong:
            parser.problem(
                _("level %(code)s") % {"code": level.code},
                "when",
                _("asks more than the better level %(better)s on: %(checks)s; levels go best first")
                % {"better": better.code, "checks": _names([c.value for c in wrong])},
            )
    if levels[-1].conditions:
        parser.problem(
            _("level %(code)s") % {"code": levels[-1].code},
            "when",
            _("the last level must have no condition (when: {}), so that every unit gets a level"),
        )


def read_rule_set_file(path: Path | str) -> tuple[RuleSet, dict[str, Any]]:
    path = Path(path)
    if not path.is_file():
        raise SpecError([Problem(str(path), "-", _("no such file"))])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError([Problem(str(path), "-", _("the file is not UTF-8 text"))]) from None
    return parse_rule_set(read_yaml(text))


def rule_set_to_data(rules: RuleSet, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The rule set as plain data (for storage, exports and the digest); numbers as exact strings."""

    def value(condition: Condition) -> Any:
        if condition.number is not None:
            return str(condition.number)
        if condition.names:
            return sorted(condition.names)
        return True

    return {
        "code": rules.code,
        "name": rules.name,
        **(meta or {}),
        "levels": [
            {"code": level.code, "name": level.name, "when": {c.check.value: value(c) for c in level.conditions}}
            for level in rules.levels
        ],
    }


def digest(rules: RuleSet) -> str:
    text = json.dumps(rule_set_to_data(rules), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
