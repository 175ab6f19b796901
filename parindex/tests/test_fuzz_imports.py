"""Fuzzing the importers (hypothesis, derandomized so CI is reproducible): import-units, import-scores, the
indicator dossier and login imports, survey responses and tasks each get about 1,000 hostile files in all — CSV in
every encoding offices send (then cut or with bytes flipped), workbooks with hostile cells, damaged zips and raw
bytes. Every file either imports or is refused with the importers' own error (ImportRejected): never another
exception, and a refused file writes nothing (row counts and the indicator store unchanged)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from parindex.assessments.models import Result, Score
from parindex.assessments.services import Stage, import_scores
from parindex.audit.models import AuditEntry
from parindex.indicators import store
from parindex.indicators.models import Figure
from parindex.indicators.services import import_file as import_indicators
from parindex.org.models import Unit, UnitGroup
from parindex.org.services import import_units
from parindex.surveys.imports import import_file as import_responses
from parindex.surveys.models import Answer, Response, Survey
from parindex.surveys.tests.collecting import kobo_header, make_survey
from parindex.tabular import ImportRejected
from parindex.tasks.imports import import_tasks
from parindex.tasks.models import Task, TaskUnit
from parindex.tasks.tests.test_task_support import HEADER as TASK_HEADER
from parindex.tests.district import ACTOR, DistrictTestCase, TempDirMixin

# 1,000 files in all (the max_examples of the tests below), in about 40 s on SQLite.
FUZZ = settings(
    derandomize=True,
    database=None,  # no example database written into the work tree
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# Cells that have broken importers somewhere: real codes (so rows get deep into the checks), formulas, Unicode and
# huge numbers, impossible dates, control characters, separators and quotes, overlong text.
TOKENS = [
    "",
    " ",
    "X-AN",
    "X-BINH",
    "Xã An Bình",
    "H",
    "CQ-NV",
    "xa",
    "1.1",
    "1.2",
    "2.1",
    "I/1.1",
    "1",
    "0",
    "0,5",
    "-1",
    "2.555",
    "1e3",
    "NaN",
    "Infinity",
    "١",
    "５",
    "٣٫٥",
    "𝟙",
    "9" * 400,
    "1" * 5000,
    "2021-03-01 08:00",
    "01/03/2021 09:00",
    "31/02/2021",
    "2021-13-45",
    "٠١/٠٣/٢٠٢١",
    "05/01/2026",
    "30/06/2026",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
    "@SUM(1+1)",
    "x\x00y",
    "a\nb",
    "a\r\nb",
    "\t",
    '"',
    '""',
    ";",
    ",",
    "\ufeff",
    "\u202e",
    "uuid:a1",
    "a1",
    "direct",
    "online_full",
    "rat_hai_long",
    "hai_long",
    "Ấ" * 300,
    "NV-10",
    "1/KH-UBND",
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258", "cp1252", "latin-1"]

HEADERS = {
    "units": ["code", "name", "parent", "group"],
    "scores": ["unit", "criterion", "score", "note"],
    "dossiers": [
        "dossier_id",
        "unit",
        "procedure",
        "received_at",
        "due_at",
        "returned_at",
        "submission",
        "return_by",
        "recorded",
        "apology",
    ],
    "logins": ["user", "unit", "at"],
    "responses": kobo_header(),
    "tasks": list(TASK_HEADER),
}

cell = st.one_of(st.sampled_from(TOKENS), st.text(max_size=12))
rows = st.lists(st.lists(cell, max_size=14), max_size=6)


@st.composite
def csv_files(draw: st.DrawFn, kind: str) -> bytes:
    """A CSV with the importer's header (sometimes cut or shuffled) and hostile rows, in one of the encodings
    offices send, then maybe truncated or with a byte flipped; or plain random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    header = list(HEADERS[kind])
    if draw(st.booleans()):
        header = draw(st.permutations(header))[: draw(st.integers(1, len(header)))]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])), lineterminator="\n")
    writer.writerow(header)
    writer.writerows(draw(rows))
    data = out.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return _mutated(draw, data, draw(st.integers(0, 5)))


def _mutated(draw: st.DrawFn, data: bytes, mutation: int) -> bytes:
    """``data`` cut (mutation 0) or with one byte replaced (1), at a place drawn as a fraction of its length: a
    workbook's length varies with the time it is saved at, and hypothesis needs the same draws every run."""
    if mutation > 1 or not data:
        return data
    at = draw(st.integers(0, 999)) * len(data) // 1000
    if mutation == 0:
        return data[:at]
    return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]


