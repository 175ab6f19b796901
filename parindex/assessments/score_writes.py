"""The set-based half of ``import-scores``: reading a score file column by column, and writing its checked rows.

An import runs to 350,000 rows (3,500 units × 100 leaves), so nothing here works row by row beyond one plain loop:

- :func:`read_score_columns` turns a plain file (no quoted cell) into four columns with one ``csv`` pass; any other
  file goes through :func:`parindex.tabular.read_csv`, which gives the same rows or refuses the file by line;
- :func:`write_import` reads the stored scores of the campaign once as plain values, inserts the new ones through a
  staging table (filled by COPY on PostgreSQL) and one ``INSERT … SELECT``, updates the changed ones in one
  statement (:func:`parindex.dbbulk.update_rows`: COPY into a staging table, then ``UPDATE … FROM`` it on
  PostgreSQL), and audits **one entry per unit** holding the before/after of every leaf it changed
  (:mod:`parindex.audit.grouped`): a leaf's history and ``verify-audit`` read each leaf's change from it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field

from parindex.assessments.models import Score, stage_snapshot
from parindex.audit.grouped import LEAVES_TYPE, pack
from parindex.audit.services import Actor, Change, record_many
from parindex.dbbulk import update_rows
from parindex.scoring.numbers import plain
from parindex.tabular import decode

SCORE_COLUMNS = ("unit", "criterion", "score", "note")
# What a new score row holds, in this order (the stage's own columns are filled from the file).
NEW_SCORE_FIELDS = [
    "campaign",
    "unit",
    "criterion",
    "self_score",
    "self_na",
    "appraised_score",
    "appraised_na",
    "final_score",
    "final_na",
    "note",
    "appraisal_note",
    "round1_na",
    "updated_at",
]
SELF_UPDATE_FIELDS = ["self_score", "self_na", "final_score", "final_na", "note", "updated_at"]
APPRAISED_UPDATE_FIELDS = ["appraised_score", "appraised_na", "final_score", "final_na", "note", "updated_at"]

Cell = tuple[Decimal | None, bool]  # (points, not applicable)


@dataclass(frozen=True)
class ScoreColumns:
    """A score file's data rows as columns (cells trimmed), each row with the physical line it is on."""

    lines: list[int]
    units: list[str]
    criteria: list[str]
    scores: list[str]
    notes: list[str]


def read_score_columns(path: Path | str, encoding: str | None = None) -> ScoreColumns | None:
    """The file's columns, or None when it needs the general reader: it cannot be read or decoded, it has a quoted
    cell (which may span lines), a NUL character, a row longer than the header or lacks a required column. Blank rows
    are skipped and a repeated header name takes its last column, as :func:`parindex.tabular.parse_csv_text` does."""
    try:
        text = decode(Path(path).read_bytes(), encoding)
    except (OSError, UnicodeDecodeError, LookupError):
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if '"' in text or "\x00" in text:
        return None
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter if counts[delimiter] else ","))
    except csv.Error:
        return None
    if not rows:
        return None
    header = [name.strip().lower() for name in rows[0]]
    if any(name not in header for name in SCORE_COLUMNS[:3]) or max(map(len, rows)) > len(header):
        return None
    at = {name: len(header) - 1 - header[::-1].index(name) for name in SCORE_COLUMNS if name in header}
    data = rows[1:]
    if not data:
        return None
    # Without a quoted cell every row is one physical line: data row i (from 0) is on line i + 2.
    lines = list(range(2, len(data) + 2))
    if (
        not all(data)
        or min(map(len, data)) <= max(at.values())
        or "" in map(str.strip, map(itemgetter(at["unit"]), data))
    ):
        # Blank or short rows: skip the blank ones (every cell empty), read a missing cell as empty.
        kept = [(line, row) for line, row in zip(lines, data, strict=True) if "".join(row).strip()]
        width = len(header)
        lines = [line for line, _row in kept]
        data = [row + [""] * (width - len(row)) for _line, row in kept]

    def column(name: str) -> list[str]:
        i = at.get(name)
        if i is None:
            return [""] * len(data)
        return list(map(str.strip, map(itemgetter(i), data)))

    return ScoreColumns(
        lines=lines,
        units=column("unit"),
        criteria=column("criterion"),
        scores=column("score"),
        notes=column("note"),
    )


