"""Reading a criteria set from the workbook layout described in :mod:`parindex.frameworks.xlsx.layout`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from parindex.frameworks.spec import INPUT_NAME_RE, PATH_SEPARATOR, Problem, SpecError, formula_error_message
from parindex.frameworks.xlsx.layout import (
    _HEADER_SCAN_ROWS,
    _INFO_LABELS,
    _ITEM_SPLIT,
    _KINDS,
    _LINE_KEYS,
    _NA_BY,
    _NA_MEANINGS,
    _REQUIRED_CRITERIA,
    _RULES,
    _SHEET_NAMES,
    _SOURCES,
    _ZEROS,
    BAND_COLUMNS,
    CRITERIA_COLUMNS,
    FORMULA_EXAMPLES,
    INDICATOR_PREFIXES,
    INPUT_PREFIXES,
    KIND_WORDS,
    NO_WORDS,
    NOT_APPLICABLE_BY_WORDS,
    NOT_APPLICABLE_MEANING_WORDS,
    RATIO_EXAMPLES,
    RULE_WORDS,
    SHEET_BANDS,
    SHEET_CRITERIA,
    SHEET_INFO,
    VALUE_EXAMPLES,
    VALUE_PREFIXES,
    YES_WORDS,
    ZERO_WORDS,
    _Column,
    _column_lookup,
    _dot,
    _items,
    _norm,
    _number_text,
    _text,
    parent_of,
)
from parindex.scoring.engine import LeafKind
from parindex.scoring.formula import FormulaError
from parindex.scoring.formula import parse as parse_formula
from parindex.scoring.numbers import to_decimal
from parindex.tabular import ImportRejected, check_workbook_size

_GROUP_SPLIT = re.compile(r"[;,\n\r]+")


class _Reader:
    def __init__(self, sheets: dict[str, list[tuple[Any, ...]]], titles: dict[str, str]) -> None:
        self.sheets = sheets
        self.titles = titles
        self.problems: list[Problem] = []

    def problem(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(where, field, message))

    def where(self, sheet: str, row: int, code: str = "") -> str:
        title = self.titles.get(sheet, sheet)
        if code:
            return _("Sheet %(sheet)s, row %(row)s (code %(code)s)") % {"sheet": title, "row": row, "code": code}
        return _("Sheet %(sheet)s, row %(row)s") % {"sheet": title, "row": row}

    def read(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if SHEET_INFO in self.sheets:
            data.update(self.info(self.sheets[SHEET_INFO]))
        else:
            self.missing_sheet(SHEET_INFO)
        if SHEET_BANDS in self.sheets:
            data["bands"] = self.bands(self.sheets[SHEET_BANDS])
        if SHEET_CRITERIA in self.sheets:
            data["nodes"] = self.criteria(self.sheets[SHEET_CRITERIA])
        else:
            self.missing_sheet(SHEET_CRITERIA)
        if self.problems:
            raise SpecError(self.problems)
        return data

    def missing_sheet(self, sheet: str) -> None:
        self.problem(_("the workbook"), sheet, _("the sheet “%(sheet)s” is missing") % {"sheet": sheet})

    def info(self, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for number, row in enumerate(rows, start=1):
            label = _text(row[0]) if row else ""
            key = _INFO_LABELS.get(_norm(label))
            if key is None:
                continue  # a title, a header or a note: the sheet is for people too
            if key in seen:
                self.problem(
                    self.where(SHEET_INFO, number),
                    label,
                    _("already given in row %(row)s") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            value = row[1] if len(row) > 1 else None
            if value is None or _text(value) == "":
                continue
            data[key] = self.info_value(key, value, self.where(SHEET_INFO, number), label)
        return data

    def info_value(self, key: str, value: Any, where: str, label: str) -> Any:
        if key == "year":
            text = _number_text(value)
            return int(text) if text.isdigit() else text
        if key == "levels":
            return [part.strip() for part in _ITEM_SPLIT.split(_text(value)) if part.strip()]
        if key in ("bonus_cap", "penalty_cap"):
            return _number_text(value)
        if key == "sample":
            return self.yes_no(value, where, label)
        return _text(value)

    def yes_no(self, value: Any, where: str, field: str) -> bool | None:
        """True, False, or None for an empty cell (so the validator's default applies)."""
        if isinstance(value, bool):
            return value
        text = _norm(_number_text(value))
        if not text:
            return None
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        self.problem(where, field, _("write “có” or “không”, not “%(value)s”") % {"value": _text(value)})
        return None

    def header(
        self, sheet: str, rows: list[tuple[Any, ...]], columns: Sequence[_Column], anchors: tuple[str, str]
    ) -> tuple[int, dict[str, int]]:
        """The header row (0-based) and the position of each known column; unknown columns are left alone.

        The header is the first row naming both ``anchors`` columns, so a title typed above it is fine; failing that,
        the first row with anything in it, whose missing columns are then reported.
        """
        lookup = _column_lookup(columns)
        first_filled: int | None = None
        chosen: int | None = None
        for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
            keys = {lookup.get(_norm(cell)) for cell in row if _text(cell)}
            if keys and first_filled is None:
                first_filled = index
            if all(anchor in keys for anchor in anchors):
                chosen = index
                break
        if chosen is None:
            chosen = first_filled or 0
        positions: dict[str, int] = {}
        for position, cell in enumerate(rows[chosen] if rows else ()):
            key = lookup.get(_norm(cell)) if _text(cell) else None
            if key is None:
                continue
            if key in positions:
                self.problem(
                    self.where(sheet, chosen + 1),
                    _text(cell),
                    _("the column is given twice (columns %(first)s and %(second)s)")
                    % {"first": get_column_letter(positions[key] + 1), "second": get_column_letter(position + 1)},
                )
                continue
            positions[key] = position
        return chosen, positions

    def require(
        self, sheet: str, row: int, positions: dict[str, int], columns: Sequence[_Column], keys: Iterable[str]
    ) -> bool:
        headers = {c.key: c.header for c in columns}
        missing = [key for key in keys if key not in positions]
        for key in missing:
            self.problem(
                self.where(sheet, row),
                headers[key],
                _("the column “%(column)s” is missing from the header row") % {"column": headers[key]},
            )
        return not missing

    def bands(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        header, positions = self.header(SHEET_BANDS, rows, BAND_COLUMNS, ("code", "min"))
        if not self.require(SHEET_BANDS, header + 1, positions, BAND_COLUMNS, ("code", "min")):
            return []
        bands: list[dict[str, Any]] = []
        for row in rows[header + 1 :]:
            cells = {key: _cell(row, position) for key, position in positions.items()}
            if not any(_text(value) for value in cells.values()):
                continue
            band: dict[str, Any] = {"code": _text(cells["code"]), "name": _text(cells.get("name"))}
            if _text(cells["min"]):
                band["min"] = _number_text(cells["min"]).rstrip("%").strip()
            bands.append(band)
        return bands

    def criteria(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        header, positions = self.header(SHEET_CRITERIA, rows, CRITERIA_COLUMNS, ("code", "name"))
        if not self.require(SHEET_CRITERIA, header + 1, positions, CRITERIA_COLUMNS, _REQUIRED_CRITERIA):
            return []
        headers = {c.key: c.header for c in CRITERIA_COLUMNS}
        headers.update({key: _text(rows[header][position]) for key, position in positions.items()})
        entries: list[_Entry] = []
        for number, row in enumerate(rows[header + 1 :], start=header + 2):
            cells = {key: _cell(row, position) for key, position in positions.items()}
            if not any(_text(value) for value in cells.values()):
                continue
            code = _text(cells["code"])
            where = self.where(SHEET_CRITERIA, number, code)
            entries.append(_Entry(code, parent_of(code, _text(cells.get("parent"))), cells, where))
        return self.tree(entries, headers)

    def tree(self, entries: list[_Entry], headers: dict[str, str]) -> list[dict[str, Any]]:
        """The rows as nested nodes. A parent code names the nearest row above with that code (numbering restarts
        under each area, so "3.1" may be typed under I and under III); a path ("III/3.1") names the row whose codes
        from the area end so. A parent typed below its rows is found too when its code is not repeated."""
        rows_of: dict[str, list[int]] = {}
        for index, entry in enumerate(entries):
            if entry.code:
                rows_of.setdefault(entry.code, []).append(index)
        parents: dict[int, int | None] = {}  # row index → parent row index (None: an area); unresolved rows absent
        by_path: list[int] = []
        for index, entry in enumerate(entries):
            parent_code = entry.parent[0]
            if parent_code is None:
                parents[index] = None
            elif parent_code == entry.code and not any(row < index for row in rows_of[parent_code]):
                # the same code above would be the parent (an area "1" whose first criterion is "1")
                self.problem(entry.where, headers["parent"], _("a row cannot be its own parent"))
            elif PATH_SEPARATOR in parent_code:
                by_path.append(index)
            else:
                rows = [row for row in rows_of.get(parent_code, []) if row != index]
                found = self.nearest(index, entries, rows, headers)
                if found is not None:
                    parents[index] = found
        self.resolve_paths(entries, by_path, rows_of, parents, headers)

        children: dict[int, list[int]] = {}
        for index, parent in parents.items():
            if parent is not None:
                children.setdefault(parent, []).append(index)
        reached: set[int] = set()

        def build(index: int) -> dict[str, Any]:
            reached.add(index)
            entry = entries[index]
            kids = sorted(children.get(index, []))
            node = self.node(entry, headers, branch=bool(kids))
            if kids:
                built = [build(kid) for kid in kids]
                self.inherit_source(node, built)
                node["children"] = built
            node["_where"] = entry.where
            return node

        nodes = [build(index) for index in sorted(i for i, parent in parents.items() if parent is None)]
        for index in sorted(parents):
            # rows below a row already reported are not reached either; only the rows of a loop are reported here
            if index not in reached and _in_loop(index, parents):
                self.problem(
                    entries[index].where,
                    headers["parent"],
                    _("the parent codes go round in a circle, so this row is under no area"),
                )
        return nodes

    def nearest(self, index: int, entries: list[_Entry], rows: list[int], headers: dict[str, str]) -> int | None:
        """The row a parent code names: the nearest one above; below only if the code is not repeated."""
        entry = entries[index]
        parent_code, typed = entry.parent
        above = [row for row in rows if row < index]
        if above:
            return above[-1]
        if len(rows) == 1:
            return rows[0]
        field = headers["parent"] if typed else headers["code"]
        if not rows:
            message = (
                _("unknown parent code %(code)s")
                if typed
                else _("unknown parent code %(code)s (read from the dotted code)")
            )
            self.problem(entry.where, field, message % {"code": parent_code})
        else:
            self.problem(
                entry.where,
                field,
                _(
                    "the code %(code)s is used in several rows, none of them above this one: put the row below its "
                    "parent, or write the parent's path in “Mã cha”, e.g. %(example)s"
                )
                % {"code": parent_code, "example": f"I{PATH_SEPARATOR}{parent_code}"},
            )
        return None

    def resolve_paths(
        self,
        entries: list[_Entry],
        pending: list[int],
        rows_of: dict[str, list[int]],
        parents: dict[int, int | None],
        headers: dict[str, str],
    ) -> None:
        """Place the rows whose "Mã cha" is a path ("III/3.1"): its codes are the last ones of the parent's path
        from the area (the whole path preferred). Paths through rows placed by a path are resolved in turn."""

        def path_of(index: int) -> tuple[str, ...] | None:
            codes: list[str] = []
            current: int | None = index
            while current is not None:
                if current not in parents or len(codes) > len(entries):
                    return None  # not placed (yet), or a loop
                codes.append(entries[current].code)
                current = parents[current]
            return tuple(reversed(codes))

        waiting = list(pending)
        while waiting:
            progress = False
            for index in list(waiting):
                wanted = _path_parts(entries[index].parent[0] or "")
                candidates = [row for row in rows_of.get(wanted[-1], []) if row != index]
                paths = {row: path_of(row) for row in candidates}
                if any(path is None for path in paths.values()):
                    continue
                waiting.remove(index)
                progress = True
                self.place_by_path(index, entries, wanted, paths, parents, headers)
            if not progress:
                for index in waiting:  # what cannot be placed yet never will: decide with what is known
                    wanted = _path_parts(entries[index].parent[0] or "")
                    rows = [row for row in rows_of.get(wanted[-1], []) if row != index]
                    known = {row: path for row in rows if (path := path_of(row)) is not None}
                    self.place_by_path(index, entries, wanted, known, parents, headers)
                return

    def place_by_path(
        self,
        index: int,
        entries: list[_Entry],
        wanted: tuple[str, ...],
        paths: Mapping[int, tuple[str, ...] | None],
        parents: dict[int, int | None],
        headers: dict[str, str],
    ) -> None:
        anchored = wanted[0] == ""  # "/1": the area 1, from the top
        wanted = wanted[1:] if anchored else wanted
        whole = [row for row, path in paths.items() if path == wanted]
        ending = [row for row, path in paths.items() if path is not None and path[-len(wanted) :] == wanted]
        matches = whole if anchored or whole else ending
        if len(matches) == 1:
            parents[index] = matches[0]
            return
        typed = PATH_SEPARATOR.join(wanted)
        if not matches:
            self.problem(
                entries[index].where,
                headers["parent"],
                _("no row has the path %(path)s (codes from the area down, e.g. III/3.1)") % {"path": typed},
            )
        else:
            self.problem(
                entries[index].where,
                headers["parent"],
                _("several rows have the path %(path)s: write it from the area, e.g. %(example)s")
                % {"path": typed, "example": PATH_SEPARATOR.join(paths[matches[0]] or wanted)},
            )

    @staticmethod
    def inherit_source(node: dict[str, Any], children: list[dict[str, Any]]) -> None:
        """A source typed on a group row ("hội đồng" on an area the council scores) goes to the rows under it that
        say none; the validator knows sources on leaves only."""
        source = node.pop("source", None)
        if source is None:
            return
        for child in children:
            if "children" in child:
                child_source = child.pop("source", None)
                child["source"] = child_source or source
                _Reader.inherit_source(child, child["children"])
            elif child.get("kind") != str(LeafKind.HEADING) and "source" not in child:
                child["source"] = source

    def node(self, entry: _Entry, headers: dict[str, str], *, branch: bool) -> dict[str, Any]:
        cells = entry.cells
        node: dict[str, Any] = {"code": entry.code, "name": _text(cells.get("name"))}
        if _text(cells.get("max")):
            node["max"] = _number_text(cells["max"])
        rule_text = _text(cells.get("rule"))
        if rule_text:
            rule_type = _RULES.get(_norm(rule_text))
            if rule_type is None:
                self.problem(
                    entry.where,
                    headers["rule"],
                    _("unknown scoring method “%(value)s”; use one of: %(choices)s")
                    % {"value": rule_text, "choices": ", ".join(words[0] for words in RULE_WORDS.values())},
                )
            else:
                rule = self.rule(rule_type, cells.get("options"), entry.where, headers["options"])
                if rule is not None:
                    node["rule"] = rule
        kind_text = _text(cells.get("kind"))
        kind: LeafKind | None = None
        if kind_text:
            kind = _KINDS.get(_norm(kind_text))
            if kind is None:
                self.problem(
                    entry.where,
                    headers["kind"],
                    _("unknown kind of points “%(value)s”; use one of: %(choices)s")
                    % {"value": kind_text, "choices": ", ".join(words[0] for words in KIND_WORDS.values())},
                )
            elif not (branch and kind is LeafKind.NORMAL):
                node["kind"] = str(kind)
        if _text(cells.get("evidence")):
            node["evidence"] = _text(cells["evidence"])
        if kind is LeafKind.HEADING and not branch:
            # a heading carries nothing else; what is typed beside it is left for the validator to name
            for key in ("source", "not_applicable_allowed"):
                if _text(cells.get(key)):
                    node[key] = _text(cells[key])
            self.groups(node, cells, entry.where, headers)
            return node
        if not branch:
            required = self.yes_no(cells.get("evidence_required"), entry.where, headers["evidence_required"])
            if required is not None:
                node["evidence_required"] = required
        source = self.source(_text(cells.get("source")))
        if source is not None and not (branch and source == "self"):
            node["source"] = source
        allowed = self.yes_no(cells.get("not_applicable_allowed"), entry.where, headers["not_applicable_allowed"])
        if allowed is not None and not (branch and not allowed):
            node["not_applicable_allowed"] = allowed
        for key, lookup, words in (
            ("not_applicable_meaning", _NA_MEANINGS, NOT_APPLICABLE_MEANING_WORDS),
            ("not_applicable_by", _NA_BY, NOT_APPLICABLE_BY_WORDS),
        ):
            text = _text(cells.get(key))
            if not text:
                continue
            value = lookup.get(_norm(text))
            if value is None:
                self.problem(
                    entry.where,
                    headers[key],
                    _("cannot read “%(value)s”; write one of: %(choices)s")
                    % {"value": text, "choices": ", ".join(choices[0] for choices in words.values())},
                )
            else:
                node[key] = value
        self.groups(node, cells, entry.where, headers)
        return node

    def groups(self, node: dict[str, Any], cells: dict[str, Any], where: str, headers: dict[str, str]) -> None:
        """ "Áp dụng cho nhóm" ("xa; co-quan") and "Điểm tối đa theo nhóm" ("xa: 2; co-quan: 1,5")."""
        applies = _text(cells.get("applies_to"))
        if applies:
            node["applies_to"] = [part.strip() for part in _GROUP_SPLIT.split(applies) if part.strip()]
        by_group = _text(cells.get("max_by_group"))
        if not by_group:
            return
        maxima: dict[str, str] = {}
        for item in _items(by_group):
            group, colon, value = item.partition(":")
            if not colon or not group.strip() or not value.strip():
                self.problem(
                    where,
                    headers["max_by_group"],
                    _("cannot read “%(text)s”: write each group's maximum as “%(example)s”, separated by “;”")
                    % {"text": item, "example": "xa: 2"},
                )
                continue
            if group.strip() in maxima:
                self.problem(
                    where,
                    headers["max_by_group"],
                    _("the group %(group)s is given twice") % {"group": group.strip()},
                )
                continue
            maxima[group.strip()] = _dot(value.strip())
        node["max_by_group"] = maxima

    @staticmethod
    def source(text: str) -> str | None:
        """The source in YAML terms; an unknown word is passed on for the validator to name."""
        if not text:
            return None
        known = _SOURCES.get(_norm(text))
        if known is not None:
            return str(known)
        prefix, colon, code = text.partition(":")
        if colon and _norm(prefix) in INDICATOR_PREFIXES:
            return f"indicator:{code.strip().lower()}"
        if colon and _SOURCES.get(_norm(prefix)) == "survey":
            return f"survey:{code.strip()}"
        return text

    def rule(self, rule_type: str, raw: Any, where: str, field: str) -> dict[str, Any] | None:
        is_number = isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool)
        text = _number_text(raw) if is_number else _text(raw)
        if rule_type in ("choice", "bands"):
            items = _items(text)
            if not items:
                message = (
                    _("a choice rule needs its options, e.g. “Đúng hạn: 1; Chậm: 0,5”")
                    if rule_type == "choice"
                    else _("a bands rule needs its thresholds, e.g. “≥90: 2; ≥70: 1; ≥0: 0”")
                )
                self.problem(where, field, message)
                return None
            pairs = []
            for item in items:
                label, colon, points = item.rpartition(":")
                if not colon or not label.strip() or not points.strip():
                    example = "Đúng hạn: 1" if rule_type == "choice" else "≥90: 2"
                    self.problem(
                        where,
                        field,
                        _("cannot read “%(text)s”: write each item as “%(example)s”, separated by “;” or line breaks")
                        % {"text": item, "example": example},
                    )
                    continue
                pairs.append((label.strip(), _dot(points.strip())))
            if len(pairs) < len(items):
                return None
            if rule_type == "choice":
                return {"type": "choice", "options": [{"label": label, "points": pts} for label, pts in pairs]}
            return {
                "type": "bands",
                "thresholds": [{"min": _threshold_min(label), "points": pts} for label, pts in pairs],
            }
        if rule_type in ("ratio", "formula"):
            return self.lines_rule(rule_type, text, where, field)
        value = self.single_value(rule_type, text, where, field)
        if value is None:
            return None
        key = {"manual": "step", "proportional": "target", "deduction": "per", "per_item": "per"}[rule_type]
        if not value:
            if rule_type == "deduction":
                self.problem(where, field, _("a deduction rule needs the points lost each time, e.g. “0,25”"))
                return None
            if rule_type == "per_item":
                self.problem(where, field, _("a per-item rule needs the points for each item, e.g. “mỗi: 0,5”"))
                return None
            return {"type": rule_type}  # manual without a step; proportional towards the default 100 %
        return {"type": rule_type, key: value}

    def lines_rule(self, rule_type: str, text: str, where: str, field: str) -> dict[str, Any] | None:
        """A ratio or a formula from its lines (see :mod:`parindex.frameworks.xlsx.layout`); every unreadable line
        is reported with an example of the right form."""
        examples = RATIO_EXAMPLES if rule_type == "ratio" else FORMULA_EXAMPLES
        found: dict[str, str] = {}
        inputs: list[dict[str, str]] = []
        thresholds: list[dict[str, str]] = []
        readable = True
        input_refused = False

        def refuse(message: str) -> None:
            nonlocal readable
            readable = False
            self.problem(where, field, message)

        for line in _items(text):
            head, colon, rest = line.partition(":")
            key = _LINE_KEYS.get(_norm(head)) if colon else None
            name = _input_name(head) if colon and rule_type == "formula" else None
            if key in ("numerator", "denominator") and rule_type == "formula":
                key = None
            if key == "expression" and rule_type == "ratio":
                key = None
            if key is not None and rest.strip():
                if key in found:
                    refuse(_("“%(line)s”: this line is given twice") % {"line": line})
                else:
                    found[key] = rest.strip()
            elif name is not None and rest.strip():
                if not INPUT_NAME_RE.match(name) or name in ("min", "max"):
                    input_refused = True
                    refuse(
                        _(
                            "“%(name)s” cannot name an input: lower-case letters, digits and _, not min or max "
                            "(e.g. “%(example)s”)"
                        )
                        % {"name": name, "example": FORMULA_EXAMPLES[0]}
                    )
                else:
                    inputs.append({"name": name, "label": rest.strip()})
            elif (threshold := _threshold_line(line)) is not None:
                thresholds.append(threshold)
            else:
                refuse(
                    _("cannot read “%(text)s”: write each line as one of “%(examples)s”")
                    % {"text": line, "examples": "”, “".join(examples)}
                )
        rule: dict[str, Any] = {"type": rule_type}
        if rule_type == "ratio":
            for key in ("numerator", "denominator"):
                if key not in found:
                    refuse(
                        _("a ratio needs the line “%(example)s”")
                        % {"example": RATIO_EXAMPLES[0] if key == "numerator" else RATIO_EXAMPLES[1]}
                    )
                else:
                    rule[key] = found[key]
        else:
            if not inputs and not input_refused:  # an input line refused already says what is wrong
                refuse(_("a formula needs its inputs, one line each: “%(example)s”") % {"example": FORMULA_EXAMPLES[0]})
            rule["inputs"] = inputs
            if "expression" not in found:
                refuse(_("a formula needs the line “%(example)s”") % {"example": FORMULA_EXAMPLES[1]})
            else:
                rule["expression"] = found["expression"]
                if inputs:
                    self.check_expression(found["expression"], inputs, refuse)
        if "target" in found and thresholds:
            refuse(_("give either a target (“mục tiêu: 80”) or thresholds (“≥90: 2”), not both"))
        elif "target" in found:
            target = _dot(found["target"].rstrip("%").strip())
            try:
                to_decimal(target)
            except ValueError:
                refuse(
                    _("cannot read “%(text)s”: write one number, e.g. “%(example)s”")
                    % {"text": found["target"], "example": RATIO_EXAMPLES[2]}
                )
            rule["score"] = {"type": "proportional", "target": target}
        elif thresholds:
            rule["score"] = {"type": "bands", "thresholds": thresholds}
        if "on_zero" in found:
            zero = _ZEROS.get(_norm(found["on_zero"]))
            if zero is None:
                refuse(
                    _("cannot read “%(value)s” as what a zero gives; write one of: %(choices)s")
                    % {"value": found["on_zero"], "choices": ", ".join(words[0] for words in ZERO_WORDS.values())}
                )
            else:
                rule["on_zero"] = zero
        return rule if readable else None

    def check_expression(self, expression: str, inputs: list[dict[str, str]], refuse: Callable[[str], None]) -> None:
        """A formula that cannot be read is reported here, naming the column, as the validator words it."""
        try:
            parse_formula(expression, known=[i["name"] for i in inputs])
        except FormulaError as error:
            refuse(formula_error_message(error, expression, [i["name"] for i in inputs]))

    def single_value(self, rule_type: str, text: str, where: str, field: str) -> str | None:
        """The number of a manual, proportional or deduction rule ("" when none is typed); None if unreadable.

        Only known words may precede a colon, so a choice's options typed under the wrong method are refused
        rather than read as a number.
        """
        prefix, colon, value = text.rpartition(":")
        if not colon:
            value = text
        value = value.strip().rstrip("%").strip()
        if _ITEM_SPLIT.search(text) or (colon and (_norm(prefix) not in VALUE_PREFIXES[rule_type] or not value)):
            message = _("cannot read “%(text)s”: write one number, e.g. “%(example)s”") % {
                "text": text,
                "example": VALUE_EXAMPLES[rule_type],
            }
            words = {_LINE_KEYS.get(_norm(item.partition(":")[0])) for item in _items(text)}
            if words & {"numerator", "denominator"}:
                message = _("%(message)s; for a rate from two counts, write “%(method)s” in “Cách chấm”") % {
                    "message": message,
                    "method": RULE_WORDS["ratio"][0],
                }
            self.problem(where, field, message)
            return None
        return _dot(value)


@dataclass
class _Entry:
    """One criteria row before the tree is built."""

    code: str
    parent: tuple[str | None, bool]
    cells: dict[str, Any]
    where: str


def _in_loop(index: int, parents: dict[int, int | None]) -> bool:
    current = parents.get(index)
    for _step in range(len(parents) + 1):
        if current is None:
            return False
        if current == index:
            return True
        current = parents.get(current)
    return False


def _path_parts(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(PATH_SEPARATOR))


def _cell(row: tuple[Any, ...], position: int) -> Any:
    # rows of a read-only sheet without reliable dimensions have their own lengths
    return row[position] if position < len(row) else None


def _threshold_min(text: str) -> str:
    value = text.strip()
    for sign in ("≥", ">=", "=>"):
        if value.startswith(sign):
            value = value[len(sign) :]
            break
    return _dot(value.strip().rstrip("%").strip())


def _input_name(head: str) -> str | None:
    """The name of a formula's input line "biến qua_han: …" (as typed, case kept), None if it is not one."""
    words = head.split()
    for prefix in INPUT_PREFIXES:
        size = len(prefix.split())
        if len(words) > size and _norm(" ".join(words[:size])) == prefix:
            return " ".join(words[size:])
    return None


def _threshold_line(line: str) -> dict[str, str] | None:
    """A line "≥90: 2" (or "90: 2", "≥ 90 %: 2") as a threshold, None if it is not one."""
    label, colon, points = line.rpartition(":")
    if not colon:
        return None
    minimum, value = _threshold_min(label), _dot(points.strip())
    try:
        to_decimal(minimum)
        to_decimal(value)
    except ValueError:
        return None
    return {"min": minimum, "points": value}


def _find_sheets(titles: Iterable[str]) -> dict[str, str]:
    """Our sheet name → the title as found in the workbook."""
    found: dict[str, str] = {}
    for title in titles:
        for name, aliases in _SHEET_NAMES.items():
            if _norm(title) in aliases and name not in found:
                found[name] = title
    return found


def read_xlsx(path: Path | str) -> dict[str, Any]:
    """Read a criteria set typed into a workbook as the plain structure the YAML gives (for :func:`parse_framework`).

    Raises :class:`SpecError` with every problem the validator cannot see.
    """
    path = Path(path)
    try:
        check_workbook_size(path)
    except ImportRejected as exc:
        raise SpecError([Problem(path.name, "-", str(exc))]) from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails on a damaged file in many ways (zip, XML, missing parts)
        raise SpecError(
            [Problem(path.name, "-", _("not a readable Excel workbook (.xlsx): %(error)s") % {"error": exc})]
        ) from exc
    try:
        titles = _find_sheets(ws.title for ws in workbook.worksheets)
        sheets: dict[str, list[tuple[Any, ...]]] = {}
        for name, title in titles.items():
            worksheet = workbook[title]
            # the stored dimensions may be wrong (files written by other programs); without them every row is read
            worksheet.reset_dimensions()
            sheets[name] = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
    except Exception as exc:  # a sheet's XML is only parsed here, in read-only mode
        raise SpecError(
            [Problem(path.name, "-", _("not a readable Excel workbook (.xlsx): %(error)s") % {"error": exc})]
        ) from exc
    finally:
        workbook.close()
    return _Reader(sheets, titles).read()


# --- writing -------------------------------------------------------------------------------------------------------
