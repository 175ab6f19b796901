"""parindex publish-decision: the decision of the demo's published 2021 campaigns reads back as the decree lays it
out (A4, margins, Times New Roman, title), with one appendix row per unit whose index and rank are `ranking`'s; it is
refused for an open campaign and for a bad date; its PDF converts when LibreOffice is installed."""

from __future__ import annotations

import csv
import io
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command
from django.test import TestCase
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from parindex.assessments.models import Campaign
from parindex.audit.models import AuditEntry
from parindex.publication.documents import pdf
from parindex.publication.models import Decision
from parindex.publication.tests.demo2021 import CAMPAIGN_CODES, load_demo_2021
from parindex.publication.tests.office import require_soffice
from parindex.tests.district import DistrictTestCase


def ranking_csv(code: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("ranking", "--campaign", code, "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def mm(length) -> int:
    """A length read back from the file (stored in twentieths of a point), in whole millimetres."""
    return round(length.mm)


def decimal_comma(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


class DemoDecisionTests(TestCase):
    """Over the demo's two published 2021 campaigns (the agencies' and the communes'), in one decision."""

    doc: Any

    @classmethod
    def setUpTestData(cls):
        load_demo_2021()
        cls.scratch = tempfile.TemporaryDirectory()
        cls.out = Path(cls.scratch.name) / "quyet-dinh.docx"
        cls.stdout = io.StringIO()
        args = ["--campaign", CAMPAIGN_CODES[0], "--campaign", CAMPAIGN_CODES[1], "--number", "771/QĐ-UBND"]
        args += ["--date", "05/02/2027", "--signer", "Nguyễn Văn Bình", "--out", str(cls.out)]
        call_command("publish_decision", *args, stdout=cls.stdout)
        cls.doc = Document(str(cls.out))

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()
        super().tearDownClass()

    def paragraphs(self) -> list[str]:
        return [p.text for p in self.doc.paragraphs]

    def test_every_page_is_a4_with_the_decrees_margins(self):
        first = self.doc.sections[0]
        self.assertEqual((mm(first.page_width), mm(first.page_height)), (210, 297))
        self.assertEqual(first.orientation, WD_ORIENT.PORTRAIT)
        for section in self.doc.sections:
            self.assertEqual(sorted([mm(section.page_width), mm(section.page_height)]), [210, 297])
            self.assertTrue(20 <= mm(section.top_margin) <= 25)
            self.assertTrue(20 <= mm(section.bottom_margin) <= 25)
            self.assertTrue(30 <= mm(section.left_margin) <= 35)
            self.assertTrue(15 <= mm(section.right_margin) <= 20)

    def test_the_text_is_times_new_roman_in_every_script_slot(self):
        normal = self.doc.styles["Normal"]
        self.assertEqual(normal.font.name, "Times New Roman")
        fonts = normal.element.rPr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            self.assertEqual(fonts.get(qn(slot)), "Times New Roman")
        defaults = self.doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        self.assertIsNone(defaults.find(qn("w:rFonts")).get(qn("w:asciiTheme")))

    def test_the_first_page_carries_the_national_title_the_number_the_date_and_the_title(self):
        header = self.doc.tables[0]
        left, right = header.cell(0, 0).text, header.cell(0, 1).text
        self.assertIn("ỦY BAN NHÂN DÂN\nHUYỆN THANH GIANG", left)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", right)
        self.assertEqual(header.cell(1, 0).text, "Số: 771/QĐ-UBND")
        self.assertEqual(header.cell(1, 1).text, "Thanh Giang, ngày 05 tháng 02 năm 2027")
        text = self.paragraphs()
        self.assertIn("QUYẾT ĐỊNH", text)
        self.assertIn("QUYẾT ĐỊNH:", text)
        summary = next(t for t in text if t.startswith("Về việc phê duyệt và công bố"))
        self.assertIn("Chỉ số cải cách hành chính năm 2021", summary)
        self.assertTrue(any(t.startswith("Điều 3.") and t.endswith("./.") for t in text))

    def test_the_signer_signs_for_the_committee_as_vice_chairman(self):
        block = self.doc.tables[1].cell(0, 1).text
        self.assertTrue(block.startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"))
        self.assertTrue(block.endswith("Nguyễn Văn Bình"))
        self.assertTrue(self.doc.tables[1].cell(0, 0).text.startswith("Nơi nhận:\n- Như Điều 3;"))

    def test_page_numbers_start_on_the_second_page(self):
        first = self.doc.sections[0]
        self.assertTrue(first.different_first_page_header_footer)
        self.assertEqual(first.first_page_header.paragraphs[0].text, "")
        self.assertIn("PAGE", first.header._element.xml)

    def test_each_unit_has_one_appendix_row_with_the_rankings_index_and_rank(self):
        landscape = [s for s in self.doc.sections if s.orientation == WD_ORIENT.LANDSCAPE]
        self.assertEqual(len(landscape), 2)
        tables = self.doc.tables[2:4]  # after the header block and the signer's table: one per campaign
        for code, table in zip(CAMPAIGN_CODES, tables, strict=True):
            expected = ranking_csv(code)
            rows = [[c.text for c in row.cells] for row in table.rows[2:]]
            self.assertEqual(len(rows), len(expected), code)
            for stt, (row, line) in enumerate(zip(rows, expected, strict=True), start=1):
                self.assertEqual(row[0], str(stt))
                self.assertEqual(row[1], line["name"])
                self.assertEqual(row[-2], line["rank"] or "—")
                self.assertEqual(decimal_comma(row[-3]), Decimal(line["index"]), line["name"])
                self.assertEqual(decimal_comma(row[-5]), Decimal(line["points"]), line["name"])

    def test_the_numbers_have_a_decimal_comma(self):
        index_cell = self.doc.tables[2].rows[2].cells[-3].text
        self.assertRegex(index_cell, r"^\d{1,3},\d\d$")

    def test_the_head_ratings_appendix_lists_every_unit_with_its_stored_level(self):
        text = self.paragraphs()
        self.assertIn("KẾT QUẢ ĐÁNH GIÁ TRÁCH NHIỆM NGƯỜI ĐỨNG ĐẦU", "\n".join(text))
        levels = {row.cells[1].text: row.cells[-1].text for table in self.doc.tables[4:] for row in table.rows[1:]}
        self.assertEqual(len(levels), sum(Campaign.objects.get(code=c).units().count() for c in CAMPAIGN_CODES))
        self.assertEqual(levels["Xã Hoàng Long"], "Không hoàn thành nhiệm vụ")

    def test_the_decision_is_kept_and_audited_under_each_campaign(self):
        decision = Decision.objects.get()
        self.assertEqual(decision.number, "771/QĐ-UBND")
        self.assertEqual(sorted(decision.campaigns.values_list("code", flat=True)), sorted(CAMPAIGN_CODES))
        # Kept in the private storage (a scratch directory per test: the name is what outlives setUpTestData).
        self.assertEqual(decision.docx.name, "decisions/2026/quyet-dinh-771-QD-UBND.docx")
        self.assertEqual(decision.pdf.name.endswith(".pdf"), pdf.available())
        entries = AuditEntry.objects.filter(action="decision.issued")
        self.assertEqual(
            sorted(entries.values_list("campaign_id", flat=True)),
            sorted(Campaign.objects.filter(code__in=CAMPAIGN_CODES).values_list("pk", flat=True)),
        )
        self.assertIn("771/QĐ-UBND", self.stdout.getvalue())

    def test_the_pdf_converts_with_a_page_per_part(self):
        require_soffice()
        pdf_out = Path(self.scratch.name) / "quyet-dinh.pdf"
        args = ["--campaign", CAMPAIGN_CODES[1], "--number", "12/QĐ-UBND", "--date", "05/02/2027"]
        call_command("publish_decision", *args, "--out", str(self.out), "--pdf", str(pdf_out), "--dry-run")
        data = pdf_out.read_bytes()
        self.assertTrue(data.startswith(b"%PDF"))
        # The decision (2 pages), the communes' ranking (landscape, 1 page) and their heads' ratings (1 page).
        self.assertEqual(pdf.page_count(data), 4)


class RefusedDecisionTests(DistrictTestCase):
    def call(self, *extra: str) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            out = str(Path(scratch) / "qd.docx")
            args = ["--campaign", "c2021", "--number", "771/QĐ-UBND", "--date", "05/02/2027", "--out", out]
            call_command("publish_decision", *args, *extra, stdout=io.StringIO())

    def test_an_open_campaign_is_refused_in_one_line(self):
        with self.assertRaisesMessage(CommandError, "kết quả của đợt đánh giá c2021 chưa được khóa"):
            self.call()
        self.assertFalse(Decision.objects.exists())

    def test_a_date_not_written_dd_mm_yyyy_is_refused(self):
        with tempfile.TemporaryDirectory() as scratch:
            out = str(Path(scratch) / "qd.docx")
            with self.assertRaisesMessage(CommandError, "31/02/2027"):
                call_command(
                    "publish_decision", "--campaign", "c2021", "--number", "1/QĐ", "--date", "31/02/2027", "--out", out
                )

    def test_an_unknown_campaign_is_named(self):
        with tempfile.TemporaryDirectory() as scratch:
            out = str(Path(scratch) / "qd.docx")
            with self.assertRaisesMessage(CommandError, "nope"):
                call_command(
                    "publish_decision", "--campaign", "nope", "--number", "1", "--date", "01/01/2027", "--out", out
                )
