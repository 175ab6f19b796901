"""python-docx at the level the administrative documents need: fonts on every style, paragraph spacing, runs with
line breaks, rules drawn as paragraph borders, fixed-width tables and ruled tables of figures. The Nghị định 30/2020
layout itself (:mod:`.nd30`) is written with these; its module re-exports the ones a document builder calls
(``add_run``, ``grid_table``, ``HeaderCell``, ``note``, ``to_bytes``)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_SIZE = 14
TABLE_CELL_MARGIN = Mm(1)  # narrower than Word's 1,9 mm in the ruled tables of figures


def fonts_element(rpr: BaseOxmlElement) -> None:
    """Times New Roman in every slot of ``w:rFonts`` (Latin, high ANSI, East Asian, complex script), theme fonts
    removed: Word prefers a theme font over a named one."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def set_fonts(doc: Document) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts_element(rpr)
    for tag, value in (("w:sz", "28"), ("w:szCs", "28")):
        rpr.find(qn(tag)).set(qn("w:val"), value)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for style in doc.styles:
        font = getattr(style, "font", None)
        if font is None:
            continue
        font.name = FONT
        fonts_element(style.element.get_or_add_rPr())
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)


def page_number_field(paragraph: Paragraph, size: int = 13) -> None:
    """A PAGE field, centred (the header of every page but the first)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)


def to_bytes(doc: Document) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def fmt(
    paragraph: Paragraph,
    align: WD_ALIGN_PARAGRAPH,
    before: float = 0,
    after: float = 0,
    first_line: Length | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = first_line
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def add_run(
    paragraph: Paragraph, text: str, bold: bool = False, italic: bool = False, size: float | None = None
) -> None:
    """``text`` in ``paragraph``; a newline in it is a line break within the paragraph."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if i:
            run.add_break(WD_BREAK.LINE)
        run.add_text(line)
        run.bold = bold or None
        run.italic = italic or None
        if size is not None:
            run.font.size = Pt(size)


# What follows w:pBdr among a paragraph's properties (the schema's order).
PPR_AFTER_BORDER = (
    "w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap w:overflowPunct w:topLinePunct w:autoSpaceDE "
    "w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents "
    "w:suppressOverlap w:jc w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle "
    "w:rPr w:sectPr w:pPrChange"
)


def bottom_border(paragraph: Paragraph, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", str(space)), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, *PPR_AFTER_BORDER.split())


def layout_table(table: Table, widths: Sequence[Length], borders: bool, cell_margin: Length | None = None) -> None:
    """Fixed column widths in the grid and on every cell (Word reads the cells, LibreOffice the grid); left and
    right cell margins of ``cell_margin`` (default: Word's 1,9 mm)."""
    table.autofit = False  # w:tblLayout type="fixed"
    tbl_pr = table._tbl.tblPr
    # Children of w:tblPr go in the schema's order (Word refuses a document that breaks it).
    if not borders:
        edges = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "nil")
            edges.append(element)
        tbl_pr.insert_element_before(edges, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    if cell_margin is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            element = OxmlElement(f"w:{side}")
            element.set(qn("w:w"), str(int(cell_margin) // 635))  # EMU → twentieths of a point
            element.set(qn("w:type"), "dxa")
            margins.append(element)
        tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def first_paragraph(cell: _Cell) -> Paragraph:
    """A new cell holds one empty paragraph: use it for the first line instead of leaving a blank line."""
    return cell.paragraphs[0]


@dataclass(frozen=True)
class HeaderCell:
    """A header cell of :func:`grid_table`, spanning ``colspan`` columns and ``rowspan`` header rows."""

    text: str
    colspan: int = 1
    rowspan: int = 1


def grid_table(
    doc: Document,
    header: Sequence[Sequence[HeaderCell]],
    rows: Sequence[Sequence[str]],
    widths: Sequence[Length],
    align: Sequence[str],
    size: float = 11,
    bold_rows: Sequence[int] = (),
    cell_margin: Length = TABLE_CELL_MARGIN,
) -> Table:
    """A ruled table: ``header`` rows (cells may span columns and header rows; repeated at the top of every page),
    then ``rows``; each column aligned "left", "center" or "right"; rows never split across pages; ``bold_rows``
    (indexes into ``rows``) in bold (a group's heading or a total); 1 mm between a cell's text and its rules."""
    table = doc.add_table(rows=len(header) + len(rows), cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout_table(table, widths, borders=True, cell_margin=cell_margin)
    taken: set[tuple[int, int]] = set()
    for r, header_row in enumerate(header):
        c = 0
        for spec in header_row:
            while (r, c) in taken:
                c += 1
            cell = table.cell(r, c)
            last = table.cell(r + spec.rowspan - 1, c + spec.colspan - 1)
            if last is not cell and (spec.rowspan > 1 or spec.colspan > 1):
                cell = cell.merge(last)
            for dr in range(spec.rowspan):
                for dc in range(spec.colspan):
                    taken.add((r + dr, c + dc))
            fill(cell, spec.text, "center", size, bold=True)
            c += spec.colspan
    for i, values in enumerate(rows):
        row = table.rows[len(header) + i]
        for cell, value, where in zip(row.cells, values, align, strict=True):
            fill(cell, value, where, size, bold=i in bold_rows)
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < len(header):
            tr_pr.append(OxmlElement("w:tblHeader"))
    return table


def fill(cell: _Cell, text: str, where: str, size: float, bold: bool = False) -> None:
    paragraph = first_paragraph(cell)
    add_run(paragraph, text, bold=bold, size=size)
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(where, WD_ALIGN_PARAGRAPH.CENTER)
    fmt(paragraph, align, 1, 1)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def note(doc: Document, text: str, size: float = 10.5) -> Paragraph:
    """A small italic line under a table (what a column means)."""
    paragraph = doc.add_paragraph()
    add_run(paragraph, text, italic=True, size=size)
    return fmt(paragraph, WD_ALIGN_PARAGRAPH.LEFT, 4, 4)
