"""Importing the unit tree from a CSV file (``parindex import-units``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record_many
from parindex.org.models import Unit, UnitGroup
from parindex.tabular import ImportRejected, RowProblem, fold, length_problem, read_csv

_NAME_LENGTH = Unit._meta.get_field("name").max_length or 255
_PATH_LENGTH = Unit._meta.get_field("path").max_length or 1000
UNIT_CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{0,49}$")


@dataclass(frozen=True)
class UnitsImported:
    created: int
    updated: int
    unchanged: int
    groups_created: int


@dataclass(frozen=True)
class _Row:
    line: int
    code: str
    name: str
    parent: str
    group: str


def import_units(path: Path | str, actor: Actor, encoding: str | None = None) -> UnitsImported:
    """Create or update units by code; all rows or none. Every bad row is reported with its line."""
    table = read_csv(path, required=("code", "name", "parent", "group"), encoding=encoding)
    problems: list[RowProblem] = []
    rows: dict[str, _Row] = {}
    for line, cells in table.rows:
        row = _Row(line, cells["code"], cells["name"], cells["parent"], cells["group"])
        if not row.code:
            problems.append(RowProblem(line, _("the unit code is empty")))
            continue
        if not UNIT_CODE_RE.match(row.code):
            problems.append(
                RowProblem(
                    line, _("unit code “%(code)s”: use letters, digits, dot, dash or underscore") % {"code": row.code}
                )
            )
            continue
        if row.code in rows:
            problems.append(
                RowProblem(
                    line,
                    _("unit %(code)s is listed twice (first on line %(first)s)")
                    % {"code": row.code, "first": rows[row.code].line},
                )
            )
            continue
        if not row.name:
            problems.append(RowProblem(line, _("unit %(code)s has no name") % {"code": row.code}))
        elif too_long := length_problem(_("the name"), row.name, _NAME_LENGTH):
            problems.append(RowProblem(line, too_long))
        if row.group and not UNIT_CODE_RE.match(row.group):
            problems.append(RowProblem(line, _("group code “%(code)s” is not valid") % {"code": row.group}))
        rows[row.code] = row

    existing = {u.code: u for u in Unit.objects.select_related("parent", "group")}
    # The tree as it will be after the import: file rows override the database.
    parent_of = {code: (u.parent.code if u.parent else "") for code, u in existing.items()}
    parent_of.update({code: row.parent for code, row in rows.items()})
    # as long as the largest id the table may reach after this import
    id_length = len(str(len(rows) + (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)))
    for code, row in rows.items():
        if row.parent and row.parent not in parent_of:
            problems.append(RowProblem(row.line, _("unknown parent unit %(code)s") % {"code": row.parent}))
        elif row.parent == code:
            problems.append(RowProblem(row.line, _("unit %(code)s is its own parent") % {"code": code}))
        elif row.parent and _closes_cycle(code, parent_of):
            problems.append(
                RowProblem(
                    row.line,
                    _("unit %(code)s would be under itself (a cycle through %(parent)s)")
                    % {"code": code, "parent": row.parent},
                )
            )
        elif row.parent and _path_length(code, parent_of, id_length) > _PATH_LENGTH:
            problems.append(
                RowProblem(
                    row.line,
                    _("unit %(code)s is nested too deep (%(levels)s levels under the top)")
                    % {"code": code, "levels": _depth(code, parent_of)},
                )
            )
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))

    with transaction.atomic():
        groups = {g.code: g for g in UnitGroup.objects.all()}
        new_groups = [
            UnitGroup(code=c, name=c) for c in sorted({r.group for r in rows.values() if r.group} - set(groups))
        ]
        for group in UnitGroup.objects.bulk_create(new_groups):
            groups[group.code] = group
        created = updated = unchanged = 0
        changes: list[Change] = []
        for code in _parents_first(rows, parent_of):
            row = rows[code]
            unit = existing.get(code)
            before = unit.snapshot() if unit else None
            if unit is None:
                unit = Unit(code=code)
            unit.name = row.name
            unit.parent = existing.get(row.parent) if row.parent else None
            unit.group = groups.get(row.group) if row.group else None
            after = unit.snapshot()
            if before == after:
                unchanged += 1
                continue
            unit.save()
            existing[code] = unit
            created, updated = (created + 1, updated) if before is None else (created, updated + 1)
            changes.append(unit.to_change(Action.UNIT_CHANGED, before, after))
        record_many(actor, changes, reason=_("import of %(file)s") % {"file": Path(path).name})
    return UnitsImported(created, updated, unchanged, len(new_groups))


def _depth(code: str, parent_of: dict[str, str]) -> int:
    """How many units stand above ``code`` in the tree after the import (the tree has no cycle here)."""
    depth, seen = 0, {code}
    while (code := parent_of.get(code, "")) and code not in seen:
        seen.add(code)
        depth += 1
    return depth


def _path_length(code: str, parent_of: dict[str, str], id_length: int) -> int:
    """The longest the unit's stored path ("/12/345/…/") can be: one id per level, each ``id_length`` digits long.
    PostgreSQL refuses a path longer than the column rather than cut it."""
    return 1 + (_depth(code, parent_of) + 1) * (id_length + 1)


def _closes_cycle(code: str, parent_of: dict[str, str]) -> bool:
    seen = {code}
    current = parent_of.get(code, "")
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current, "")
    return False


def _parents_first(rows: dict[str, _Row], parent_of: dict[str, str]) -> list[str]:
    def depth(code: str) -> int:
        n, current = 0, parent_of.get(code, "")
        while current:
            n, current = n + 1, parent_of.get(current, "")
        return n

    return sorted(rows, key=lambda code: (depth(code), rows[code].line))


class UnitLookup:
    """Active units by code or by name, as people and exports write them (case and spacing do not matter); a code
    wins over another unit's identical name."""

    def __init__(self) -> None:
        self.by_key: dict[str, Unit] = {}
        units = list(Unit.objects.filter(is_active=True).only("pk", "code", "name", "path"))
        for unit in units:
            self.by_key.setdefault(fold(unit.name), unit)
        for unit in units:
            self.by_key[fold(unit.code)] = unit

    def get(self, text: str) -> Unit | None:
        return self.by_key.get(fold(text))
