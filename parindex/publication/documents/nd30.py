"""Word documents in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I: the form of administrative documents).

A document is built top to bottom with these helpers (python-docx), then saved with :func:`to_bytes`::

    doc = new_document()                      # A4, margins, Times New Roman, page numbers from page 2
    issuer = Issuer.from_unit_name("UBND huyện Thanh Giang")
    header_block(doc, issuer, "771/QĐ-UBND", date(2027, 2, 5))
    title(doc, "QUYẾT ĐỊNH", ["Về việc phê duyệt và công bố Chỉ số cải cách hành chính năm 2021"])
    authority(doc, "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THANH GIANG")
    legal_bases(doc, ["Căn cứ …;", "Theo đề nghị của Trưởng phòng Nội vụ."])
    centred(doc, "QUYẾT ĐỊNH:", bold=True)
    article(doc, 1, "Phê duyệt …", items=["1. …"])
    recipients_and_signer(doc, ["Như Điều 3;", "Lưu: VT, NV."], Signer("Nguyễn Văn A"))
    landscape_section(doc)                    # an appendix too wide for a portrait page
    appendix_heading(doc, "Phụ lục I", ["KẾT QUẢ …"], "(Kèm theo Quyết định số …)")
    grid_table(doc, [[HeaderCell("STT"), …]], rows, widths=[Mm(10), …], align=["center", "left", …])
    data = to_bytes(doc)

Sizes follow the decree: quốc hiệu 12 pt bold upper case; tiêu ngữ 13 pt bold, with a rule as long as the line;
the issuing body 13 pt bold upper case with a short rule; number 13 pt; place and date 14 pt italic; the kind of
document and its summary 14 pt bold; body 14 pt, justified, first line indented 1,27 cm, 6 pt between paragraphs;
"Nơi nhận:" 12 pt bold italic and its lines 11 pt; the signer's block 14 pt bold; page numbers 13 pt, centred in the
top margin, from the second page on. Times New Roman is set on every style, East Asian and complex-script slots
included, so that Word never substitutes a theme font (LibreOffice draws it with the metric-compatible Liberation
Serif, so the pages break alike).

Numbers are written with the Vietnamese decimal comma (:func:`number`: 80,11) through Django's format of the ``vi``
locale (``parindex/formats/vi``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import docx
from django.utils import translation
from django.utils.formats import number_format
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from parindex.publication.documents.docxkit import BODY_SIZE as BODY_SIZE
from parindex.publication.documents.docxkit import FONT as FONT
from parindex.publication.documents.docxkit import LANGUAGE as LANGUAGE
from parindex.publication.documents.docxkit import HeaderCell as HeaderCell
from parindex.publication.documents.docxkit import add_run as add_run
from parindex.publication.documents.docxkit import (
    bottom_border,
    first_paragraph,
    fmt,
    layout_table,
    page_number_field,
    set_fonts,
)
from parindex.publication.documents.docxkit import grid_table as grid_table
from parindex.publication.documents.docxkit import note as note
from parindex.publication.documents.docxkit import to_bytes as to_bytes
from parindex.scoring.numbers import quantize_points

A4_WIDTH, A4_HEIGHT = Mm(210), Mm(297)


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres (the decree: top and bottom 20–25, left 30–35, right 15–20)."""

    top: int = 20
    bottom: int = 20
    left: int = 30
    right: int = 15


MARGINS = Margins()
FIRST_LINE_INDENT = Cm(1.27)
# The header block: the issuing body on the left, the national title on the right (the two fill the text width).
LEFT_COLUMN, RIGHT_COLUMN = Cm(6.0), Cm(10.5)
CELL_MARGIN = Cm(0.19)  # Word's default left and right cell margin
TITLE_RULE = Cm(4)  # the rule under the summary
# The motto at 13 pt bold is 159 pt wide in Times New Roman (and in Liberation Serif, its metric twin): its rule is
# drawn as the paragraph's bottom border, between indents that leave exactly the line (plus a point on each side).
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_WIDTH = Pt(159.1)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
COMMITTEE = "Ủy ban nhân dân"


