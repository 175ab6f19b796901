"""Workbooks that used to hurt: the one-cell XFD1048576 file that makes python-calamine panic (a BaseException), a
decompression bomb (a small file whose sheet inflates to hundreds of MB of spaces) and a sheet too long to read.
Each is refused as a bad file, before parsing where it can be: by the shared reader, by ``run-imports`` (the batch
is marked failed, never left "running") and by the task-import page (an error on the page, never a 500)."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from typing import ClassVar
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from openpyxl import Workbook

from parindex.frameworks.spec import SpecError
from parindex.frameworks.xlsx import read_xlsx
from parindex.indicators.models import ImportBatch
from parindex.surveys.xlsform import SurveyFormError, read_xlsform
from parindex.tabular import ImportRejected, read_first_sheet
from parindex.tasks.models import Task
from parindex.tasks.tests.test_task_support import TaskTestCase
from parindex.tests.district import DistrictTestCase, TempDirMixin

MB = 1 << 20


class PanicException(BaseException):
    """What pyo3 raises when Rust code panics (pyo3_runtime.PanicException is not importable by name)."""


def far_corner_xlsx() -> bytes:
    """A workbook whose only cell is the last one Excel has: XFD1048576."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["XFD1048576"] = "x"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rows_xlsx(rows: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number in range(rows):
        sheet.append([f"r{number}", number])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@functools.cache
def whitespace_bomb(megabytes: int) -> bytes:
    """A valid workbook whose sheet1.xml is padded with ``megabytes`` MB of spaces: a few hundred KB on disk."""
    source = zipfile.ZipFile(io.BytesIO(rows_xlsx(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, data)
                continue
            head, mark, tail = data.partition(b"<sheetData")
            with target.open(info.filename, "w", force_zip64=True) as member:
                member.write(head)
                block = b" " * MB
                for _ in range(megabytes):
                    member.write(block)
                member.write(mark + tail)
    return out.getvalue()


class HostileWorkbookReaderTests(TempDirMixin, SimpleTestCase):
    bomb: ClassVar[bytes]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.bomb = whitespace_bomb(210)  # just past the default cap of 200 MB

    def save(self, name: str, content: bytes) -> Path:
        path = self.dir / name
        path.write_bytes(content)
        return path

    def test_the_far_corner_cell_is_refused_as_too_large_a_sheet_without_reaching_calamine(self):
        path = self.save("xfd.xlsx", far_corner_xlsx())
        with (
            mock.patch("python_calamine.CalamineSheet.to_python") as to_python,
            self.assertRaises(ImportRejected) as caught,
        ):
            read_first_sheet(path)
        to_python.assert_not_called()
        self.assertIn("1048576", str(caught.exception))

    @override_settings(PARINDEX_XLSX_MAX_ROWS=10**7, PARINDEX_XLSX_MAX_COLUMNS=10**6)
    def test_a_calamine_panic_is_a_clear_bad_file_error_not_a_base_exception(self):
        path = self.save("xfd.xlsx", far_corner_xlsx())
        with self.assertRaises(ImportRejected) as caught:
            read_first_sheet(path)
        self.assertEqual(caught.exception.problems[0].line, 0)
        self.assertIn("xlsx", str(caught.exception))

    def test_a_decompression_bomb_is_refused_before_anything_parses_it(self):
        self.assertLess(len(self.bomb), MB)
        path = self.save("bomb.xlsx", self.bomb)
        with (
            mock.patch("python_calamine.CalamineWorkbook.from_path") as opened,
            self.assertRaises(ImportRejected) as caught,
        ):
            read_first_sheet(path)
        opened.assert_not_called()
        self.assertIn("200 MB", str(caught.exception))

    def test_the_criteria_set_reader_and_the_xlsform_reader_refuse_the_bomb_too(self):
        with self.assertRaises(SpecError):
            read_xlsx(self.save("bomb.xlsx", self.bomb))
        with self.assertRaises(SurveyFormError) as caught:
            read_xlsform(self.bomb)
        self.assertIn("200 MB", str(caught.exception.problems[0]))

    @override_settings(PARINDEX_XLSX_MAX_UNCOMPRESSED=MB)
    def test_the_cap_is_a_setting(self):
        with self.assertRaises(ImportRejected) as caught:
            read_first_sheet(self.save("small-bomb.xlsx", whitespace_bomb(2)))
        self.assertIn("1 MB", str(caught.exception))

    @override_settings(PARINDEX_XLSX_MAX_ROWS=5)
    def test_a_sheet_longer_than_the_row_cap_is_refused_with_its_length(self):
        with self.assertRaises(ImportRejected) as caught:
            read_first_sheet(self.save("long.xlsx", rows_xlsx(8)))
        self.assertIn("8", str(caught.exception))
        self.assertEqual(len(read_first_sheet(self.save("short.xlsx", rows_xlsx(5)))), 5)

    def test_a_file_that_is_not_a_zip_is_a_bad_workbook(self):
        with self.assertRaises(ImportRejected):
            read_first_sheet(self.save("fake.xlsx", b"PK\x03\x04 not really a zip"))


class RunImportsPanicTests(DistrictTestCase):
    @override_settings(PARINDEX_XLSX_MAX_ROWS=10**7, PARINDEX_XLSX_MAX_COLUMNS=10**6)
    def test_run_imports_marks_the_batch_failed_and_does_not_take_it_again(self):
        self.client.force_login(self.home_affairs)
        self.client.post(
            reverse("indicators:imports"),
            {"kind": "dossiers", "mapping": "", "file": SimpleUploadedFile("hoso.xlsx", far_corner_xlsx())},
        )
        batch = ImportBatch.objects.get()
        call_command("run_imports", verbosity=0)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.REJECTED)
        self.assertIsNotNone(batch.finished_at)
        self.assertIn("xlsx", batch.problems[0]["message"])
        out = io.StringIO()
        call_command("run_imports", "--dry-run", stdout=out)
        self.assertNotIn(str(batch.pk), out.getvalue())

    def test_a_worker_that_meets_any_panic_fails_the_batch_instead_of_dying(self):
        self.client.force_login(self.home_affairs)
        self.client.post(
            reverse("indicators:imports"),
            {"kind": "dossiers", "mapping": "", "file": SimpleUploadedFile("hoso.csv", b"dossier_id\n")},
        )
        with mock.patch("parindex.indicators.worker.import_file", side_effect=PanicException("boom")):
            call_command("run_imports", verbosity=0)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.Status.REJECTED)


class TaskImportPanicTests(TaskTestCase):
    def upload(self, content: bytes) -> object:
        self.client.force_login(self.home_affairs)  # type: ignore[arg-type]
        return self.client.post(
            reverse("assignments:task-import"), {"file": SimpleUploadedFile("nhiem-vu.xlsx", content)}
        )

    def test_the_task_import_page_answers_the_far_corner_file_with_an_error(self):
        tasks = Task.objects.count()
        response = self.upload(far_corner_xlsx())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "1048576")
        self.assertEqual(Task.objects.count(), tasks)

    @override_settings(PARINDEX_XLSX_MAX_ROWS=10**7, PARINDEX_XLSX_MAX_COLUMNS=10**6)
    def test_the_task_import_page_answers_a_calamine_panic_with_an_error(self):
        response = self.upload(far_corner_xlsx())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "xlsx")

    def test_the_task_import_page_refuses_a_bomb(self):
        response = self.upload(whitespace_bomb(210))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "200 MB")
