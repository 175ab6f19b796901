"""parindex import-dossiers and import-logins on a small hand-made file whose figures were computed by hand.

March 2021, two communes of the district:
- X-AN: D1 fully online, on time; D2 partly online, due on a date without a time and returned that afternoon
  (on time: a due date means the end of that day); D3 late with an apology letter, returned by post; D4 sent by
  post, late without an apology, not recorded in the one-stop software; D5 not resolved yet.
- X-BINH: D6 on time.
So X-AN received 5: online 2 (40,00 %), fully online 1 (20,00 %), by post 2 (40,00 %), recorded 4 (80,00 %);
resolved 4, on time 2 (50,00 %); late 2, with apology 1 (50,00 %). The district adds X-BINH: received 6, online 2
(33,33 %), fully online 1 (16,67 %), post 2 (33,33 %), recorded 5 (83,33 %), on time 3 of 5 (60,00 %).

Logins: 8 March 2021 is declared a holiday, so March has 22 working days. At X-AN, u1 logs in 4 times on Monday 1,
3 times on Tuesday 2 (not enough), 5 times on the holiday and 4 times on Saturday 6 (neither counts); u2 4 times on
Wednesday 3 and Thursday 4. 3 compliant pairs of 2 × 22: 6,82 %. At X-BINH u3 once compliant: 1 of 22, 4,55 %. The
district: 4 of 66, 6,06 %.
"""

import csv
import io
from datetime import date

from django.core.management import CommandError, call_command

from parindex.audit.models import Action, AuditEntry
from parindex.deadlines.models import Holiday
from parindex.indicators.models import Figure
from parindex.tests.district import DistrictTestCase, TempDirMixin, to_cp1258, write

DOSSIERS = """dossier_id,unit,procedure,received_at,due_at,returned_at,submission,return_by,recorded,apology
D1,X-AN,Cấp phép xây dựng,2021-03-01 08:00,2021-03-05 17:00,2021-03-04 10:00,online_full,online,1,0
D2,X-AN,Cấp phép xây dựng,01/03/2021 09:00,05/03/2021,05/03/2021 16:30,online_partial,direct,1,0
D3,X-AN,Chứng thực bản sao,02/03/2021 10:00,04/03/2021 17:00,08/03/2021 09:00,direct,postal,1,1
D4,Xã An Bình,Chứng thực bản sao,2021-03-03 14:00,2021-03-10 17:00,2021-03-15 08:00,postal,direct,0,0
D5,X-AN,Đăng ký hộ tịch,2021-03-20 08:00,2021-03-31 17:00,,direct,,1,0
D6,X-BINH,Đăng ký hộ tịch,2021-03-10 08:00,2021-03-12 17:00,2021-03-11 08:00,direct,direct,1,0
"""


