"""Reading one-stop and document-system exports: the canonical format or a column mapping, CSV (any of the
encodings Vietnamese offices send) or XLSX, every row checked; all or nothing.

A checked file is written out in the canonical form (UTF-8 CSV, ISO times, codes) and merged into the columnar
store by :mod:`parindex.indicators.store`. Nothing is written when any row is bad: the caller gets every bad row with
its line (the spreadsheet's row number for XLSX).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from parindex.frameworks.services import read_yaml
from parindex.indicators import engine
from parindex.org.services import UnitLookup
from parindex.tabular import (
    MAX_NOTE_LENGTH,
    ImportRejected,
    RowProblem,
    cell_text,
    code_problem,
    fold,
    is_iso_moment,
    length_problem,
    non_ascii_digits,
    read_first_sheet,
    stream_csv,
)

MAPPINGS = Path(__file__).resolve().parent / "mappings"
# Every bad row is reported; past this many, the report says how many more there are (the file is refused anyway).
MAX_PROBLEMS = 2000
REQUIRED = {
    "dossiers": ("dossier_id", "unit", "received_at", "due_at", "returned_at", "submission", "recorded", "apology"),
    "logins": ("user", "unit", "at"),
}
OPTIONAL = {"dossiers": ("procedure", "return_by"), "logins": ()}
CANONICAL_VALUES = {
    "submission": {v: v for v in engine.SUBMISSIONS},
    "return_by": {v: v for v in engine.RETURNS},
    "recorded": {"1": "1", "0": "0", "true": "1", "false": "0"},
    "apology": {"1": "1", "0": "0", "true": "1", "false": "0"},
}
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Mapping:
    """How a source system's export maps onto the canonical columns (a YAML file in ``mappings/``)."""

    code: str
    name: str
    kind: str
    columns: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    # The values as the file's authors write them, for messages ("Trực tuyến toàn trình", not its folded key).
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def canonical(cls, kind: str) -> Mapping:
        names = (*REQUIRED[kind], *OPTIONAL[kind])
        spellings = {column: tuple(table) for column, table in CANONICAL_VALUES.items()}
        return cls("canonical", _("canonical format"), kind, {n: (n,) for n in names}, CANONICAL_VALUES, {}, spellings)

    @classmethod
    def from_file(cls, path: Path) -> Mapping:
        data = read_yaml(path.read_text(encoding="utf-8"))
        values = {
            column: {fold(str(raw)): str(value) for raw, value in (table or {}).items()}
            for column, table in (data.get("values") or {}).items()
        }
        # The canonical words are always understood too.
        for column, table in CANONICAL_VALUES.items():
            values.setdefault(column, {}).update({k: v for k, v in table.items() if k not in values[column]})
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            kind=str(data["kind"]),
            columns={
                c: tuple(str(h) for h in (hs if isinstance(hs, list) else [hs])) for c, hs in data["columns"].items()
            },
            values=values,
            defaults={c: str(v) for c, v in (data.get("defaults") or {}).items()},
            spellings={
                column: tuple(str(raw) for raw in table or {}) for column, table in (data.get("values") or {}).items()
            },
        )

    def locate(self, header: list[str]) -> tuple[dict[str, int], list[str]]:
        """Column positions of the canonical names, and the required ones neither found nor defaulted."""
        positions = {fold(name): i for i, name in enumerate(header)}
        found: dict[str, int] = {}
        for column, aliases in self.columns.items():
            for alias in aliases:
                if fold(alias) in positions:
                    found[column] = positions[fold(alias)]
                    break
        missing = [c for c in REQUIRED[self.kind] if c not in found and c not in self.defaults]
        return found, missing


def mappings(kind: str | None = None) -> list[Mapping]:
    shipped = [Mapping.from_file(p) for p in sorted(MAPPINGS.glob("*.yaml"))]
    return [m for m in shipped if kind is None or m.kind == kind]


def choose_mapping(kind: str, header: list[str], code: str | None = None) -> tuple[Mapping, dict[str, int]]:
    """The mapping named ``code``, else the canonical format if the header is canonical, else the first shipped
    mapping whose columns are all there. Refuses the file, naming what is missing, when none fits."""
    candidates = [Mapping.canonical(kind), *mappings(kind)]
    if code:
        candidates = [m for m in candidates if m.code == code]
        if not candidates:
            known = ", ".join(m.code for m in [Mapping.canonical(kind), *mappings(kind)])
            raise ImportRejected(
                [RowProblem(0, _("unknown column mapping %(code)s; known: %(known)s") % {"code": code, "known": known})]
            )
    first_missing: list[str] = []
    for mapping in candidates:
        found, missing = mapping.locate(header)
        if not missing:
            return mapping, found
        if mapping.code == "canonical" or code:
            first_missing = first_missing or missing
    raise ImportRejected(
        [
            RowProblem(
                1,
                _(
                    "the columns are not recognised: missing %(missing)s. Use the canonical header %(header)s or an "
                    "export the shipped column mappings know."
                )
                % {"missing": ", ".join(first_missing), "header": ",".join((*REQUIRED[kind], *OPTIONAL[kind]))},
            )
        ]
    )


