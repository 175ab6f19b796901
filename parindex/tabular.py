"""Reading the CSV files people export from Excel and from other systems.

Vietnamese offices send UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text") and Windows code pages
(1258 for Vietnamese, 1252 from western installs). Excel on a Vietnamese Windows separates fields with ``;``
because the decimal mark is a comma. We detect all of this, keep each row's line number for error reports, and
refuse the file whole when it cannot be read, rather than guess at a broken decoding.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

ENCODINGS_TRIED = ("utf-8", "cp1258", "cp1252")


@dataclass(frozen=True)
class RowProblem:
    """A problem with one line of an input file (line 0 = the file as a whole)."""

    line: int
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return self.message
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportRejected(Exception):
    """The whole file was refused; nothing was written. ``problems`` lists every bad row."""

    problems: list[RowProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def decode(data: bytes, encoding: str | None = None) -> str:
    """Bytes to NFC text, detecting the BOM or trying UTF-8 then the Windows code pages.

    Windows-1258 writes most Vietnamese letters as a base letter plus a combining tone mark; NFC makes "Xã" from
    such a file equal to "Xã" typed elsewhere, so codes and names match.
    """
    return unicodedata.normalize("NFC", _decode(data, encoding))


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding:
        return data.decode(encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for candidate in ENCODINGS_TRIED:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("unknown", data, 0, 1, "no known encoding fits")


def fold(text: str) -> str:
    """How headers, codes, names and words are compared: NFC, case-folded, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def cell_text(value: Any) -> str:
    """A cell as text: trimmed, NFC; a whole number a spreadsheet stored as 12.0 reads 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return unicodedata.normalize("NFC", text) if not text.isascii() else text


def read_first_sheet(path: Path | str) -> list[list[Any]]:
    """The rows of a workbook's first sheet (python-calamine: fast, and date cells come back as dates); refuses a
    damaged or empty file."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for a damaged or foreign file
        raise ImportRejected([RowProblem(0, _("cannot read the workbook: is it a valid .xlsx file?"))]) from None
    if not sheet:
        raise ImportRejected([RowProblem(0, _("the file is empty"))])
    return sheet


def detect_encoding(path: Path | str, chunk: int = 1 << 20) -> str:
    """The encoding of a file too big to decode at once: its BOM, else UTF-8 if every byte decodes as UTF-8
    (checked chunk by chunk), else the first Windows code page that fits."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        for candidate in ENCODINGS_TRIED:
            decoder = codecs.getincrementaldecoder(candidate)()
            handle.seek(0)
            try:
                while block := handle.read(chunk):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return candidate
    raise UnicodeDecodeError("unknown", b"", 0, 1, "no known encoding fits")


@dataclass
class CsvStream:
    """A CSV read as it streams: the header (trimmed, as written) and an iterator of (line, cells)."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


@contextmanager
def stream_csv(path: Path | str, encoding: str | None = None) -> Iterator[CsvStream]:
    """Open a CSV of any size: detected encoding and delimiter, each row with the line it starts on, cells in NFC.
    Refuses (ImportRejected) a file that cannot be read, decoded, or has no header."""
    try:
        encoding = encoding or detect_encoding(path)
        handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise ImportRejected([RowProblem(0, _("cannot read the file: %(error)s") % {"error": exc.strerror})]) from None
    except (UnicodeDecodeError, LookupError):
        raise ImportRejected(
            [RowProblem(0, _("cannot decode the file: save it as CSV UTF-8 (Excel: “CSV UTF-8 (Comma delimited)”)"))]
        ) from None
    with handle:
        first = handle.readline()
        if not first.strip():
            raise ImportRejected([RowProblem(0, _("the file is empty"))])
        handle.seek(0)
        reader = csv.reader(handle, delimiter=_delimiter(first))
        header = [unicodedata.normalize("NFC", name).strip().lstrip("\ufeff") for name in next(reader)]

        def rows() -> Iterator[tuple[int, list[str]]]:
            for line, cells in _rows_with_lines(reader):
                yield line, [unicodedata.normalize("NFC", cell) if not cell.isascii() else cell for cell in cells]

        yield CsvStream(header, rows())


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class Table:
    """A decoded CSV: the header names (lower-cased, trimmed) and the data rows with their line numbers."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_csv(
    path: Path | str, required: Sequence[str], optional: Sequence[str] = (), encoding: str | None = None
) -> Table:
    """Read a CSV with a header; refuse a file that lacks a required column or cannot be decoded."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImportRejected([RowProblem(0, _("cannot read the file: %(error)s") % {"error": exc.strerror})]) from None
    try:
        text = decode(data, encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportRejected(
            [RowProblem(0, _("cannot decode the file: save it as CSV UTF-8 (Excel: “CSV UTF-8 (Comma delimited)”)"))]
        ) from None
    return parse_csv_text(text, required, optional)


def parse_csv_text(text: str, required: Sequence[str], optional: Sequence[str] = ()) -> Table:
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header_row = next(reader)
    except StopIteration:
        raise ImportRejected([RowProblem(0, _("the file is empty"))]) from None
    header = [name.strip().lower() for name in header_row]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRejected(
            [
                RowProblem(
                    1,
                    _("missing column(s): %(missing)s; the header must be: %(expected)s")
                    % {"missing": ", ".join(missing), "expected": ",".join([*required, *optional])},
                )
            ]
        )
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[RowProblem] = []
    for values in _rows_with_lines(reader):
        line, cells = values
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            problems.append(
                RowProblem(line, _("%(n)s fields, the header has %(m)s") % {"n": len(cells), "m": len(header)})
            )
            continue
        rows.append((line, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}))
    if problems:
        raise ImportRejected(problems)
    return Table(header=header, rows=rows)


def _rows_with_lines(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each starts on (a quoted cell may span lines)."""
    start = reader.line_num + 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1