@dataclass(frozen=True)
class Issuer:
    """The issuing body as the header block prints it: an optional governing body (cơ quan chủ quản, not bold), the
    body's name in bold upper case over one or more lines, and the place name of the date line."""

    name_lines: tuple[str, ...]
    place: str
    parent: str = ""

    @classmethod
    def from_unit_name(cls, name: str, place: str = "", parent: str = "") -> Issuer:
        """From a unit's name as the data holds it: "UBND huyện Thanh Giang" → "ỦY BAN NHÂN DÂN" / "HUYỆN THANH
        GIANG", place "Thanh Giang"; any other name is one line in upper case and its own place name."""
        text = " ".join(name.split())
        match = re.match(r"(?i)^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+(.+)$", text)
        if match:
            rest = match.group(2)
            found = re.match(r"(?i)^(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+(.+)$", rest)
            return cls(
                (COMMITTEE.upper(), rest.upper()),
                place or (found.group(2) if found else rest),
                parent.upper(),
            )
        return cls((text.upper(),), place or text, parent.upper())

    @property
    def short_name(self) -> str:
        """ "UBND huyện Thanh Giang" again, as a reference line writes it."""
        if len(self.name_lines) == 2 and self.name_lines[0] == COMMITTEE.upper():
            return "UBND " + _sentence_case_place(self.name_lines[1])
        return " ".join(self.name_lines)


def _sentence_case_place(text: str) -> str:
    """ "HUYỆN THANH GIANG" → "huyện Thanh Giang" (the level in lower case, the place name capitalised)."""
    words = text.lower().split()
    levels = {"tỉnh", "huyện", "quận", "xã", "phường"}
    two_word_levels = {("thành", "phố"), ("thị", "xã"), ("thị", "trấn")}
    level = 2 if tuple(words[:2]) in two_word_levels else 1 if words and words[0] in levels else 0
    return " ".join(words[:level] + [w[:1].upper() + w[1:] for w in words[level:]])


@dataclass(frozen=True)
class Signer:
    """Who signs, and in whose name (thẩm quyền, chức vụ, họ tên).

    ``on_behalf_of`` is the collective body the signer signs for ("TM. ỦY BAN NHÂN DÂN"), empty when the document is
    the head's own; a signer whose ``title`` is not the head's signs "KT." (for the head): "KT. CHỦ TỊCH / PHÓ CHỦ
    TỊCH"."""

    name: str
    title: str = "Phó Chủ tịch"
    on_behalf_of: str = COMMITTEE
    head_title: str = "Chủ tịch"

    def lines(self) -> list[str]:
        lines = []
        if self.on_behalf_of:
            lines.append(f"TM. {self.on_behalf_of.upper()}")
        if self.title.casefold() != self.head_title.casefold():
            lines.append(f"KT. {self.head_title.upper()}")
        lines.append(self.title.upper())
        return lines


def number(value: Decimal | str | int | None, places: int = 2) -> str:
    """A figure with the Vietnamese decimal comma and ``places`` decimals (80,11; 1.234,50); "—" for none."""
    if value is None or value == "":
        return "—"
    amount = Decimal(str(value))
    if places == 2:
        amount = quantize_points(amount)
    with translation.override("vi"):
        return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def place_and_date(place: str, day: date) -> str:
    """ "Thanh Giang, ngày 05 tháng 02 năm 2027": a day under 10 and the months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# --- the document and its sections ------------------------------------------------------------------------------


def new_document(margins: Margins = MARGINS, title_text: str = "", author: str = "") -> Document:
    """An empty A4 portrait document: the decree's margins, Times New Roman 14 pt on every style, Vietnamese as the
    proofing language, and the page number centred in the top margin from the second page on."""
    doc = docx.Document()
    set_fonts(doc)
    section = doc.sections[0]
    _page(section, landscape=False, margins=margins)
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty header on the first page
    page_number_field(section.header.paragraphs[0])
    doc.core_properties.title = title_text
    doc.core_properties.author = author
    doc.core_properties.language = LANGUAGE
    return doc


def landscape_section(doc: Document, margins: Margins = MARGINS) -> Section:
    """A new section on a new page, A4 landscape (an appendix with a wide table); page numbers continue."""
    return _new_section(doc, landscape=True, margins=margins)


def portrait_section(doc: Document, margins: Margins = MARGINS) -> Section:
    """A new section on a new page, A4 portrait; page numbers continue."""
    return _new_section(doc, landscape=False, margins=margins)


def _new_section(doc: Document, landscape: bool, margins: Margins) -> Section:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    # The section break sits in an empty paragraph at the end of the previous section: 1 pt high, so that it never
    # pushes a full page's last line onto a page of its own.
    closing = doc.paragraphs[-1]
    fmt(closing, WD_ALIGN_PARAGRAPH.LEFT, 0, 0)
    closing.paragraph_format.line_spacing = Pt(1)
    _page(section, landscape=landscape, margins=margins)
    section.different_first_page_header_footer = False  # numbered on its first page too
    section.header.is_linked_to_previous = True
    return section


def _page(section: Section, landscape: bool, margins: Margins) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    section.header_distance = section.footer_distance = Mm(10)


def text_width(section: Section) -> Length:
    """The width between the section's margins."""
    return Length(int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0))


