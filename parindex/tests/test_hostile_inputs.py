"""Import files that used to end in a traceback or a wrong figure: CSV fields over the csv module's limit,
odd-length UTF-16, names and unit paths longer than their columns, Unicode digits, a 5,000-digit "date", NUL
bytes and line breaks in ids, duplicate login rows, 5 MB notes. Each gets a clear, line-numbered refusal (and
nothing is written), or is handled."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command
from openpyxl import Workbook

from parindex.assessments.models import Score
from parindex.assessments.services import Stage, import_scores
from parindex.deadlines.models import Holiday
from parindex.indicators.imports import parse_moment
from parindex.indicators.models import Figure
from parindex.indicators.services import import_file
from parindex.org.models import Unit
from parindex.org.services import import_units
from parindex.scoring.numbers import to_decimal
from parindex.surveys.imports import parse_moment as survey_moment
from parindex.tabular import CSV_FIELD_LIMIT, ImportRejected, read_csv
from parindex.tasks.imports import import_tasks, parse_day_and_time
from parindex.tasks.models import Task
from parindex.tasks.tests.test_task_support import HEADER as TASK_HEADER
from parindex.tests.district import ACTOR, DistrictTestCase, TempDirMixin, write

DOSSIER_HEADER = "dossier_id,unit,procedure,received_at,due_at,returned_at,submission,return_by,recorded,apology"
DOSSIER = "D1,X-AN,Hộ tịch,2021-03-01 08:00,2021-03-05 17:00,2021-03-04 10:00,direct,direct,1,0"
TASK = ["NV-10", "1/KH-UBND", "05/01/2026", "", "H", "Rà soát quy chế", "30/06/2026", "X-AN", ""]


def task_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(TASK_HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


class HostileCsvTests(TempDirMixin, DistrictTestCase):
    def refused(self, call: Any, *args: Any) -> ImportRejected:
        with self.assertRaises(ImportRejected) as caught:
            call(*args)
        return caught.exception

    def units_file(self, text: str, encoding: str = "utf-8") -> Path:
        return write(self.dir, "units.csv", text, encoding)

    def test_a_field_over_the_csv_limit_is_refused_with_its_line(self):
        text = "code,name,parent,group\nX-1,Xã Một,H,xa\nX-2," + "a" * (CSV_FIELD_LIMIT + 10) + ",H,xa\n"
        problem = self.refused(import_units, self.units_file(text), ACTOR).problems[0]
        self.assertEqual(problem.line, 3)
        self.assertIn("131.072", problem.message)
        self.assertFalse(Unit.objects.filter(code="X-1").exists())

    def test_a_field_over_the_csv_limit_in_a_streamed_export_is_refused_with_its_line(self):
        text = (
            f"{DOSSIER_HEADER}\n{DOSSIER}\nD2,X-AN,{'x' * (CSV_FIELD_LIMIT + 1)},2021-03-01,2021-03-05,,direct,,1,0\n"
        )
        problem = self.refused(import_file, "dossiers", write(self.dir, "hoso.csv", text), ACTOR).problems[0]
        self.assertEqual(problem.line, 3)

    def test_odd_length_utf16_is_refused_as_undecodable(self):
        data = "code,name,parent,group\nX-1,Xã Một,H,xa\n".encode("utf-16") + b"\x00"
        path = self.dir / "units.csv"
        path.write_bytes(data)
        self.assertIn("CSV UTF-8", str(self.refused(read_csv, path, ("code",))))
        dossiers = self.dir / "hoso.csv"
        dossiers.write_bytes(f"{DOSSIER_HEADER}\n{DOSSIER}\n".encode("utf-16") + b"\x00")
        self.assertIn("CSV UTF-8", str(self.refused(import_file, "dossiers", dossiers, ACTOR)))

    def test_a_unit_name_over_255_characters_is_refused_before_the_database_sees_it(self):
        text = "code,name,parent,group\nX-1,Xã Một,H,xa\nX-2," + "Ấ" * 256 + ",H,xa\n"
        problem = self.refused(import_units, self.units_file(text), ACTOR).problems[0]
        self.assertEqual(problem.line, 3)
        self.assertIn("255", problem.message)
        self.assertFalse(Unit.objects.filter(code="X-1").exists())

    def test_a_unit_nested_deeper_than_its_path_column_holds_is_refused(self):
        lines = ["code,name,parent,group", "U0,Đơn vị 0,H,"]
        lines += [f"U{i},Đơn vị {i},U{i - 1}," for i in range(1, 400)]
        problems = self.refused(import_units, self.units_file("\n".join(lines) + "\n"), ACTOR).problems
        self.assertIn("U399", problems[-1].message)
        self.assertEqual(problems[-1].line, 401)
        self.assertFalse(Unit.objects.filter(code="U0").exists())
        ok = ["code,name,parent,group", "U0,Đơn vị 0,H,"] + [f"U{i},Đơn vị {i},U{i - 1}," for i in range(1, 50)]
        self.assertEqual(import_units(self.units_file("\n".join(ok) + "\n"), ACTOR).created, 50)

    def test_a_nul_byte_in_a_code_is_refused_with_its_line(self):
        problem = self.refused(read_csv, self.units_file("code,name\nX-1,a\nX\x00-2,b\n"), ("code",)).problems[0]
        self.assertEqual(problem.line, 3)
        self.assertIn("NUL", problem.message)

    def test_unicode_digits_are_not_numbers(self):
        for text in ("١", "５", "1٫5", "٣٫٥"):
            with self.assertRaises(ValueError, msg=text):
                to_decimal(text)
        self.assertEqual(to_decimal("0,75"), D("0.75"))

    def test_a_score_in_unicode_digits_is_refused_naming_the_digits_0_to_9(self):
        path = write(self.dir, "scores.csv", "unit,criterion,score\nX-AN,1.1,1\nX-AN,1.2,١\nX-AN,1.3,５\n")
        problems = self.refused(import_scores, self.campaign, path, Stage.APPRAISED, ACTOR).problems
        self.assertEqual([p.line for p in problems], [3, 4])
        self.assertIn("0–9", problems[0].message)
        self.assertFalse(Score.objects.filter(campaign=self.campaign).exists())

    def test_the_import_scores_command_answers_in_vietnamese(self):
        path = write(self.dir, "scores.csv", "unit,criterion,score\nX-AN,1.2,١\n")
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_scores", str(path), "--campaign", "c2021", stdout=io.StringIO(), stderr=err)
        self.assertIn("dòng 2", err.getvalue())
        self.assertIn("chỉ dùng chữ số 0–9", err.getvalue())

    def test_a_note_longer_than_an_excel_cell_is_refused(self):
        note = "ghi chú " * 5000
        path = write(self.dir, "scores.csv", f"unit,criterion,score,note\nX-AN,1.1,1,{note}\n")
        problem = self.refused(import_scores, self.campaign, path, Stage.APPRAISED, ACTOR).problems[0]
        self.assertEqual(problem.line, 2)
        self.assertIn("32.000", problem.message)

    def test_a_5_mb_note_is_refused_with_its_line_never_read_whole_into_the_database(self):
        path = write(self.dir, "scores.csv", "unit,criterion,score,note\nX-AN,1.1,1," + "x" * (5 << 20) + "\n")
        problem = self.refused(import_scores, self.campaign, path, Stage.APPRAISED, ACTOR).problems[0]
        self.assertEqual(problem.line, 2)

    def test_dates_in_unicode_digits_or_of_5000_digits_are_refused(self):
        for text in ("٠١/٠٣/٢٠٢١", "２０２１-03-01", "1" * 5000, "1" * 40):
            with self.assertRaises(ValueError, msg=text[:20]):
                parse_moment(text)
            with self.assertRaises(ValueError, msg=text[:20]):
                parse_day_and_time(text)
            self.assertIsNone(survey_moment(text))
        self.assertEqual(parse_day_and_time("05/01/2026"), (date(2026, 1, 5), None))
        self.assertEqual(parse_moment("2021-03-01T08:00:00+07:00").hour, 8)

    def test_a_5000_digit_received_date_refuses_the_dossier_row(self):
        row = DOSSIER.replace("2021-03-01 08:00", "9" * 5000)
        problem = self.refused(
            import_file, "dossiers", write(self.dir, "hoso.csv", f"{DOSSIER_HEADER}\n{row}\n"), ACTOR
        ).problems[0]
        self.assertEqual(problem.line, 2)
        self.assertNotIn("9" * 100, problem.message)

    def test_a_line_break_or_a_control_character_in_a_dossier_id_is_refused(self):
        text = f'{DOSSIER_HEADER}\n{DOSSIER}\n"D\n2",X-AN,Hộ tịch,2021-03-01,2021-03-05,,direct,,1,0\n'
        text += "D\x1b3,X-AN,Hộ tịch,2021-03-01,2021-03-05,,direct,,1,0\n"
        problems = self.refused(import_file, "dossiers", write(self.dir, "hoso.csv", text), ACTOR).problems
        self.assertEqual([p.line for p in problems], [3, 5])
        self.assertFalse(Figure.objects.exists())

    def test_a_login_exported_twice_counts_once(self):
        Holiday.objects.create(day=date(2021, 3, 8), name="Ngày nghỉ thử nghiệm")
        rows = ["user,unit,at"] + [f"u1,X-AN,2021-03-01 {h:02d}:15" for h in (8, 9, 10)] + ["u1,X-AN,2021-03-01 10:15"]
        import_file("logins", write(self.dir, "dangnhap.csv", "\n".join(rows) + "\n"), ACTOR)
        figure = Figure.objects.get(unit=self.commune, period="2021-03", indicator="login_compliance")
        self.assertEqual(figure.numerator, 0)  # three distinct logins that day: not the four the rule asks
        self.assertGreater(figure.denominator, 0)


class HostileTaskFileTests(TempDirMixin, DistrictTestCase):
    def refused(self, rows: list[list[Any]]) -> list[Any]:
        with self.assertRaises(ImportRejected) as caught:
            import_tasks(task_xlsx(self.dir / "tasks.xlsx", rows), ACTOR)
        self.assertFalse(Task.objects.exists())
        return caught.exception.problems

    def test_a_task_code_with_a_line_break_is_refused(self):
        problems = self.refused([TASK, ["NV\n11", *TASK[1:]]])
        self.assertEqual(problems[0].line, 3)

    def test_a_content_of_5_mb_is_refused_with_its_row(self):
        problems = self.refused([["NV-11", "1/KH", "05/01/2026", "", "H", "x" * (5 << 20), "30/06/2026", "X-AN", ""]])
        self.assertEqual(problems[0].line, 2)
        self.assertIn("32.000", problems[0].message)

    def test_dates_in_unicode_digits_are_refused(self):
        problems = self.refused([[*TASK[:6], "٣٠/٠٦/٢٠٢٦", *TASK[7:]]])
        self.assertIn("0–9", str(problems[0]))
