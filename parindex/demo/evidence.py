"""The demo's evidence files: real, small PDF, DOCX, XLSX and PNG files made here, one for each item a unit scored
that asks for evidence, uploaded through the same service as the sheet's upload button (checked by content, stored
privately, audited).

Each file says what it stands for (the unit, the criterion, the document the set asks for) and that it is sample data.
The type follows the document asked for: plans and reports as DOCX, lists and registers as XLSX, photos as PNG,
decisions and minutes as PDF (a scanned signed paper, as offices send them).
"""

from __future__ import annotations

import io
import random
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from xml.sax.saxutils import escape

from openpyxl import Workbook

from parindex.assessments.evidence import add_evidence
from parindex.assessments.models import Campaign, Score
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit

SAMPLE_NOTE = "Tài liệu mẫu của bản trình diễn parindex, không phải văn bản thật."
_DOCX_WORDS = ("kế hoạch", "báo cáo", "các báo cáo", "quy chế", "nội quy", "lịch", "mục tiêu", "chương trình")
_XLSX_WORDS = ("danh sách", "danh mục", "bảng", "thống kê", "sổ")


def attach_demo_evidence(
    campaign: Campaign, unit: Unit, leaves: Iterable[Criterion], actor: Actor, rng: random.Random, share: float = 1.0
) -> int:
    """Upload a file for each leaf the unit scored (not "not applicable") that asks for evidence, or for about
    ``share`` of them; returns how many files were added."""
    scored = {
        criterion_id
        for criterion_id, na in Score.objects.filter(
            campaign_id=campaign.pk, unit_id=unit.pk, self_score__isnull=False
        ).values_list("criterion_id", "self_na")
        if not na
    }
    added = 0
    for leaf in leaves:
        if not leaf.evidence or leaf.pk not in scored or rng.random() > share:
            continue
        name, content = evidence_file(campaign, unit, leaf)
        add_evidence(campaign, unit, leaf, io.BytesIO(content), name, actor)
        added += 1
    return added


def evidence_file(campaign: Campaign, unit: Unit, leaf: Criterion) -> tuple[str, bytes]:
    """(file name, content) of the document ``leaf`` asks for, as ``unit`` would send it in ``campaign``'s year."""
    title = _title(leaf.evidence, campaign.year)
    lowered = title.lower()
    lines = [
        unit.name,
        title,
        f"Tài liệu kiểm chứng tiêu chí {leaf.code}: {leaf.name}",
        f"{campaign.name}",
        SAMPLE_NOTE,
    ]
    if lowered.startswith("ảnh"):
        kind, content = "png", make_png(unit.pk * 7919 + leaf.pk)
    elif lowered.startswith(_DOCX_WORDS):
        kind, content = "docx", make_docx(lines)
    elif lowered.startswith(_XLSX_WORDS):
        kind, content = "xlsx", make_xlsx(title, unit.name, leaf.code)
    else:
        kind, content = "pdf", make_pdf(lines)
    return f"{leaf.code} {title.replace('/', '-')}.{kind}", content


def _title(evidence: str, year: int) -> str:
    """The first document the set asks for, without the note in brackets, dated in the campaign's year."""
    first = evidence.split(";")[0].split(",")[0]
    first = re.sub(r"\s*\(.*?(\)|$)", "", first).strip()
    first = first.replace("năm đánh giá", f"năm {year}")
    return first[:80].rstrip(" .")


# --- the files themselves --------------------------------------------------------------------------------------


def make_docx(paragraphs: list[str]) -> bytes:
    """A Word document (DOCX) with one paragraph per line; the first two lines bold, as a document's heading."""
    body = "".join(
        "<w:p><w:r>"
        + ("<w:rPr><w:b/></w:rPr>" if i < 2 else "")
        + f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for i, text in enumerate(paragraphs)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def make_xlsx(title: str, unit_name: str, leaf_code: str) -> bytes:
    """A spreadsheet (XLSX) with a titled table, as a unit keeps its lists and registers."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append([title])
    sheet.append([unit_name])
    sheet.append([f"Tiêu chí {leaf_code}. {SAMPLE_NOTE}"])
    sheet.append([])
    sheet.append(["STT", "Nội dung", "Số, ký hiệu", "Ngày", "Ghi chú"])
    for number in range(1, 6):
        sheet.append([number, f"Mục {number}", f"{10 + number}/UBND", f"{number + 2:02d}/03", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ascii(text: str) -> str:
    """The text without its accents: the PDF's built-in font has no Vietnamese letters (a scan has no text)."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in plain if not unicodedata.combining(c))
    return kept.encode("ascii", "replace").decode("ascii")


def make_pdf(lines: list[str]) -> bytes:
    """A one-page A4 PDF with the lines in Helvetica and a correct cross-reference table."""
    text = ["BT", "/F1 12 Tf", "14 TL", "60 780 Td"]
    for line in lines:
        safe = _ascii(line)[:90].replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({safe}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    return pdf_document(objects)


def pdf_document(objects: list[bytes]) -> bytes:
    """A PDF file of these numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_png(seed: int, width: int = 160, height: int = 120) -> bytes:
    """A small RGB picture standing for a photo (a notice board on a wall): a coloured board on a light wall."""
    rng = random.Random(seed)
    wall, paper = bytes((222, 214, 196)), bytes((250, 250, 245))
    board = bytes((rng.randint(20, 120), rng.randint(80, 160), rng.randint(60, 140)))

    def row(on_board: bool, papers: bool) -> bytes:
        pixels = b"".join(
            (paper if papers and (x - 35) % 30 < 22 else board) if on_board and 25 <= x < width - 25 else wall
            for x in range(width)
        )
        return b"\x00" + pixels  # each row starts with its filter byte: none

    kinds = {(on, pp): row(on, pp) for on in (False, True) for pp in (False, True)}
    rows = []
    for y in range(height):
        on_board = 20 <= y < height - 30
        rows.append(kinds[(on_board, on_board and (y - 30) % 24 < 16 and y >= 30)])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