# --- paragraphs ---------------------------------------------------------------------------------------------------


def centred(
    container: Document | _Cell,
    text: str,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_SIZE,
    before: float = 0,
    after: float = 0,
    keep_with_next: bool = True,
) -> Paragraph:
    """A centred paragraph (titles, the word "QUYẾT ĐỊNH:", the lines of the header block)."""
    paragraph = container.add_paragraph()
    add_run(paragraph, text, bold, italic, size)
    return fmt(paragraph, WD_ALIGN_PARAGRAPH.CENTER, before, after, keep_with_next=keep_with_next)


def rule(container: Document | _Cell, length: Length, available: Length, before: float = 0, after: float = 0) -> None:
    """A horizontal rule of ``length``, centred in ``available`` (the short line under a body's name or a summary):
    an empty 2 pt paragraph with a bottom border between indents."""
    paragraph = container.add_paragraph()
    side = Length(max(0, (int(available) - int(length)) // 2))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    fmt(paragraph, WD_ALIGN_PARAGRAPH.CENTER, before, after, keep_with_next=True)
    paragraph.paragraph_format.line_spacing = Pt(2)
    bottom_border(paragraph)


def body(
    doc: Document | _Cell,
    text: str,
    lead: str = "",
    italic: bool = False,
    size: float = BODY_SIZE,
    after: float = 6,
) -> Paragraph:
    """A paragraph of the body: justified, first line indented 1,27 cm, 6 pt after, line spacing 1,15; ``lead`` in
    bold before the text ("Điều 1.")."""
    paragraph = doc.add_paragraph()
    if lead:
        add_run(paragraph, lead + " ", bold=True, size=size)
    add_run(paragraph, text, italic=italic, size=size)
    fmt(paragraph, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, after, first_line=FIRST_LINE_INDENT)
    paragraph.paragraph_format.line_spacing = 1.15
    return paragraph


def title(doc: Document, kind: str, summary: Sequence[str], rule_length: Length = TITLE_RULE) -> None:
    """The kind of document ("QUYẾT ĐỊNH") and its summary, one line per item of ``summary``, bold and centred, with
    a short rule under them."""
    centred(doc, kind.upper(), bold=True, before=18)
    centred(doc, "\n".join(summary), bold=True)
    rule(doc, rule_length, text_width(doc.sections[-1]), before=2, after=12)


def authority(doc: Document, text: str) -> None:
    """Who decides ("CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN THANH GIANG"), bold, centred, upper case."""
    centred(doc, text.upper(), bold=True, after=12)


def legal_bases(doc: Document, bases: Sequence[str]) -> None:
    """The legal bases (căn cứ ban hành), one italic paragraph each, as given ("Căn cứ …;" and a last "… ."); an
    empty line is skipped."""
    for basis in bases:
        if basis.strip():
            body(doc, basis.strip(), italic=True)


def article(doc: Document, number_: int, text: str, items: Sequence[str] = ()) -> None:
    """ "Điều N." in bold, then its text, then one paragraph per item (1., 2. or a), b) written in the item)."""
    body(doc, text, lead=f"Điều {number_}.")
    for item in items:
        body(doc, item)


# --- tables -------------------------------------------------------------------------------------------------------


def _cell_lines(
    cell: _Cell,
    lines: Sequence[tuple[str, dict[str, object]]],
) -> None:
    for i, (text, style) in enumerate(lines):
        paragraph = first_paragraph(cell) if i == 0 else cell.add_paragraph()
        add_run(
            paragraph,
            text,
            bold=bool(style.get("bold")),
            italic=bool(style.get("italic")),
            size=float(style.get("size", BODY_SIZE)),  # type: ignore[arg-type]
        )
        fmt(
            paragraph,
            style.get("align", WD_ALIGN_PARAGRAPH.CENTER),  # type: ignore[arg-type]
            float(style.get("before", 0)),  # type: ignore[arg-type]
            float(style.get("after", 0)),  # type: ignore[arg-type]
        )


def header_block(
    doc: Document,
    issuer: Issuer,
    number_: str,
    day: date,
    subject: Sequence[str] = (),
) -> Table:
    """The top of the first page, a borderless table of two rows and two columns: the issuing body with its short
    rule | the national title and the motto with its rule; "Số: …" (and, for a dispatch, its subject "V/v …" under
    it, 12 pt) | place and date in italics. The number is written as given ("771/QĐ-UBND")."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout_table(table, [LEFT_COLUMN, RIGHT_COLUMN], borders=False)
    body_cell, nation_cell = table.cell(0, 0), table.cell(0, 1)
    lines: list[tuple[str, dict[str, object]]] = []
    if issuer.parent:
        lines.append((issuer.parent, {"size": 13}))
    lines += [(line, {"size": 13, "bold": True}) for line in issuer.name_lines]
    _cell_lines(body_cell, lines)
    inner_left = Length(int(LEFT_COLUMN) - 2 * int(CELL_MARGIN))
    rule(body_cell, Cm(2.2), inner_left, before=4)
    _cell_lines(nation_cell, [(NATIONAL_TITLE, {"size": 12, "bold": True}), (MOTTO, {"size": 13, "bold": True})])
    motto = nation_cell.paragraphs[-1]
    inner_right = int(RIGHT_COLUMN) - 2 * int(CELL_MARGIN)
    side = Length((inner_right - int(MOTTO_WIDTH)) // 2 - int(Pt(1)))
    motto.paragraph_format.left_indent = motto.paragraph_format.right_indent = side
    bottom_border(motto, space=2)
    number_lines: list[tuple[str, dict[str, object]]] = [(f"Số: {number_}", {"size": 13, "before": 6})]
    number_lines += [(line, {"size": 12, "before": 2 if i == 0 else 0}) for i, line in enumerate(subject)]
    _cell_lines(table.cell(1, 0), number_lines)
    _cell_lines(table.cell(1, 1), [(place_and_date(issuer.place, day), {"size": 14, "italic": True, "before": 6})])
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    return table


def addressees(doc: Document, recipients: Sequence[str]) -> None:
    """ "Kính gửi:" and the addressees of a dispatch: one on the same line, several as a list of "- …" lines."""
    if len(recipients) == 1:
        paragraph = doc.add_paragraph()
        add_run(paragraph, "Kính gửi: " + recipients[0])
        fmt(paragraph, WD_ALIGN_PARAGRAPH.CENTER, 12, 12)
        return
    centred(doc, "Kính gửi:", before=12, after=0)
    for i, recipient in enumerate(recipients):
        paragraph = doc.add_paragraph()
        add_run(paragraph, f"- {recipient}")
        fmt(paragraph, WD_ALIGN_PARAGRAPH.LEFT, 0, 12 if i == len(recipients) - 1 else 0)
        paragraph.paragraph_format.left_indent = Cm(4)


def recipients_and_signer(doc: Document, recipients: Sequence[str], signer: Signer) -> Table:
    """The foot of the document, a borderless table: "Nơi nhận:" and its lines on the left (12 and 11 pt), the
    signer's authority, title, room for the signature and seal, and name on the right (14 pt bold)."""
    spacer = doc.add_paragraph()
    fmt(spacer, WD_ALIGN_PARAGRAPH.LEFT, 0, 0, keep_with_next=True)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout_table(table, [Cm(7.0), Cm(9.5)], borders=False)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left_lines: list[tuple[str, dict[str, object]]] = [
        ("Nơi nhận:", {"size": 12, "bold": True, "italic": True, "align": WD_ALIGN_PARAGRAPH.LEFT})
    ]
    left_lines += [(f"- {line}", {"size": 11, "align": WD_ALIGN_PARAGRAPH.LEFT}) for line in recipients]
    _cell_lines(left, left_lines)
    right_lines: list[tuple[str, dict[str, object]]] = [(line, {"bold": True}) for line in signer.lines()]
    right_lines += [("", {}) for _ in range(4)]
    right_lines.append((signer.name, {"bold": True}))
    _cell_lines(right, right_lines)
    table.rows[0].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    _keep_row_together(table)
    return table


def _keep_row_together(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def appendix_heading(doc: Document, label: str, heading: Sequence[str], reference: str) -> None:
    """An appendix's heading: "PHỤ LỤC I" and its title in bold, the reference to the document in italics
    ("(Kèm theo Quyết định số … ngày … của …)"), and a short rule."""
    centred(doc, label.upper(), bold=True)
    centred(doc, "\n".join(heading), bold=True)
    centred(doc, reference, italic=True, size=13)
    rule(doc, Cm(4), text_width(doc.sections[-1]), before=2, after=10)