@dataclass(frozen=True)
class Written:
    created: int
    updated: int
    unchanged: int


def write_import(
    campaign_id: int,
    self_stage: bool,
    action: str,
    rows: tuple[list[int], list[int], list[Cell], list[str]],
    actor: Actor,
    reason: str,
    now: datetime,
) -> Written:
    """Store checked rows (unit ids, leaf ids, cells, notes: one (unit, leaf) each) into one stage of the campaign's
    scores and audit one entry per unit that changed. Call inside a transaction."""
    unit_ids, leaf_ids, cells, notes = rows
    stored = _stored(campaign_id, self_stage)
    # New rows go in as they are, adapted here once per distinct value: the time, and each distinct cell's points.
    real = connections[DEFAULT_DB_ALIAS]
    at = Score._meta.get_field("updated_at").get_db_prep_save(now, real)
    prep_points = Score._meta.get_field("final_score").get_db_prep_save
    adapted: dict[Cell, tuple[Any, bool]] = {cell: (prep_points(cell[0], real), cell[1]) for cell in set(cells)}
    if real.vendor == "sqlite":
        # What sqlite3's registered Decimal adapter (str) would do per cell, done once per distinct value.
        adapted = {cell: (None if points is None else str(points), na) for cell, (points, na) in adapted.items()}
    snapshots: dict[Cell, list[Any]] = {}  # one packed state per distinct cell (parindex.audit.grouped)

    def snap(cell: Cell) -> list[Any]:
        found = snapshots.get(cell)
        if found is None:
            found = snapshots[cell] = pack(stage_snapshot(*cell)["score"], cell[1])
        return found

    befores: dict[int, dict[str, list[Any]]] = {}
    afters: dict[int, dict[str, list[Any]]] = {}
    new_rows: list[tuple[int, int, Cell, str]] = []
    changed: list[tuple[Any, ...]] = []
    unchanged = 0
    for unit_id, leaf_id, cell, note in zip(unit_ids, leaf_ids, cells, notes, strict=True):
        old = stored.get((unit_id, leaf_id))
        after = afters.get(unit_id)
        if after is None:
            after = afters[unit_id] = {}
        if old is None:
            new_rows.append((unit_id, leaf_id, cell, note))
            after[str(leaf_id)] = snap(cell)
            continue
        pk, own_cell, other_cell, value, old_note = old
        before_state = snap(own_cell)
        after_state = snap(cell)
        if value is not None:  # a self score keeps the value behind it: its snapshot shows it on both sides
            before_state = pack(before_state[0], before_state[1], plain(value))
            after_state = pack(after_state[0], after_state[1], plain(value))
        if own_cell == cell and (not note or note == old_note):
            unchanged += 1
            continue
        # The final figure: the appraised one once there is one, else the self score.
        appraised = other_cell if self_stage else cell
        final = appraised if appraised[0] is not None or appraised[1] else (cell if self_stage else other_cell)
        changed.append((*cell, *final, note or old_note, now, pk))
        befores.setdefault(unit_id, {})[str(leaf_id)] = before_state
        after[str(leaf_id)] = after_state
    _insert_new(campaign_id, self_stage, new_rows, adapted, at)
    update_rows(Score, SELF_UPDATE_FIELDS if self_stage else APPRAISED_UPDATE_FIELDS, changed)
    changes = [
        Change(
            action,
            LEAVES_TYPE,
            f"{campaign_id}:{unit_id}",
            f"{campaign_id}/{unit_id}: {len(after)}",
            befores.get(unit_id) or None,
            after,
            campaign_id=campaign_id,
            unit_id=unit_id,
        )
        for unit_id, after in afters.items()
        if after
    ]
    record_many(actor, changes, reason)
    return Written(created=len(new_rows), updated=len(changed), unchanged=unchanged)


