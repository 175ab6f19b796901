"""parindex load-survey: validates an XLSForm (ours and pyxform's rules), stores it versioned, prints the code."""

from decimal import Decimal
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from pyxform.xls2xform import convert

from parindex.audit.models import Action, AuditEntry
from parindex.org.models import Unit
from parindex.surveys.loader import SAMPLES
from parindex.surveys.models import Choice, Component, Question, Respondent, Survey
from parindex.surveys.tests.xlsforms import HAND, HAND_FORM, edited, without_extras, write_xlsform
from parindex.tests.district import TempDirMixin


def load(path, *extra):
    out, err = StringIO(), StringIO()
    call_command("load_survey", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path):
    """The error lines a refused file prints, and the command's last line."""
    err = StringIO()
    try:
        call_command("load_survey", str(path), stdout=StringIO(), stderr=err)
    except CommandError as exc:
        return err.getvalue().splitlines(), str(exc)
    raise AssertionError("the file was accepted")


class LoadSurveyTests(TempDirMixin, TestCase):
    def form(self, change=None, name="form.xlsx"):
        return write_xlsform(self.dir / name, edited(change or (lambda sheets: None)))

    def test_it_prints_the_code_and_stores_components_questions_and_scored_choices(self):
        out, err = load(HAND_FORM)
        self.assertEqual(out, "khao-sat-tay\n")
        self.assertIn("đã tạo", err)
        survey = Survey.objects.get(code="khao-sat-tay")
        self.assertEqual((survey.version, survey.title, survey.min_sample), ("1", "Khảo sát thử", 2))
        self.assertEqual(survey.margin, Decimal("0.05"))
        self.assertEqual(
            list(Component.objects.filter(survey=survey).values_list("code", "name", "weight")),
            [("a", "Tiếp cận dịch vụ", Decimal(2)), ("b", "Công chức", Decimal(1))],
        )
        q2 = Question.objects.get(survey=survey, name="q2")
        self.assertEqual(
            (q2.component.code, q2.weight, q2.type, q2.list_name, q2.required), ("a", 3, "select_one", "hl", True)
        )
        note = Question.objects.get(survey=survey, name="ghi_chu")
        self.assertEqual((note.component, note.type), (None, "text"))
        self.assertEqual(Choice.objects.get(survey=survey, name="4").score, Decimal(60))
        self.assertIsNone(Choice.objects.get(survey=survey, name="0").score)
        self.assertEqual(bytes(survey.workbook), HAND_FORM.read_bytes())

    def test_loading_is_audited(self):
        load(HAND_FORM)
        entry = AuditEntry.objects.get(action=Action.SURVEY_LOADED)
        self.assertEqual(entry.object_type, "survey")
        self.assertEqual(entry.after["code"], "khao-sat-tay")
        self.assertEqual(entry.after["outcome"], "created")
        self.assertEqual(entry.after["file"], "hand-survey.xlsx")

    def test_a_dry_run_writes_nothing(self):
        out, _err = load(HAND_FORM, "--dry-run")
        self.assertEqual(out, "khao-sat-tay\n")
        self.assertFalse(Survey.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action=Action.SURVEY_LOADED).exists())

    def test_the_same_version_with_the_same_content_changes_nothing(self):
        load(HAND_FORM)
        _out, err = load(HAND_FORM)
        self.assertIn("không đổi", err)
        self.assertEqual(Survey.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.filter(action=Action.SURVEY_LOADED).count(), 1)

    def test_a_new_version_is_stored_beside_the_old_one_and_becomes_the_current_one(self):
        load(HAND_FORM)
        load(self.form(lambda s: s["settings"].__setitem__(1, ["khao-sat-tay", "2", "Khảo sát thử, lần 2", 2])))
        self.assertEqual(list(Survey.objects.values_list("version", flat=True).order_by("version")), ["1", "2"])
        from parindex.surveys.access import latest_survey

        self.assertEqual(latest_survey("khao-sat-tay").title, "Khảo sát thử, lần 2")

    def test_other_content_under_the_same_version_replaces_it_while_nothing_was_collected(self):
        load(HAND_FORM)
        load(self.form(lambda s: s["choices"][2].__setitem__(3, 75)))
        survey = Survey.objects.get()
        self.assertEqual(Choice.objects.get(survey=survey, name="4").score, Decimal(75))

    def test_other_content_under_a_version_with_respondents_is_refused(self):
        load(HAND_FORM)
        survey = Survey.objects.get()
        Respondent.objects.create(survey=survey, unit=Unit.objects.create(code="X1", name="Xã 1"))
        lines, _last = refused(self.form(lambda s: s["choices"][2].__setitem__(3, 75)))
        self.assertIn("settings.version", lines[0])
        self.assertEqual(Choice.objects.get(survey=survey, name="4").score, Decimal(60))

    def test_a_missing_choice_list_and_a_score_of_120_are_named_by_sheet_and_row(self):
        def break_it(sheets):
            sheets["survey"][3][0] = "select_one xyz"  # row 4 of the sheet
            sheets["choices"][1][3] = 120  # row 2

        lines, last = refused(self.form(break_it))
        self.assertEqual(
            lines,
            [
                "choices, dòng 2: điểm 120 ngoài khoảng 0..100",
                "survey, dòng 4: danh sách lựa chọn “xyz” không có",
            ],
        )
        self.assertIn("2 lỗi", last)
        self.assertFalse(Survey.objects.exists())

    def test_the_same_form_without_our_columns_is_a_plain_xlsform_pyxform_converts(self):
        plain = write_xlsform(self.dir / "plain.xlsx", without_extras(HAND))
        self.assertIn("<h:html", convert(plain.read_bytes(), file_type=".xlsx").xform)
        # and pyxform accepts our file as it is, extra columns and sheet included (they deploy on Kobo / ODK as is)
        self.assertIn("<h:html", convert(HAND_FORM.read_bytes(), file_type=".xlsx").xform)

    def test_a_plain_xlsform_without_scores_is_refused_for_having_nothing_to_score(self):
        lines, _last = refused(write_xlsform(self.dir / "plain.xlsx", without_extras(HAND)))
        self.assertEqual(len(lines), 1)
        self.assertIn("survey:", lines[0])

    def test_every_problem_is_collected(self):
        def break_it(sheets):
            sheets["survey"][1][5] = "nặng"  # weight not a number, row 2
            sheets["survey"][2][4] = "c"  # component not in the components sheet, row 3
            sheets["survey"][5][4] = "b"  # a text question cannot be scored, row 6
            sheets["choices"][3][3] = "abc"  # row 4
            sheets["choices"].append(["hl", "5", "Trùng", 10])  # row 7, duplicate choice
            sheets["components"].append(["d", "Thừa", 1])  # row 4, no question
            sheets["settings"][1][3] = 0

        lines, _last = refused(self.form(break_it))
        self.assertEqual(len(lines), 7, lines)
        self.assertTrue(any(line.startswith("survey, dòng 2:") for line in lines))
        self.assertTrue(any(line.startswith("survey, dòng 3:") for line in lines))
        self.assertTrue(any(line.startswith("survey, dòng 6:") for line in lines))
        self.assertTrue(any(line.startswith("choices, dòng 4:") for line in lines))
        self.assertTrue(any(line.startswith("choices, dòng 7:") for line in lines))
        self.assertTrue(any(line.startswith("components, dòng 4:") for line in lines))
        self.assertTrue(any(line.startswith("settings, dòng 2:") for line in lines))

    def test_malformed_files_end_in_one_line_each_never_a_traceback(self):
        cases = {
            "text.xlsx": b"not a workbook",
            "empty.xlsx": b"",
            "zip.xlsx": b"PK\x03\x04 broken zip",
        }
        for name, data in cases.items():
            with self.subTest(name):
                path = self.dir / name
                path.write_bytes(data)
                lines, _last = refused(path)
                self.assertEqual(len(lines), 1)
        with self.subTest("missing file"):
            lines, _last = refused(self.dir / "nowhere.xlsx")
            self.assertEqual(len(lines), 1)
        with self.subTest("missing sheets"):
            lines, _last = refused(write_xlsform(self.dir / "one.xlsx", {"other": [["a"]]}))
            self.assertEqual(lines, ["survey: thiếu trang tính này", "settings: thiếu trang tính này"])
        with self.subTest("headers missing"):
            lines, _last = refused(write_xlsform(self.dir / "h.xlsx", {"survey": [["x"]], "settings": [["y"]]}))
            self.assertTrue(all(line.startswith(("survey", "settings")) for line in lines), lines)

    def test_a_pyxform_error_is_reported_too(self):
        def break_it(sheets):
            sheets["survey"].append(["begin_group", "g", "Nhóm", "", "", ""])  # never closed

        lines, _last = refused(self.form(break_it))
        self.assertEqual(len(lines), 1)
        self.assertIn("pyxform", lines[0])

    def test_a_form_without_components_puts_every_scored_question_in_one(self):
        def plain_components(sheets):
            del sheets["components"]
            for row in sheets["survey"][1:]:
                row[4] = ""

        load(self.form(plain_components))
        survey = Survey.objects.get()
        self.assertEqual(list(survey.components.values_list("code", "name")), [("all", "Tất cả câu hỏi")])
        self.assertEqual(survey.questions.filter(component__code="all").count(), 4)

    def test_the_two_samples_load_are_labelled_samples_and_pyxform_accepts_them_as_they_are(self):
        for path, code, components in (
            (SAMPLES / "sipas-mau.xlsx", "sipas-mau", 5),
            (SAMPLES / "can-bo-cchc-mau.xlsx", "can-bo-cchc-mau", 7),
        ):
            with self.subTest(code):
                out, _err = load(path)
                self.assertEqual(out, f"{code}\n")
                survey = Survey.objects.get(code=code)
                self.assertTrue(survey.is_sample)
                self.assertIn("(mẫu)", survey.title)
                self.assertEqual(survey.components.count(), components)
                self.assertIn("<h:html", convert(path.read_bytes(), file_type=".xlsx").xform)
        sipas = Survey.objects.get(code="sipas-mau")
        self.assertEqual(
            list(sipas.components.values_list("name", flat=True)),
            [
                "Tiếp cận dịch vụ",
                "Thủ tục hành chính",
                "Công chức giải quyết công việc",
                "Kết quả giải quyết thủ tục hành chính",
                "Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị",
            ],
        )
        self.assertIsNone(Choice.objects.get(survey=sipas, list_name="muc_do", label__startswith="Không biết").score)
