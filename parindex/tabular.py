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
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

ENCODINGS_TRIED = ("utf-8", "cp1258", "cp1252")
# The longest note, explanation or free text an import stores for one row: a little under what one Excel cell
# holds (32,767), because calamine cuts a longer cell to that length: a cut text is refused, never stored cut.
MAX_NOTE_LENGTH = 32_000


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


# An ISO date or date-time as exports write it; checked before datetime.fromisoformat, which reads a run of
# 5,000 digits as a date (1111-11-11 11:11:11.111111). ASCII digits only.
ISO_MOMENT = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)


def is_iso_moment(text: str) -> bool:
    return len(text) <= 40 and ISO_MOMENT.fullmatch(text) is not None


def non_ascii_digits(text: str) -> bool:
    """Whether ``text`` has a digit other than 0–9 (``١``, ``５``): never read as a number or a date."""
    return any(c.isdigit() and not c.isascii() for c in text)


def code_problem(text: str, max_length: int) -> str | None:
    """Why ``text`` cannot be an identifier (a code, an id) stored in a column of ``max_length``: a line break,
    a NUL or another control character, or too long. None when it can."""
    if any(unicodedata.category(c) == "Cc" for c in text):
        return _("“%(value)s” contains a line break or a control character") % {
            "value": text.encode("unicode_escape").decode()[:60]
        }
    if len(text) > max_length:
        return _("“%(value)s…” is longer than %(limit)s characters") % {"value": text[:40], "limit": max_length}
    return None


def length_problem(label: str, text: str, max_length: int) -> str | None:
    """Why a text cannot be stored in a column of ``max_length`` characters; None when it can."""
    if len(text) > max_length:
        return _("%(column)s has %(length)s characters, at most %(limit)s are allowed") % {
            "column": label,
            "length": f"{len(text):,}".replace(",", "."),
            "limit": f"{max_length:,}".replace(",", "."),
        }
    return None


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


# Caps on a workbook before it is read (settings can raise or lower them). A 1 MB upload of a sheet padded with
# spaces inflates to about 1 GB; the XML is counted as it is decompressed, so a lying zip header does not help.
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_ROWS = 500_000
XLSX_MAX_COLUMNS = 1_000
_INFLATE_CHUNK = 1 << 20


def _limit(name: str, default: int) -> int:
    from django.conf import settings

    return int(getattr(settings, name, default))


def _unreadable() -> ImportRejected:
    return ImportRejected([RowProblem(0, _("cannot read the workbook: is it a valid .xlsx file?"))])


def check_workbook_size(source: Path | str | IO[bytes]) -> None:
    """Refuse (ImportRejected) a workbook whose content would inflate past the cap (a decompression bomb) before
    anything parses it: first by the sizes the zip declares, then by decompressing and counting, chunk by chunk,
    so a lying header is caught too and never more than one chunk is held in memory."""
    cap = _limit("PARINDEX_XLSX_MAX_UNCOMPRESSED", XLSX_MAX_UNCOMPRESSED)
    too_big = ImportRejected(
        [
            RowProblem(
                0,
                _("the workbook is too large once unpacked (more than %(limit)s MB): split it or save it again")
                % {"limit": cap // (1024 * 1024)},
            )
        ]
    )
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > cap:
                raise too_big
            total = 0
            for entry in entries:
                with archive.open(entry) as member:
                    while block := member.read(_INFLATE_CHUNK):
                        total += len(block)
                        if total > cap:
                            raise too_big
    except ImportRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):  # a damaged or foreign zip: bad headers, bad deflate data, an unknown compression or an encrypted entry
        raise _unreadable() from None
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def read_first_sheet(path: Path | str) -> list[list[Any]]:
    """The rows of a workbook's first sheet (python-calamine: fast, and date cells come back as dates); refuses a
    damaged, empty, oversized or too long file (ImportRejected, never anything else).

    calamine is Rust: on some crafted files (a sheet whose only cell is XFD1048576) it panics, which Python sees
    as ``pyo3_runtime.PanicException``, a BaseException. It is caught here, the one place calamine is called."""
    from python_calamine import CalamineWorkbook

    check_workbook_size(path)
    max_rows = _limit("PARINDEX_XLSX_MAX_ROWS", XLSX_MAX_ROWS)
    max_columns = _limit("PARINDEX_XLSX_MAX_COLUMNS", XLSX_MAX_COLUMNS)
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        last_row, last_column = sheet.end or (0, 0)
        if last_row >= max_rows or last_column >= max_columns:
            raise ImportRejected(
                [
                    RowProblem(
                        0,
                        _(
                            "the sheet reaches row %(row)s, column %(column)s; at most %(rows)s rows and "
                            "%(columns)s columns can be read: delete the empty rows and columns below and right "
                            "of the table"
                        )
                        % {"row": last_row + 1, "column": last_column + 1, "rows": max_rows, "columns": max_columns},
                    )
                ]
            )
        rows = sheet.to_python(skip_empty_area=False)
    except ImportRejected:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except BaseException:  # calamine's own errors for a damaged or foreign file, and its panics
        raise _unreadable() from None
    if not rows:
        raise ImportRejected([RowProblem(0, _("the file is empty"))])
    for number, row in enumerate(rows, start=1):
        for value in row:
            if isinstance(value, str) and "\x00" in value:
                raise ImportRejected([RowProblem(number, _("a cell contains a NUL character"))])
    return rows


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
        try:
            first = handle.readline()
        except UnicodeDecodeError:
            raise ImportRejected(
                [
                    RowProblem(
                        1, _("cannot decode the file: save it as CSV UTF-8 (Excel: “CSV UTF-8 (Comma delimited)”)")
                    )
                ]
            ) from None
        if not first.strip():
            raise ImportRejected([RowProblem(0, _("the file is empty"))])
        handle.seek(0)
        reader = csv.reader(handle, delimiter=_delimiter(first))
        header_rows = _rows_with_lines(reader)
        try:
            _line, names = next(header_rows)
        except StopIteration:
            raise ImportRejected([RowProblem(0, _("the file is empty"))]) from None
        header = [unicodedata.normalize("NFC", name).strip().lstrip("\ufeff") for name in names]

        def rows() -> Iterator[tuple[int, list[str]]]:
            for line, cells in header_rows:
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
    lines = _rows_with_lines(reader)
    try:
        _line, header_row = next(lines)
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
    for line, cells in lines:
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


# csv's own limit on one field; a longer one is refused with its line rather than read.
CSV_FIELD_LIMIT = csv.field_size_limit()


def _rows_with_lines(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each starts on (a quoted cell may span lines). A field over the csv module's
    limit, bytes that do not decode or a NUL character refuse the file with the line they are on."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ImportRejected(
                [
                    RowProblem(
                        start,
                        _("a field is longer than %(limit)s characters (or a quote is never closed)")
                        % {"limit": f"{CSV_FIELD_LIMIT:,}".replace(",", ".")},
                    )
                ]
            ) from None
        except UnicodeDecodeError:
            raise ImportRejected(
                [
                    RowProblem(
                        start,
                        _("cannot decode the file: save it as CSV UTF-8 (Excel: “CSV UTF-8 (Comma delimited)”)"),
                    )
                ]
            ) from None
        if any("\x00" in cell for cell in row):
            raise ImportRejected([RowProblem(start, _("a cell contains a NUL character"))])
        yield start, row
        start = reader.line_num + 1