# dd/mm/yyyy, with an optional time HH:MM or HH:MM:SS (a dot or a dash also separates the date).
_VN_MOMENT = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", re.ASCII)
# An identifier (dossier number, login name) longer than this is not one.
MAX_ID_LENGTH = 200


def parse_moment(value: Any, end_of_day: bool = False) -> datetime | None:
    """A cell as a local date-time: ISO (2021-03-05 17:00) or Vietnamese (05/03/2021 17:00), or a date cell of a
    workbook. A date without a time is the start of the day, or its end for a deadline (``end_of_day``): a dossier
    due on 05/03/2021 and returned that afternoon is on time. Empty gives None; anything else raises ValueError."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time.max.replace(microsecond=0) if end_of_day else time.min)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(_("a number, not a date: format the column as dates (dd/mm/yyyy hh:mm)"))
    text = str(value).strip()
    if not text:
        return None
    has_time = True
    if non_ascii_digits(text):
        raise ValueError(_("“%(value)s”: use only the digits 0–9") % {"value": text[:40]})
    match = _VN_MOMENT.fullmatch(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        has_time = hour is not None
        try:
            moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a valid date") % {"value": text}) from None
    else:
        try:
            if not is_iso_moment(text):
                raise ValueError(text)
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write dd/mm/yyyy hh:mm or yyyy-mm-dd hh:mm") % {"value": text[:40]}
            ) from None
        has_time = len(text) > 10
        moment = moment.replace(tzinfo=None, microsecond=0)
    if end_of_day and not has_time:
        moment = datetime.combine(moment.date(), time(23, 59, 59))
    return moment


@dataclass
class Checked:
    """A file that passed every check, written out in the canonical form."""

    mapping: Mapping
    rows: int
    path: Path
    unit_ids: set[int] = field(default_factory=set)


class UnitIndex:
    """Units by code or by name, as exports write them (case and spacing do not matter); ``allowed`` (None: all)
    are the units the person importing may bring data for."""

    def __init__(self, allowed: set[int] | None = None) -> None:
        self.allowed = allowed
        self.lookup = UnitLookup()

    def get(self, text: str) -> int | None:
        unit = self.lookup.get(text)
        return None if unit is None else unit.pk


@contextmanager
def _rows(path: Path) -> Iterator[tuple[list[str], Iterator[tuple[int, list[Any]]], int]]:
    """(header, rows with their line, an estimate of the row count) of a CSV or the first sheet of an XLSX."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheet = read_first_sheet(path)
        header = [cell_text(v) for v in sheet[0]]
        yield header, ((i, row) for i, row in enumerate(sheet[1:], start=2)), len(sheet) - 1
        return
    size = path.stat().st_size
    with stream_csv(path) as stream:
        # About 120 bytes a row: enough for a progress bar.
        yield stream.header, iter(stream.rows), max(1, size // 120)


class _Rows:
    """Checks of one kind of row; each returns the canonical cells or the row's problems."""

    def __init__(self, kind: str, mapping: Mapping, found: dict[str, int], units: UnitIndex, header: list[str]) -> None:
        self.kind, self.mapping, self.found, self.units = kind, mapping, found, units
        # Problems name the column as the file heads it ("Ngày tiếp nhận"), not by its canonical name.
        self.labels = {column: header[position] for column, position in found.items()}
        self.seen: dict[str, int] = {}
        self.unit_ids: set[int] = set()

    def label(self, column: str) -> str:
        return self.labels.get(column, column)

    def raw(self, cells: list[Any], column: str) -> Any:
        position = self.found.get(column)
        value = cells[position] if position is not None and position < len(cells) else None
        if (value is None or cell_text(value) == "") and column in self.mapping.defaults:
            return self.mapping.defaults[column]
        return value

    def word(self, cells: list[Any], column: str, problems: list[str], required: bool = True) -> str:
        text = cell_text(self.raw(cells, column))
        if not text:
            if required:
                problems.append(_("%(column)s is empty") % {"column": self.label(column)})
            return ""
        table = self.mapping.values.get(column, {})
        value = table.get(fold(text))
        if value is None:
            allowed = ", ".join(self.mapping.spellings.get(column, ()))
            problems.append(
                _("%(column)s “%(value)s” is not known; expected one of: %(allowed)s")
                % {"column": self.label(column), "value": text, "allowed": allowed}
            )
            return ""
        return value

    def moment(self, cells: list[Any], column: str, problems: list[str], end_of_day: bool = False) -> datetime | None:
        try:
            return parse_moment(self.raw(cells, column), end_of_day=end_of_day)
        except ValueError as exc:
            problems.append(f"{self.label(column)}: {exc}")
            return None

    def unit(self, cells: list[Any], problems: list[str]) -> int | None:
        text = cell_text(self.raw(cells, "unit"))
        unit_id = self.units.get(text) if text else None
        if unit_id is not None and self.units.allowed is not None and unit_id not in self.units.allowed:
            problems.append(_("unit “%(unit)s” is outside the units you manage") % {"unit": text})
            return None
        if unit_id is None:
            problems.append(
                _("unknown unit “%(unit)s”: use a unit code or name from the unit list") % {"unit": text}
                if text
                else _("%(column)s is empty") % {"column": self.label("unit")}
            )
        else:
            self.unit_ids.add(unit_id)
        return unit_id

    def dossier(self, line: int, cells: list[Any], problems: list[str]) -> list[Any]:
        dossier_id = cell_text(self.raw(cells, "dossier_id"))
        if not dossier_id:
            problems.append(_("%(column)s is empty") % {"column": self.label("dossier_id")})
        elif bad := code_problem(dossier_id, MAX_ID_LENGTH):
            problems.append(f"{self.label('dossier_id')}: {bad}")
        elif dossier_id in self.seen:
            problems.append(
                _("dossier %(id)s appears twice (first on line %(line)s)")
                % {"id": dossier_id, "line": self.seen[dossier_id]}
            )
        else:
            self.seen[dossier_id] = line
        unit_id = self.unit(cells, problems)
        received = self.moment(cells, "received_at", problems)
        due = self.moment(cells, "due_at", problems, end_of_day=True)
        returned = self.moment(cells, "returned_at", problems)
        for column, moment in (("received_at", received), ("due_at", due)):
            if moment is None and not any(p.startswith(self.label(column)) for p in problems):
                problems.append(_("%(column)s is empty") % {"column": self.label(column)})
        if received and returned and returned < received:
            problems.append(
                _("returned %(returned)s before it was received %(received)s")
                % {"returned": f"{returned:%d/%m/%Y %H:%M}", "received": f"{received:%d/%m/%Y %H:%M}"}
            )
        if received and due and due < received:
            problems.append(
                _("due %(due)s before it was received %(received)s")
                % {"due": f"{due:%d/%m/%Y %H:%M}", "received": f"{received:%d/%m/%Y %H:%M}"}
            )
        submission = self.word(cells, "submission", problems)
        return_by = self.word(cells, "return_by", problems, required=False)
        recorded = self.word(cells, "recorded", problems)
        apology = self.word(cells, "apology", problems)
        procedure = cell_text(self.raw(cells, "procedure"))
        if too_long := length_problem(self.label("procedure"), procedure, MAX_NOTE_LENGTH):
            problems.append(too_long)
        return [
            dossier_id,
            unit_id,
            procedure,
            received,
            due,
            returned,
            submission,
            return_by,
            recorded == "1",
            apology == "1",
        ]

    def login(self, line: int, cells: list[Any], problems: list[str]) -> list[Any]:
        user = cell_text(self.raw(cells, "user"))
        if not user:
            problems.append(_("%(column)s is empty") % {"column": self.label("user")})
        elif bad := code_problem(user, MAX_ID_LENGTH):
            problems.append(f"{self.label('user')}: {bad}")
        unit_id = self.unit(cells, problems)
        at = self.moment(cells, "at", problems)
        if at is None and not any(p.startswith(self.label("at")) for p in problems):
            problems.append(_("%(column)s is empty") % {"column": self.label("at")})
        return [user, unit_id, at]


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def check_file(
    kind: str,
    path: Path,
    out: Path,
    mapping_code: str | None = None,
    progress: Progress | None = None,
    allowed_units: set[int] | None = None,
) -> Checked:
    """Check every row of ``path`` and write the canonical CSV to ``out``; ImportRejected lists every bad row."""
    problems: list[RowProblem] = []
    total_problems = 0
    units = UnitIndex(allowed_units)
    with _rows(path) as (header, rows, estimate), open(out, "w", encoding="utf-8", newline="") as handle:
        mapping, found = choose_mapping(kind, header, mapping_code)
        checker = _Rows(kind, mapping, found, units, header)
        check = checker.dossier if kind == "dossiers" else checker.login
        writer = csv.writer(handle)
        writer.writerow(list(engine.DOSSIER_SCHEMA if kind == "dossiers" else engine.LOGIN_SCHEMA))
        count = 0
        for line, cells in rows:
            if not any(cell_text(c) for c in cells):
                continue
            row_problems: list[str] = []
            values = check(line, cells, row_problems)
            count += 1
            if row_problems:
                total_problems += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(RowProblem(line, "; ".join(row_problems)))
            elif not total_problems:
                writer.writerow([_csv_value(v) for v in values])
            if progress and count % 20000 == 0:
                progress(min(0.95, count / estimate), _("checking rows"))
    if total_problems > len(problems):
        problems.append(RowProblem(0, _("and %(count)s more bad rows") % {"count": total_problems - len(problems)}))
    if problems:
        raise ImportRejected(problems)
    if not count:
        raise ImportRejected([RowProblem(0, _("the file has no data rows"))])
    return Checked(mapping=mapping, rows=count, path=out, unit_ids=checker.unit_ids)
