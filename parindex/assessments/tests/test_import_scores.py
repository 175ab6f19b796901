"""parindex import-scores: all rows or none, every bad row reported with its line, audited."""

from decimal import Decimal as D
from io import StringIO

from django.core.management import CommandError, call_command

from parindex.assessments.models import Result, Score
from parindex.audit.models import Action, AuditEntry
from parindex.tests.district import DistrictTestCase, TempDirMixin, write


class ImportScoresTests(TempDirMixin, DistrictTestCase):
    def run_import(self, text, *extra, encoding="utf-8"):
        path = write(self.dir, "scores.csv", text, encoding)
        out, err = StringIO(), StringIO()
        call_command("import_scores", str(path), "--campaign", "c2021", *extra, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def rejected(self, text, *extra, encoding="utf-8"):
        path = write(self.dir, "scores.csv", text, encoding)
        err = StringIO()
        with self.assertRaises(CommandError) as ctx:
            call_command("import_scores", str(path), "--campaign", "c2021", *extra, stdout=StringIO(), stderr=err)
        return str(ctx.exception), err.getvalue()

    def test_it_stores_appraised_scores_by_default_and_recomputes_the_result(self):
        self.run_import("unit,criterion,score\nX-AN,1.1,1\nX-AN,1.2,2\nX-AN,2.1,3.5\nX-AN,1.3,0.75\n")
        score = Score.objects.get(unit=self.commune, criterion__code="2.1")
        self.assertEqual(score.appraised_score, D("3.50"))
        self.assertEqual(score.final_score, D("3.50"))
        self.assertIsNone(score.self_score)
        result = Result.objects.get(campaign=self.campaign, unit=self.commune)
        self.assertEqual(result.points, D("7.25"))
        self.assertEqual(result.max_points, D("10.00"))
        self.assertEqual(result.index, D("72.50"))
        self.assertEqual(result.rank, 1)
        self.assertEqual(result.band, "C")

    def test_a_self_stage_import_leaves_the_appraised_score_alone(self):
        self.run_import("unit,criterion,score\nX-AN,1.1,0.5\n")
        self.run_import("unit,criterion,score\nX-AN,1.1,1\n", "--stage", "self")
        score = Score.objects.get(unit=self.commune, criterion__code="1.1")
        self.assertEqual((score.self_score, score.appraised_score, score.final_score), (D(1), D("0.5"), D("0.5")))

    def test_the_self_score_is_the_provisional_final_until_appraised(self):
        self.run_import("unit,criterion,score\nX-AN,1.1,1\n", "--stage", "self")
        score = Score.objects.get(unit=self.commune, criterion__code="1.1")
        self.assertEqual(score.final_score, D(1))

    def test_it_reports_every_bad_row_with_its_line_and_writes_nothing(self):
        text = (
            "unit,criterion,score\n"
            "X-AN,1.1,1\n"  # good
            "X-NONE,1.1,1\n"  # line 3: unknown unit
            "X-AN,7.7,1\n"  # line 4: unknown criterion
            "X-AN,1,1\n"  # line 5: not a leaf
            "X-AN,1.2,2.5\n"  # line 6: above max
            "X-AN,2.1,abc\n"  # line 7: not a number
            "X-AN,1.1,0.5\n"  # line 8: duplicate of line 2
            "CQ-NV,1.1,1\n"  # line 9: unit not in the campaign's group
            "X-AN,1.3,-1\n"  # line 10: negative
            "X-AN,1.1x,\n"  # line 11: unknown criterion
        )
        message, err = self.rejected(text)
        lines = err.strip().splitlines()
        self.assertEqual([line.split(":")[0] for line in lines], [f"dòng {n}" for n in (3, 4, 5, 6, 7, 8, 9, 10, 11)])
        self.assertIn("X-NONE", lines[0])
        self.assertIn("7.7", lines[1])
        self.assertIn("điểm 2.5 nằm ngoài khoảng 0..2", err)
        self.assertIn("abc", lines[4])
        self.assertIn("dòng 2", lines[5])
        self.assertIn("9 lỗi", message)
        self.assertFalse(Score.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action=Action.SCORE_APPRAISED).exists())

    def test_it_accepts_utf8_with_bom_and_a_decimal_comma_with_semicolons(self):
        self.run_import("\ufeffunit;criterion;score\nX-AN;2.2;1,25\n")
        self.assertEqual(Score.objects.get(criterion__code="2.2").final_score, D("1.25"))

    def test_it_accepts_utf16_and_windows_1258(self):
        self.run_import("unit,criterion,score,note\nX-AN,1.1,1,Đúng hạn\n", encoding="utf-16")
        self.run_import("unit,criterion,score,note\nX-AN,1.2,2,Hoàn thành tốt\n", encoding="cp1258")
        self.assertEqual(Score.objects.get(criterion__code="1.1").note, "Đúng hạn")
        self.assertEqual(Score.objects.get(criterion__code="1.2").note, "Hoàn thành tốt")

    def test_a_not_applicable_mark_takes_the_leaf_out_of_the_maximum(self):
        self.run_import("unit,criterion,score\nX-AN,2.2,KAD\nX-AN,1.1,1\n")
        result = Result.objects.get(campaign=self.campaign, unit=self.commune)
        self.assertEqual(result.max_points, D(8))
        self.assertTrue(Score.objects.get(criterion__code="2.2").final_na)

    def test_a_not_applicable_mark_is_refused_where_the_leaf_does_not_allow_it(self):
        _message, err = self.rejected("unit,criterion,score\nX-AN,1.1,KAD\n")
        self.assertIn("dòng 2", err)
        self.assertIn("1.1", err)

    def test_a_missing_column_is_reported_on_line_one(self):
        _message, err = self.rejected("unit,criterion,points\nX-AN,1.1,1\n")
        self.assertIn("dòng 1", err)
        self.assertIn("score", err)

    def test_every_changed_score_is_audited_with_before_after_and_reason(self):
        self.run_import("unit,criterion,score\nX-AN,1.1,0.5\n")
        self.run_import("unit,criterion,score\nX-AN,1.1,1\nX-AN,1.2,2\n", "--reason", "Hội đồng họp ngày 10/01/2022")
        # One entry per unit and import, holding each changed leaf's before/after (parindex.audit.grouped).
        entries = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED).order_by("id")
        self.assertEqual(entries.count(), 2)
        last = entries.last()
        leaf = {c.code: str(c.pk) for c in self.framework.criteria.filter(code__in=["1.1", "1.2"])}
        self.assertEqual(last.unit_id, self.commune.pk)
        # each leaf's state packed as [score, not applicable]
        self.assertEqual(last.before, {leaf["1.1"]: ["0.50", False]})
        self.assertEqual(last.after, {leaf["1.1"]: ["1.00", False], leaf["1.2"]: ["2.00", False]})
        self.assertEqual(last.reason, "Hội đồng họp ngày 10/01/2022")
        self.assertTrue(last.actor_name.startswith("tests") or last.actor_name.startswith("cli:"))
        result_entries = AuditEntry.objects.filter(action=Action.RESULT_COMPUTED, unit_id=self.commune.pk)
        self.assertEqual(result_entries.latest("id").after["index"], "30.00")

    def test_reimporting_the_same_scores_changes_nothing(self):
        self.run_import("unit,criterion,score\nX-AN,1.1,1\n")
        before = AuditEntry.objects.count()
        out, _err = self.run_import("unit,criterion,score\nX-AN,1.1,1\n")
        self.assertIn("1", out)
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_a_dry_run_checks_and_writes_nothing(self):
        _out, err = self.run_import("unit,criterion,score\nX-AN,1.1,1\n", "--dry-run")
        self.assertFalse(Score.objects.exists())
        self.assertIn("không ghi", err)

    def test_an_unknown_campaign_is_an_error(self):
        path = write(self.dir, "s.csv", "unit,criterion,score\n")
        with self.assertRaisesMessage(CommandError, "c1999"):
            call_command("import_scores", str(path), "--campaign", "c1999", stdout=StringIO(), stderr=StringIO())

    def test_an_import_of_n_units_writes_n_audit_entries_each_holding_its_leaves(self):
        self.run_import("unit,criterion,score\nX-AN,1.1,0.5\nX-AN,1.2,2\nX-AN,2.1,3\nX-BINH,1.1,1\nX-BINH,2.2,KAD\n")
        entries = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED)
        self.assertEqual(
            sorted(entries.values_list("unit_id", flat=True)), sorted([self.commune.pk, self.other_commune.pk])
        )
        self.assertEqual({len(e.after) for e in entries if e.unit_id == self.commune.pk}, {3})
        self.assertTrue(all(e.criterion_id is None and e.before is None for e in entries))
        # a second import changing one leaf of one unit, and repeating another unchanged: one more entry, one leaf
        self.run_import("unit,criterion,score\nX-AN,1.1,1\nX-BINH,1.1,1\n")
        self.assertEqual(entries.all().count(), 3)
        last = entries.all().latest("id")
        leaf = str(self.framework.criteria.get(code="1.1").pk)
        self.assertEqual((last.unit_id, list(last.after), list(last.before)), (self.commune.pk, [leaf], [leaf]))

    def test_a_quoted_file_reads_as_a_plain_one(self):
        note = "Đúng hạn, có văn bản\\số 1\tký\nngày 2"  # a backslash, a tab and a new line kept as written
        self.run_import(f'unit,criterion,score,note\nX-AN,1.1,1,"{note}"\n\nX-AN,"1.2",2\n')
        self.assertEqual(Score.objects.get(criterion__code="1.1").note, note)
        self.assertEqual(Score.objects.get(criterion__code="1.2").final_score, D(2))

    def test_a_blank_line_keeps_the_line_numbers_of_the_rows_after_it(self):
        _message, err = self.rejected("unit,criterion,score\nX-AN,1.1,1\n\n  ,  \nX-AN,1.2,9\n")
        self.assertEqual(err.strip().splitlines()[0].split(":")[0], "dòng 5")

    def test_a_self_import_over_a_declared_value_keeps_the_value_on_both_sides_of_its_entry(self):
        leaf = self.framework.criteria.get(code="1.2")
        Score.objects.create(
            campaign=self.campaign,
            unit=self.commune,
            criterion=leaf,
            self_value=D("80.5"),
            self_score=D(1),
            final_score=D(1),
        )
        self.run_import("unit,criterion,score\nX-AN,1.2,2\n", "--stage", "self")
        entry = AuditEntry.objects.filter(action=Action.SCORE_SELF).latest("id")
        self.assertEqual(
            (entry.before, entry.after),
            ({str(leaf.pk): ["1.00", False, "80.5"]}, {str(leaf.pk): ["2.00", False, "80.5"]}),
        )
        score = Score.objects.get(unit=self.commune, criterion=leaf)
        self.assertEqual((score.self_score, score.final_score, score.self_value), (D(2), D(2), D("80.5")))