def _stable(data: bytes) -> bytes:
    """The workbook with the save time taken out (zip entry dates, docProps/core.xml), so the same draws give the
    same bytes on every run, as hypothesis requires."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-01-01T00:00:00Z", content)
            target.writestr(zipfile.ZipInfo(info.filename, (2026, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@st.composite
def xlsx_files(draw: st.DrawFn, kind: str) -> bytes:
    """A workbook with the importer's header and hostile cells (text, numbers, dates, booleans); sometimes a title
    row above the header, sometimes the zip damaged."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if draw(st.booleans()):
        sheet.append(["Danh sách"])
    sheet.append(HEADERS[kind])
    value = st.one_of(
        cell,
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
        st.booleans(),
    )
    for row in draw(st.lists(st.lists(value, max_size=12), max_size=5)):
        sheet.append([_xlsx_value(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return _mutated(draw, _stable(out.getvalue()), draw(st.integers(0, 7)))


class FuzzImportsTests(TempDirMixin, HypothesisTestCase, DistrictTestCase):
    """Each example runs in its own transaction (hypothesis' Django test case), rolled back after it."""

    survey: ClassVar[Survey]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.survey = make_survey()

    def snapshot(self) -> tuple[Any, ...]:
        counts = tuple(
            model.objects.count()
            for model in (Unit, UnitGroup, Score, Result, AuditEntry, Task, TaskUnit, Response, Answer, Figure)
        )
        digest = hashlib.sha256()
        for path in sorted(p for p in store.store_dir().rglob("*") if p.is_file()):
            digest.update(path.name.encode() + path.read_bytes())
        return counts, digest.hexdigest()

    def imports_or_refuses(self, data: bytes, suffix: str, run: Callable[[Path], Any]) -> None:
        """The file imports, or is refused with ImportRejected and writes nothing; anything else fails the test.
        Each example runs in a transaction rolled back afterwards, so examples do not see each other's data."""
        path = self.dir / f"fuzz{suffix}"
        path.write_bytes(data)
        with transaction.atomic():
            before = self.snapshot()
            try:
                run(path)
            except ImportRejected as exc:
                self.assertTrue(exc.problems)
                self.assertEqual(self.snapshot(), before, "a refused import wrote something")
            transaction.set_rollback(True)

    @settings(FUZZ, max_examples=300)
    @given(data=csv_files("units"))
    def test_import_units(self, data: bytes) -> None:
        self.imports_or_refuses(data, ".csv", lambda path: import_units(path, ACTOR))

    @settings(FUZZ, max_examples=250)
    @given(data=csv_files("scores"))
    def test_import_scores(self, data: bytes) -> None:
        self.imports_or_refuses(data, ".csv", lambda path: import_scores(self.campaign, path, Stage.APPRAISED, ACTOR))

    @settings(FUZZ, max_examples=110)
    @given(data=st.one_of(csv_files("dossiers"), xlsx_files("dossiers")), suffix=st.sampled_from([".csv", ".xlsx"]))
    def test_import_dossiers(self, data: bytes, suffix: str) -> None:
        self.imports_or_refuses(data, suffix, lambda path: import_indicators("dossiers", path, ACTOR))

    @settings(FUZZ, max_examples=100)
    @given(data=st.one_of(csv_files("logins"), xlsx_files("logins")), suffix=st.sampled_from([".csv", ".xlsx"]))
    def test_import_logins(self, data: bytes, suffix: str) -> None:
        self.imports_or_refuses(data, suffix, lambda path: import_indicators("logins", path, ACTOR))

    @settings(FUZZ, max_examples=120)
    @given(data=st.one_of(csv_files("responses"), xlsx_files("responses")), suffix=st.sampled_from([".csv", ".xlsx"]))
    def test_import_responses(self, data: bytes, suffix: str) -> None:
        self.imports_or_refuses(data, suffix, lambda path: import_responses(self.survey, path, ACTOR))

    @settings(FUZZ, max_examples=120)
    @given(data=st.one_of(xlsx_files("tasks"), csv_files("tasks")))
    def test_import_tasks(self, data: bytes) -> None:
        self.imports_or_refuses(data, ".xlsx", lambda path: import_tasks(path, ACTOR))
