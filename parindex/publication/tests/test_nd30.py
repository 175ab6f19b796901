"""The Nghị định 30/2020 layout module: the names, dates, signer's lines and numbers as the decree writes them, and a
document that reads back with its page, fonts, header block and numbered pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.test import SimpleTestCase
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

from parindex.publication.documents import nd30


def mm(length) -> int:
    """A length read back from the file (stored in twentieths of a point), in whole millimetres."""
    return round(length.mm)


class NamesDatesAndNumbersTests(SimpleTestCase):
    def test_a_committees_name_becomes_the_two_lines_of_the_issuing_body(self):
        issuer = nd30.Issuer.from_unit_name("UBND huyện Thanh Giang")
        self.assertEqual(issuer.name_lines, ("ỦY BAN NHÂN DÂN", "HUYỆN THANH GIANG"))
        self.assertEqual(issuer.place, "Thanh Giang")
        self.assertEqual(issuer.short_name, "UBND huyện Thanh Giang")
        town = nd30.Issuer.from_unit_name("Ủy ban nhân dân thị xã Mỹ Hào")
        self.assertEqual(
            (town.name_lines[1], town.place, town.short_name), ("THỊ XÃ MỸ HÀO", "Mỹ Hào", "UBND thị xã Mỹ Hào")
        )

    def test_any_other_body_is_one_line_and_its_place_can_be_given(self):
        issuer = nd30.Issuer.from_unit_name("Sở Nội vụ", place="Hưng Yên", parent="UBND tỉnh Hưng Yên")
        self.assertEqual(
            (issuer.name_lines, issuer.place, issuer.parent), (("SỞ NỘI VỤ",), "Hưng Yên", "UBND TỈNH HƯNG YÊN")
        )

    def test_days_under_ten_and_the_first_two_months_take_a_zero(self):
        self.assertEqual(nd30.place_and_date("Thanh Giang", date(2027, 2, 5)), "Thanh Giang, ngày 05 tháng 02 năm 2027")
        self.assertEqual(nd30.place_and_date("Văn Giang", date(2021, 4, 12)), "Văn Giang, ngày 12 tháng 4 năm 2021")

    def test_a_vice_chairman_signs_for_the_chairman_on_behalf_of_the_committee(self):
        self.assertEqual(nd30.Signer("A").lines(), ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
        self.assertEqual(nd30.Signer("A", title="Chủ tịch").lines(), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
        self.assertEqual(nd30.Signer("A", on_behalf_of="").lines(), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])

    def test_numbers_have_the_decimal_comma_and_two_places(self):
        self.assertEqual(nd30.number(Decimal("80.105")), "80,11")
        self.assertEqual(nd30.number("1234.5"), "1.234,50")
        self.assertEqual(nd30.number(None), "—")


class DocumentTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        doc = nd30.new_document(title_text="Thử", author="UBND huyện Thanh Giang")
        issuer = nd30.Issuer.from_unit_name("UBND huyện Thanh Giang")
        nd30.header_block(doc, issuer, "254/UBND-NV", date(2021, 4, 12), subject=["V/v nâng cao chỉ số"])
        nd30.addressees(doc, ["Thủ trưởng các cơ quan chuyên môn;", "Chủ tịch UBND các xã, thị trấn."])
        nd30.body(doc, "Nội dung.")
        nd30.recipients_and_signer(doc, ["Như trên;", "Lưu: VT, NV."], nd30.Signer("Chu Quốc Hiệu", title="Chủ tịch"))
        nd30.landscape_section(doc)
        nd30.appendix_heading(doc, "Phụ lục", ["DANH SÁCH"], "(Kèm theo Công văn số 254/UBND-NV)")
        cell = nd30.HeaderCell
        nd30.grid_table(
            doc,
            [[cell("STT", rowspan=2), cell("Điểm", colspan=2)], [cell("1"), cell("2")]],
            [["1", "80,11", "5,00"]],
            [Mm(10), Mm(20), Mm(20)],
            ["center", "right", "right"],
        )
        cls.doc = Document(io.BytesIO(nd30.to_bytes(doc)))

    def test_a4_portrait_then_landscape_with_the_decrees_margins(self):
        first, appendix = self.doc.sections
        self.assertEqual((mm(first.page_width), mm(first.page_height)), (210, 297))
        self.assertEqual(first.orientation, WD_ORIENT.PORTRAIT)
        self.assertEqual((mm(appendix.page_width), appendix.orientation), (297, WD_ORIENT.LANDSCAPE))
        for section in self.doc.sections:
            margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
            self.assertEqual([mm(m) for m in margins], [20, 20, 30, 15])

    def test_every_style_names_times_new_roman_for_every_script(self):
        for style in self.doc.styles:
            fonts = style.element.find(qn("w:rPr"))
            fonts = None if fonts is None else fonts.find(qn("w:rFonts"))
            if fonts is None:
                continue
            with self.subTest(style=style.name):
                self.assertEqual(fonts.get(qn("w:eastAsia")), "Times New Roman")
                self.assertIsNone(fonts.get(qn("w:asciiTheme")))

    def test_the_header_block_has_the_number_the_subject_and_the_date(self):
        table = self.doc.tables[0]
        self.assertEqual(table.cell(1, 0).text, "Số: 254/UBND-NV\nV/v nâng cao chỉ số")
        self.assertEqual(table.cell(1, 1).text, "Văn Giang, ngày 12 tháng 4 năm 2021".replace("Văn", "Thanh"))

    def test_page_numbers_from_page_two_continue_in_the_appendix(self):
        first, appendix = self.doc.sections
        self.assertTrue(first.different_first_page_header_footer)
        self.assertFalse(appendix.different_first_page_header_footer)
        self.assertTrue(appendix.header.is_linked_to_previous)

    def test_the_table_header_spans_and_repeats(self):
        table = self.doc.tables[-1]
        self.assertEqual(table.cell(0, 1).text, "Điểm")
        self.assertIs(table.cell(0, 1)._tc, table.cell(0, 2)._tc)  # merged across the two area columns
        self.assertIsNotNone(table.rows[0]._tr.trPr.find(qn("w:tblHeader")))
        self.assertEqual([c.text for c in table.rows[2].cells], ["1", "80,11", "5,00"])
