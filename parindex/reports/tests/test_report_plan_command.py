"""`parindex plan-reports`: a year from the shipped calendar or another, idempotent, audited, and --dry-run."""

from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from parindex.audit.models import Action, AuditEntry
from parindex.reports.models import ReportPeriod
from parindex.reports.tests.test_report_support import ReportTestCase, local


class PlanReportsCommandTests(ReportTestCase):
    def run_command(self, *args):
        out, err = StringIO(), StringIO()
        call_command("plan_reports", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_it_plans_every_group_from_the_shipped_calendar_and_prints_what_it_created(self):
        out, _err = self.run_command("--year", "2027")
        self.assertEqual(ReportPeriod.objects.filter(year=2027).count(), 8)
        self.assertIn("xa\tBáo cáo CCHC quý I năm 2027\t17:00 ngày 15/03/2027\tđã tạo", out)
        self.assertIn("8 tạo mới, 0 thay đổi, 0 giữ nguyên", out)
        self.assertEqual(AuditEntry.objects.filter(action=Action.REPORTS_PLANNED).count(), 8)

    def test_running_it_again_changes_nothing(self):
        self.run_command("--year", "2027", "--group", "xa")
        entries = self.audit_count()
        out, _err = self.run_command("--year", "2027", "--group", "xa")
        self.assertEqual(out.strip(), "0 tạo mới, 0 thay đổi, 4 giữ nguyên")
        self.assertEqual(self.audit_count(), entries)

    def test_another_calendar_moves_a_deadline_and_says_from_what(self):
        self.run_command("--year", "2027", "--group", "xa")
        text = Path(self.calendar_file()).read_text(encoding="utf-8").replace('"15/06"', '"30/06"')
        path = Path(self._files.name) / "lich.yaml"
        path.write_text(text, encoding="utf-8")
        out, _err = self.run_command("--year", "2027", "--group", "xa", "--calendar", str(path))
        self.assertIn("Báo cáo CCHC 6 tháng năm 2027\t17:00 ngày 30/06/2027\tđổi hạn từ 17:00 ngày 15/06/2027", out)
        h1 = ReportPeriod.objects.get(year=2027, kind="h1", group__code="xa")
        self.assertEqual(h1.deadline, local("30/06/2027 17:00"))
        entry = AuditEntry.objects.filter(action=Action.REPORTS_PLANNED, object_id=str(h1.pk)).latest("id")
        self.assertEqual(entry.before, {"deadline": "2027-06-15T17:00:00+07:00"})

    def test_dry_run_writes_nothing(self):
        entries = self.audit_count()
        out, err = self.run_command("--year", "2027", "--dry-run")
        self.assertIn("8 tạo mới", out)
        self.assertIn("không ghi dữ liệu nào", err)
        self.assertFalse(ReportPeriod.objects.filter(year=2027).exists())
        self.assertEqual(self.audit_count(), entries)

    def test_an_unknown_group_or_a_bad_calendar_is_an_error_in_vietnamese(self):
        with self.assertRaises(CommandError):
            self.run_command("--year", "2027", "--group", "phuong")
        path = Path(self._files.name) / "sai.yaml"
        path.write_text("reports: []\n", encoding="utf-8")
        err = StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("plan_reports", "--year", "2027", "--calendar", str(path), stdout=StringIO(), stderr=err)
        self.assertIn("không ghi dữ liệu nào", str(caught.exception))
        self.assertIn("reports", err.getvalue())
        self.assertFalse(ReportPeriod.objects.filter(year=2027).exists())

    def calendar_file(self):
        from parindex.reports.calendar import SAMPLE_CALENDAR

        return SAMPLE_CALENDAR