def logins_text() -> str:
    lines = ["user,unit,at"]
    plan = [
        ("u1", "X-AN", "2021-03-01", 4),
        ("u1", "X-AN", "2021-03-02", 3),
        ("u1", "X-AN", "2021-03-08", 5),
        ("u1", "X-AN", "2021-03-06", 4),
        ("u2", "X-AN", "2021-03-03", 4),
        ("u2", "X-AN", "2021-03-04", 4),
        ("u3", "X-BINH", "2021-03-01", 4),
    ]
    for user, unit, day, count in plan:
        lines += [f"{user},{unit},{day} {8 + i:02d}:15" for i in range(count)]
    return "\n".join(lines) + "\n"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class HandMadeFileTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        Holiday.objects.create(day=date(2021, 3, 8), name="Ngày nghỉ thử nghiệm")

    def figures(self, period="2021-03"):
        return {
            (f.unit.code, f.indicator): (f.numerator, f.denominator, f.value)
            for f in Figure.objects.filter(period=period).select_related("unit")
        }

    def import_both(self):
        run("import_dossiers", str(write(self.dir, "hoso.csv", DOSSIERS, "utf-8-sig")))
        run("import_logins", str(write(self.dir, "dangnhap.csv", logins_text(), "utf-16")))

    def test_the_dossier_figures_are_the_hand_computed_ones(self):
        self.import_both()
        got = self.figures()
        expected = {
            ("X-AN", "online_rate"): (2, 5, "40.00"),
            ("X-AN", "full_online_rate"): (1, 5, "20.00"),
            ("X-AN", "bcci_rate"): (2, 5, "40.00"),
            ("X-AN", "onestop_recording_rate"): (4, 5, "80.00"),
            ("X-AN", "ontime_rate"): (2, 4, "50.00"),
            ("X-AN", "apology_rate"): (1, 2, "50.00"),
            ("X-BINH", "ontime_rate"): (1, 1, "100.00"),
            ("H", "online_rate"): (2, 6, "33.33"),
            ("H", "full_online_rate"): (1, 6, "16.67"),
            ("H", "bcci_rate"): (2, 6, "33.33"),
            ("H", "onestop_recording_rate"): (5, 6, "83.33"),
            ("H", "ontime_rate"): (3, 5, "60.00"),
            ("H", "apology_rate"): (1, 2, "50.00"),
        }
        for key, (numerator, denominator, value) in expected.items():
            self.assertEqual(got[key][:2], (numerator, denominator), key)
            self.assertEqual(str(got[key][2]), value, key)
        # No late dossier at X-BINH: nothing to measure, not 0 %.
        self.assertEqual(got[("X-BINH", "apology_rate")], (0, 0, None))
        # The quarter and the year hold March's figures (the only month with data).
        self.assertEqual(self.figures("2021-Q1")[("H", "ontime_rate")][:2], (3, 5))
        self.assertEqual(self.figures("2021")[("H", "ontime_rate")][:2], (3, 5))

    def test_login_compliance_counts_working_days_with_four_logins(self):
        self.import_both()
        got = self.figures()
        self.assertEqual(got[("X-AN", "login_compliance")][:2], (3, 44))
        self.assertEqual(str(got[("X-AN", "login_compliance")][2]), "6.82")
        self.assertEqual(got[("X-BINH", "login_compliance")][:2], (1, 22))
        self.assertEqual(got[("H", "login_compliance")][:2], (4, 66))
        self.assertEqual(str(got[("H", "login_compliance")][2]), "6.06")

    def test_the_indicators_command_prints_the_contract_csv(self):
        self.import_both()
        text = run("indicators", "--period", "2021-03", "--unit", "X-AN", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(text)))
        self.assertEqual(list(rows[0]), ["unit", "period", "indicator", "numerator", "denominator", "value"])
        by_indicator = {r["indicator"]: r for r in rows}
        self.assertEqual(by_indicator["login_compliance"]["value"], "6.82")
        self.assertEqual(
            by_indicator["online_rate"],
            {
                "unit": "X-AN",
                "period": "2021-03",
                "indicator": "online_rate",
                "numerator": "2",
                "denominator": "5",
                "value": "40.00",
            },
        )
        table = run("indicators", "--period", "2021", "--unit", "H")
        self.assertIn("33,33%", table)
        with self.assertRaisesMessage(CommandError, "2021-Q1"):
            run("indicators", "--period", "2021-13")

    def test_importing_the_same_dossiers_again_replaces_them(self):
        path = write(self.dir, "hoso.csv", DOSSIERS, "utf-8-sig")
        run("import_dossiers", str(path))
        out = run("import_dossiers", str(path))
        self.assertIn("thay 6 dòng đã có, kho có 6 dòng", out)
        self.assertEqual(self.figures()[("H", "online_rate")][:2], (2, 6))

    def test_importing_the_same_logins_again_does_not_count_them_twice(self):
        path = write(self.dir, "dangnhap.csv", logins_text(), "utf-16")
        run("import_logins", str(path))
        run("import_logins", str(path))
        self.assertEqual(self.figures()[("H", "login_compliance")][:2], (4, 66))

    def test_an_import_is_audited_with_the_file_fingerprint(self):
        self.import_both()
        entries = AuditEntry.objects.filter(action=Action.INDICATORS_IMPORTED).order_by("id")
        self.assertEqual([e.after["kind"] for e in entries], ["dossiers", "logins"])
        self.assertEqual(entries[0].after["rows"], 6)
        self.assertEqual(len(entries[0].after["sha256"]), 64)


