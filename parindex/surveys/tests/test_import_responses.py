"""parindex import-responses: KoboToolbox and ODK Central exports, in every encoding offices send, all or nothing."""

import csv
import io
from unittest import mock

from django.core.management import CommandError, call_command
from openpyxl import Workbook

from parindex.audit.models import Action, AuditEntry
from parindex.surveys.models import Answer, Response
from parindex.surveys.tests.collecting import kobo_header, kobo_row, make_respondent, make_survey
from parindex.tests.district import DistrictTestCase, TempDirMixin, to_cp1258

SATISFIED = ["rat_hai_long", "hai_long", "rat_hai_long", "hai_long", "khong_biet"]


def csv_text(rows, header=None, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header or kobo_header())
    writer.writerows(rows)
    return buffer.getvalue()


def three_rows():
    return [
        kobo_row("a1", "X-AN", SATISFIED, index=1),
        kobo_row("a2", "X-AN", ["hai_long", "chua_hai_long", "hai_long", "rat_hai_long", "hai_long"], index=2),
        kobo_row("b1", "X-BINH", ["khong_hai_long", "hai_long", "", "hai_long", "hai_long"], index=3),
    ]


class ImportResponsesTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        self.survey = make_survey()
        patcher = mock.patch("parindex.surveys.management.commands.import_responses.rescore", return_value=0)
        self.rescore = patcher.start()
        self.addCleanup(patcher.stop)

    def file(self, name, text, encoding="utf-8"):
        path = self.dir / name
        path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
        return path

    def run_command(self, path, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_responses", str(path), "--survey", "sipas-test", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def refused(self, path, *args):
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command(
                "import_responses", str(path), "--survey", "sipas-test", *args, stdout=io.StringIO(), stderr=err
            )
        return str(caught.exception), err.getvalue()

    def test_a_kobo_export_with_group_paths_lands_in_the_responses(self):
        out, _err = self.run_command(self.file("kobo.csv", csv_text(three_rows()), "utf-8-sig"))
        self.assertIn("3 mới, 0 thay thế", out)
        self.assertEqual(Response.objects.filter(channel=Response.Channel.IMPORT).count(), 3)
        first = Response.objects.get(external_id="a1")  # "uuid:" of meta/instanceID dropped; _uuid preferred
        self.assertEqual(first.unit, self.commune)
        answers = {a.question.name: a.value for a in first.answers.select_related("question")}
        self.assertEqual(answers["q1"], "rat_hai_long")
        self.assertEqual(answers["kenh"], "truc_tiep")
        self.assertEqual(answers["gop_y"], "Cán bộ tận tình")
        self.assertEqual(first.answers.get(question__name="q5").choice.score, None)
        self.assertEqual(first.started_at.isoformat(), "2026-11-10T02:00:00+00:00")
        self.assertEqual(first.submitted_at.isoformat(), "2026-11-10T02:06:30+00:00")
        self.assertFalse(Answer.objects.filter(response__external_id="b1", question__name="q3").exists())
        self.rescore.assert_called_once()
        self.assertEqual(self.rescore.call_args.args[0], ["sipas-test"])

    def test_utf16_windows_1258_and_semicolons_read_the_same(self):
        rows = [kobo_row("a1", "Xã An Bình", SATISFIED)]
        for name, text, encoding in (
            ("utf16.csv", csv_text(rows, delimiter="\t"), "utf-16"),
            ("cp1258.csv", csv_text(rows, delimiter=";"), "cp1258"),
            ("plain.csv", csv_text(rows), "utf-8"),
        ):
            with self.subTest(name):
                self.run_command(self.file(name, text, encoding))
                response = Response.objects.get(external_id="a1")
                self.assertEqual(response.unit, self.commune)
                self.assertEqual(response.answers.get(question__name="gop_y").value, "Cán bộ tận tình")

    def test_an_xlsx_export_is_read_and_its_errors_name_spreadsheet_rows(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(kobo_header())
        for row in three_rows():
            sheet.append(row)
        sheet.append(kobo_row("c1", "X-AN", ["tot_lam", *SATISFIED[1:]], index=4))
        path = self.dir / "kobo.xlsx"
        workbook.save(path)
        _message, err = self.refused(path)
        self.assertIn("dòng 5: “tot_lam” không phải là một lựa chọn của q1", err)
        sheet.delete_rows(5)
        workbook.save(path)
        self.run_command(path)
        self.assertEqual(Response.objects.count(), 3)

    def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(self):
        rows = [
            kobo_row("a1", "X-AN", SATISFIED),
            kobo_row("a2", "X-XYZ", SATISFIED),
            kobo_row("a1", "X-AN", SATISFIED),
            kobo_row("a4", "X-AN", ["rat_hai_long", "5", *SATISFIED[2:]]),
            kobo_row("", "X-AN", SATISFIED),
        ]
        message, err = self.refused(self.file("bad.csv", csv_text(rows)))
        self.assertIn("4 lỗi; không ghi dữ liệu nào", message)
        lines = err.splitlines()
        self.assertIn("dòng 3: đơn vị “X-XYZ” không có", lines[0])
        self.assertIn("dòng 4: câu trả lời a1 xuất hiện hai lần (lần đầu ở dòng 2)", lines[1])
        self.assertIn("dòng 5: “5” không phải là một lựa chọn của q2", lines[2])
        self.assertIn("dòng 6: mã câu trả lời để trống", lines[3])
        self.assertFalse(Response.objects.exists())
        self.rescore.assert_not_called()

    def test_reimporting_the_same_ids_replaces_those_responses(self):
        self.run_command(self.file("first.csv", csv_text(three_rows())))
        changed = [kobo_row("a1", "X-AN", ["khong_hai_long"] * 2 + ["hai_long"] * 3), kobo_row("a9", "X-AN", SATISFIED)]
        out, _err = self.run_command(self.file("second.csv", csv_text(changed)))
        self.assertIn("1 mới, 1 thay thế", out)
        self.assertEqual(Response.objects.count(), 4)
        self.assertEqual(
            Response.objects.get(external_id="a1").answers.get(question__name="q1").value, "khong_hai_long"
        )
        self.assertEqual(Answer.objects.filter(response__external_id="a1").count(), 8)

    def test_a_dry_run_checks_and_writes_nothing(self):
        out, err = self.run_command(self.file("kobo.csv", csv_text(three_rows())), "--dry-run")
        self.assertIn("3 mới", out)
        self.assertIn("Chạy thử", err)
        self.assertFalse(Response.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action=Action.SURVEY_RESPONSES_IMPORTED).exists())
        self.rescore.assert_not_called()

    def test_the_import_is_audited_with_who_and_how_many(self):
        self.run_command(self.file("kobo.csv", csv_text(three_rows())))
        summary = AuditEntry.objects.get(action=Action.SURVEY_RESPONSES_IMPORTED)
        self.assertTrue(summary.actor_name.startswith("cli:"))
        self.assertEqual(summary.after["responses"], 3)
        self.assertEqual(summary.after["file"], "kobo.csv")
        per_response = AuditEntry.objects.filter(action=Action.SURVEY_RESPONSE_RECORDED)
        self.assertEqual(per_response.count(), 3)
        self.assertEqual({e.unit_id for e in per_response}, {self.commune.pk, self.other_commune.pk})

    def test_odk_central_headers_with_dashes_and_key_are_understood(self):
        header = ["SubmissionDate", "unit", "grp_danh_gia-q1", "grp_danh_gia-q2", "meta-instanceID", "KEY"]
        rows = [["2026-11-10T02:07:00.000Z", "X-AN", "hai_long", "hai_long", "uuid:o1", "uuid:o1"]]
        self.run_command(self.file("odk.csv", csv_text(rows, header=header)))
        response = Response.objects.get(external_id="o1")
        self.assertEqual(response.answers.count(), 2)

    def test_a_file_without_a_unit_or_id_column_is_refused_before_any_row(self):
        header = ["q1", "q2", "gop_y"]
        _message, err = self.refused(self.file("short.csv", csv_text([["hai_long", "hai_long", ""]], header=header)))
        self.assertIn("không có cột “unit”", err)
        self.assertIn("_uuid, meta/instanceID, KEY, _id", err)

    def test_a_file_of_another_questionnaire_is_refused(self):
        header = ["unit", "_uuid", "cau_1", "cau_2"]
        _message, err = self.refused(self.file("other.csv", csv_text([["X-AN", "x", "1", "2"]], header=header)))
        self.assertIn("không cột nào là câu hỏi của khảo sát sipas-test", err)

    def test_unknown_columns_are_ignored_and_named(self):
        header = [*kobo_header(), "ghi_chu_dieu_tra_vien"]
        _out, err = self.run_command(
            self.file("extra.csv", csv_text([[*kobo_row("a1", "X-AN", SATISFIED), "x"]], header))
        )
        self.assertIn("ghi_chu_dieu_tra_vien", err)
        self.assertEqual(Response.objects.count(), 1)

    def test_damaged_and_foreign_files_are_refused_in_one_clear_line(self):
        damaged = self.dir / "kobo.xlsx"
        damaged.write_bytes(b"PK\x03\x04 not really a workbook")
        _message, err = self.refused(damaged)
        self.assertIn(".xlsx", err)
        self.assertNotIn("Traceback", err)
        _message, err = self.refused(self.file("kobo.xls", "x"))
        self.assertIn("CSV", err)
        _message, err = self.refused(self.dir / "missing.csv")
        self.assertIn("missing.csv", err)
        _message, err = self.refused(self.file("empty.csv", ""))
        self.assertIn("tệp rỗng", err)
        with self.assertRaisesMessage(CommandError, "nope"):
            call_command("import_responses", str(damaged), "--survey", "nope", stdout=io.StringIO())

    def test_straight_lining_is_flagged_not_refused(self):
        same = ["hai_long"] * 5
        out, _err = self.run_command(self.file("same.csv", csv_text([kobo_row("s1", "X-AN", same)])))
        self.assertIn("1 cần xem lại", out)
        self.assertEqual(Response.objects.get().flags, ["straight_line"])

    def test_too_fast_answers_are_flagged_from_the_export_start_and_end(self):
        row = kobo_row("f1", "X-AN", SATISFIED)
        row[1] = "2026-11-10T09:00:05.000+07:00"  # 5 seconds for 8 questions
        self.run_command(self.file("fast.csv", csv_text([row])))
        self.assertEqual(Response.objects.get().flags, ["too_fast"])

    def test_a_token_column_links_respondents_once(self):
        respondent = make_respondent(self.survey, self.commune)
        header = [*kobo_header(), "token"]
        rows = [
            [*kobo_row("t1", "X-AN", SATISFIED), respondent.token],
            [*kobo_row("t2", "X-AN", SATISFIED), respondent.token],
        ]
        _message, err = self.refused(self.file("twice.csv", csv_text(rows, header)))
        self.assertIn("dòng 3: cùng một người được khảo sát trả lời hai lần (lần đầu ở dòng 2)", err)
        self.run_command(self.file("once.csv", csv_text(rows[:1], header)))
        respondent.refresh_from_db()
        self.assertEqual(respondent.response.external_id, "t1")
        self.assertIsNotNone(respondent.token_used_at)
        _message, err = self.refused(self.file("again.csv", csv_text(rows[1:], header)))
        self.assertIn("người được khảo sát này đã trả lời", err)

    def test_a_response_typed_or_answered_on_the_web_is_not_replaced_by_an_import(self):
        Response.objects.create(survey=self.survey, unit=self.commune, channel=Response.Channel.ENTRY, external_id="a1")
        _message, err = self.refused(self.file("kobo.csv", csv_text(three_rows())))
        self.assertIn("dòng 2: câu trả lời a1 đã được ghi nhận theo cách khác (Cán bộ nhập phiếu giấy)", err)
