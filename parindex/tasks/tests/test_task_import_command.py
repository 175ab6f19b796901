"""parindex import-tasks: a list of tasks from XLSX, all rows or none, every bad row named; re-import updates."""

import io
from datetime import date, datetime

from django.core.management import CommandError, call_command

from parindex.audit.models import Action, AuditEntry
from parindex.tasks.models import Task
from parindex.tasks.tests.test_task_support import HEADER, TaskTestCase, local, write_xlsx
from parindex.tests.district import TempDirMixin

GOOD = [
    ["NV-01", "12/KH-UBND", "05/01/2026", "Nguyễn Văn An", "H", "Rà soát thủ tục hành chính", "31/03/2026", "X-AN", ""],
    [
        "NV-02",
        "15/KH-UBND",
        date(2026, 1, 20),
        "",
        "UBND huyện Thanh Giang",
        "Số hóa hồ sơ một cửa",
        "30/06/2026 09:30",
        "xã bình minh",
        "X-AN; CQ-NV",
    ],
    ["NV-03", "20/KH-UBND", "01/02/2026", "", "h", "Báo cáo CCHC quý", datetime(2026, 4, 10), "CQ-NV", "X-AN, X-BINH"],
]


class ImportTasksCommandTests(TempDirMixin, TaskTestCase):
    def run_command(self, rows, *args, **kwargs):
        path = write_xlsx(self.dir / "nhiem-vu.xlsx", rows, **kwargs)
        out = io.StringIO()
        call_command("import_tasks", str(path), *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_a_good_file_creates_the_tasks_and_their_units(self):
        output = self.run_command(GOOD)
        self.assertIn("3", output)
        first = Task.objects.get(code="NV-01")
        self.assertEqual((first.document_number, first.document_date), ("12/KH-UBND", date(2026, 1, 5)))
        self.assertEqual((first.signer, first.issuer), ("Nguyễn Văn An", self.district))
        self.assertEqual(first.deadline, local("31/03/2026 17:00"))  # no time: 17:00 that day
        self.assertEqual(list(first.units.values_list("unit__code", "role")), [("X-AN", "lead")])
        second = Task.objects.get(code="NV-02")
        self.assertEqual(second.deadline, local("30/06/2026 09:30"))
        self.assertEqual(
            dict(second.units.values_list("unit__code", "role")),
            {"X-BINH": "lead", "X-AN": "coordinate", "CQ-NV": "coordinate"},
        )
        third = Task.objects.get(code="NV-03")
        self.assertEqual(third.deadline, local("10/04/2026 17:00"))  # a date cell
        self.assertEqual(third.units.count(), 3)
        self.assertEqual(AuditEntry.objects.filter(action=Action.TASK_CHANGED, before__isnull=True).count(), 4)

    def test_headers_are_matched_whatever_their_case_below_a_title(self):
        self.run_command(GOOD[:1], header=[h.upper() for h in HEADER], title="DANH MỤC NHIỆM VỤ NĂM 2026")
        self.assertTrue(Task.objects.filter(code="NV-01").exists())

    def test_one_bad_row_among_many_writes_nothing_and_names_the_row(self):
        rows = [[f"NV-{i:02d}", "1/KH", "05/01/2026", "", "H", "Nội dung", "31/03/2026", "X-AN", ""] for i in range(40)]
        rows[24][7] = "Xã Không Có"
        entries = AuditEntry.objects.count()
        with self.assertRaises(CommandError) as refused:
            self.run_command(rows)
        message = str(refused.exception)
        self.assertIn("dòng 26", message)  # header on row 1, so the 25th task is on row 26
        self.assertIn("Xã Không Có", message)
        self.assertEqual(message.count("dòng"), 1)
        self.assertEqual(Task.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_every_bad_row_is_reported(self):
        rows = [
            ["NV-01", "1/KH", "05/01/2026", "", "H", "Nội dung", "31/03/2026", "X-AN", ""],
            ["NV-02", "1/KH", "32/01/2026", "", "H", "Nội dung", "31/03/2026", "X-AN", ""],
            ["NV-03", "1/KH", "05/01/2026", "", "H", "", "31/03/2026", "X-AN", ""],
            ["NV-01", "1/KH", "05/01/2026", "", "H", "Nội dung", "31/03/2026", "X-AN", ""],
            ["NV-05", "1/KH", "05/01/2026", "", "H", "Nội dung", "hôm qua", "X-AN", "X-ZZ"],
            ["NV-06", "1/KH", "05/01/2026", "", "H", "Nội dung", "31/03/2026", "X-AN", "X-AN"],
            ["NV-07", "1/KH", "05/01/2026", "", "H", "Nội dung", "01/01/2026", "X-AN", ""],
        ]
        with self.assertRaises(CommandError) as refused:
            self.run_command(rows)
        message = str(refused.exception)
        for expected in (
            "dòng 3: Ngày văn bản: “32/01/2026” không phải ngày hợp lệ",
            "dòng 4: “Nội dung” đang để trống",
            "dòng 5: nhiệm vụ NV-01 đã có ở dòng 2",
            "dòng 6: Hạn hoàn thành: “hôm qua” không phải là ngày",
            "dòng 6: không có đơn vị “X-ZZ” (cột “Đơn vị phối hợp”)",
            "dòng 7: Xã An Bình không thể vừa chủ trì vừa phối hợp",
            "dòng 8: Hạn hoàn thành 17:00 01/01/2026 trước ngày văn bản 05/01/2026",
        ):
            self.assertIn(expected, message)
        self.assertNotIn("dòng 2:", message)
        self.assertEqual(Task.objects.count(), 1)

    def test_a_file_without_the_required_columns_is_refused(self):
        with self.assertRaises(CommandError) as refused:
            self.run_command(GOOD[:1], header=["Mã nhiệm vụ", "Nội dung"])
        self.assertIn("Hạn hoàn thành", str(refused.exception))

    def test_reimporting_a_code_updates_the_task_and_leaves_the_others_alone(self):
        self.run_command(GOOD)
        changed = [row[:] for row in GOOD]
        changed[0][6] = "15/04/2026"
        changed[0][8] = "CQ-NV"
        output = self.run_command(changed)
        self.assertIn("0 tạo mới, 1 cập nhật, 2 không đổi", output)
        task = Task.objects.get(code="NV-01")
        self.assertEqual(task.deadline, local("15/04/2026 17:00"))
        self.assertEqual(dict(task.units.values_list("unit__code", "role")), {"X-AN": "lead", "CQ-NV": "coordinate"})
        entry = AuditEntry.objects.filter(action=Action.TASK_CHANGED, object_id=str(task.pk)).latest("id")
        self.assertEqual(
            (entry.before["deadline"], entry.after["deadline"]),
            ("2026-03-31T17:00:00+07:00", "2026-04-15T17:00:00+07:00"),
        )
        self.assertIn("nhiem-vu.xlsx", entry.reason)

    def test_a_dry_run_checks_and_writes_nothing(self):
        entries = AuditEntry.objects.count()
        output = self.run_command(GOOD, "--dry-run")
        self.assertIn("3 tạo mới", output)
        self.assertEqual(Task.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_a_file_that_is_not_a_workbook_is_refused(self):
        path = self.dir / "nhiem-vu.xlsx"
        path.write_bytes(b"not a workbook")
        with self.assertRaises(CommandError) as refused:
            call_command("import_tasks", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        self.assertIn(".xlsx", str(refused.exception))