class BadFileTests(TempDirMixin, DistrictTestCase):
    def test_one_bad_row_among_thousands_writes_nothing_and_is_named(self):
        lines = [DOSSIERS.splitlines()[0]]
        for i in range(3000):
            lines.append(f"K{i},X-AN,Hộ tịch,2021-04-01 08:00,2021-04-05 17:00,2021-04-02 08:00,direct,direct,1,0")
        lines[1735] = "K1734,X-AN,Hộ tịch,2021-04-01 08:00,2021-04-05 17:00,2021-03-30 08:00,direct,direct,1,0"
        path = write(self.dir, "hoso.csv", "\n".join(lines) + "\n")
        with self.assertRaises(CommandError) as caught:
            run("import_dossiers", str(path))
        message = str(caught.exception)
        self.assertIn("dòng 1736", message)
        self.assertIn("trước khi tiếp nhận", message)
        self.assertEqual(message.count("dòng "), 1)
        self.assertFalse(Figure.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action=Action.INDICATORS_IMPORTED).exists())

    def test_every_bad_row_is_reported_with_its_line(self):
        text = (
            DOSSIERS.splitlines()[0]
            + "\n"
            + "\n".join(
                [
                    "E1,X-KHONG,Hộ tịch,2021-03-01 08:00,2021-03-05 17:00,,direct,,1,0",
                    "E2,X-AN,Hộ tịch,31/02/2021,2021-03-05 17:00,,direct,,1,0",
                    "E3,X-AN,Hộ tịch,2021-03-01 08:00,2021-03-05 17:00,,fax,,1,0",
                    "E3,X-AN,Hộ tịch,2021-03-01 08:00,2021-03-05 17:00,,direct,,1,0",
                ]
            )
            + "\n"
        )
        with self.assertRaises(CommandError) as caught:
            run("import_dossiers", str(write(self.dir, "hoso.csv", text)))
        message = str(caught.exception)
        self.assertIn("dòng 2: không có đơn vị “X-KHONG”", message)
        self.assertIn("dòng 3: received_at: “31/02/2021” không phải ngày hợp lệ", message)
        self.assertIn("dòng 4: submission “fax” không rõ", message)
        self.assertIn("dòng 5: hồ sơ E3 xuất hiện hai lần (lần đầu ở dòng 4)", message)

    def test_a_windows_1258_export_with_vietnamese_headers_goes_through_the_shipped_mapping(self):
        text = (
            "Mã hồ sơ;Đơn vị tiếp nhận;Tên thủ tục;Ngày tiếp nhận;Ngày hẹn trả;Ngày trả kết quả;Hình thức nộp;"
            "Hình thức trả kết quả;Phiếu xin lỗi\n"
            "000.01.H1;Xã An Bình;Chứng thực;01/03/2021 08:00;05/03/2021 17:00;08/03/2021 10:00;Trực tuyến toàn trình;"
            "Bưu chính công ích;Có\n"
            "000.02.H1;Xã Bình Minh;Hộ tịch;02/03/2021 08:00;05/03/2021 17:00;04/03/2021 10:00;Nộp trực tiếp;"
            "Trả trực tiếp;\n"
        )
        path = self.dir / "motcua.csv"
        path.write_bytes(to_cp1258(text))
        out = run("import_dossiers", str(path))
        self.assertIn("motcua-dien-tu", out)
        got = {
            (f.unit.code, f.indicator): (f.numerator, f.denominator) for f in Figure.objects.filter(period="2021-03")
        }
        self.assertEqual(got[("X-AN", "full_online_rate")], (1, 1))
        self.assertEqual(got[("X-AN", "apology_rate")], (1, 1))
        self.assertEqual(got[("H", "onestop_recording_rate")], (2, 2))  # the software's export: all recorded

    def test_a_mapped_file_names_its_own_column_and_the_values_it_knows(self):
        text = (
            "Mã hồ sơ,Đơn vị tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả,Hình thức nộp\n"
            "A,X-AN,01/03/2021,05/03/2021,,Fax\n"
        )
        with self.assertRaises(CommandError) as caught:
            run("import_dossiers", str(write(self.dir, "motcua.csv", text)))
        self.assertIn("Hình thức nộp “Fax” không rõ", str(caught.exception))

    def test_an_unknown_header_says_what_is_missing(self):
        with self.assertRaises(CommandError) as caught:
            run("import_logins", str(write(self.dir, "x.csv", "ten,donvi\na,b\n")))
        self.assertIn("user,unit,at", str(caught.exception))

    def test_an_xlsx_export_is_read_with_its_date_cells(self):
        from datetime import datetime

        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["Tên đăng nhập", "Đơn vị", "Thời gian đăng nhập"])
        for hour in range(8, 12):
            sheet.append(["canbo1", "X-AN", datetime(2021, 3, 1, hour, 5)])
        path = self.dir / "nhatky.xlsx"
        book.save(path)
        out = run("import_logins", str(path))
        self.assertIn("qlvb-nhat-ky", out)
        figure = Figure.objects.get(unit=self.commune, period="2021-03", indicator="login_compliance")
        self.assertEqual(figure.numerator, 1)

    def test_a_dry_run_checks_and_writes_nothing(self):
        out = run("import_dossiers", "--dry-run", str(write(self.dir, "hoso.csv", DOSSIERS)))
        self.assertIn("6", out)
        self.assertFalse(Figure.objects.exists())