def _insert_new(
    campaign_id: int,
    self_stage: bool,
    rows: list[tuple[int, int, Cell, str]],
    adapted: dict[Cell, tuple[Any, bool]],
    at: Any,
) -> None:
    """Insert the new scores through a staging table of (row number, unit, leaf, cell number, note), filled by COPY on
    PostgreSQL (one text stream) and one prepared INSERT on SQLite, then one ``INSERT … SELECT`` joining the few
    distinct cells: four values cross from Python per row instead of thirteen, and the database does the rest."""
    if not rows:
        return
    number = {cell: i for i, cell in enumerate(adapted)}
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(cast(Field, Score._meta.get_field(name)).column)) for name in NEW_SCORE_FIELDS)
    own_sql = "c.points, c.na, NULL, %s" if self_stage else "NULL, %s, c.points, c.na"
    postgres = connection.vendor == "postgresql"
    temp = "pg_temp." if postgres else "temp."
    stage, cells = f"{temp}score_import_stage", f"{temp}score_import_cell"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"DROP TABLE IF EXISTS {cells}")
        cursor.execute(
            "CREATE TEMPORARY TABLE score_import_stage "
            "(n INTEGER, unit_id BIGINT, criterion_id BIGINT, cell INTEGER, note TEXT)"
        )
        points_type, na_type = ("NUMERIC(9, 2)", "BOOLEAN") if postgres else ("", "INTEGER")
        cursor.execute(
            f"CREATE TEMPORARY TABLE score_import_cell (cell INTEGER PRIMARY KEY, points {points_type}, na {na_type})"
        )
        cursor.executemany(
            f"INSERT INTO {cells} VALUES (%s, %s, %s)",  # noqa: S608
            [(i, points, na) for cell, i in number.items() for points, na in [adapted[cell]]],
        )
        if postgres:
            text = "".join(
                f"{n}\t{unit_id}\t{leaf_id}\t{number[cell]}\t{_copy_text(note) if note else ''}\n"
                for n, (unit_id, leaf_id, cell, note) in enumerate(rows)
            )
            with cursor.cursor.copy(f"COPY {stage} (n, unit_id, criterion_id, cell, note) FROM STDIN") as copy:
                copy.write(text)
        else:
            cursor.executemany(
                f"INSERT INTO {stage} VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                [(n, unit_id, leaf_id, number[cell], note) for n, (unit_id, leaf_id, cell, note) in enumerate(rows)],
            )
        cursor.execute(
            f"INSERT INTO {quote(Score._meta.db_table)} ({names}) "  # noqa: S608
            f"SELECT %s, s.unit_id, s.criterion_id, {own_sql}, c.points, c.na, s.note, '', %s, %s "
            f"FROM {stage} s JOIN {cells} c ON c.cell = s.cell ORDER BY s.n",
            [campaign_id, False, False, at],
        )
        cursor.execute(f"DROP TABLE {stage}")
        cursor.execute(f"DROP TABLE {cells}")


def _copy_text(text: str) -> str:
    """A value in COPY's text format: backslash, tab, newline and carriage return escaped."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _stored(campaign_id: int, self_stage: bool) -> dict[tuple[int, int], tuple[Any, ...]]:
    """(unit id, leaf id) → (score id, this stage's cell, the other stage's cell, the self value, the note) of every
    score the campaign holds: one plain SELECT."""
    rows = Score.objects.filter(campaign_id=campaign_id).values_list(
        "unit_id",
        "criterion_id",
        "pk",
        "self_score",
        "self_na",
        "appraised_score",
        "appraised_na",
        "self_value",
        "note",
    )
    stored: dict[tuple[int, int], tuple[Any, ...]] = {}
    for unit_id, leaf_id, pk, self_score, self_na, appraised, appraised_na, value, note in rows:
        own, other = ((self_score, self_na), (appraised, appraised_na))
        if not self_stage:
            own, other = other, own
        stored[(unit_id, leaf_id)] = (pk, own, other, value if self_stage else None, note)
    return stored
