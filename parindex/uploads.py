"""Checks on evidence files (tài liệu kiểm chứng) uploaded for a criterion, before anything is stored.

Policy:

* Only PDF, DOCX, XLSX, JPG/JPEG and PNG are accepted: what appraisers can open on any office computer
  without macros. Legacy DOC/XLS are refused with a hint to re-save them as DOCX/XLSX.
* The type is decided by the CONTENT, not the name: a program renamed ``baocao.pdf``, a ZIP renamed
  ``.docx`` or a spreadsheet renamed ``.docx`` is refused, and the message says what the content really is.
  ``filetype`` sniffs the first bytes; ZIP-based files are settled by their central directory, because
  ``filetype`` only sees the ZIP entries that happen to lie in the first 8 KiB.
* Empty files are refused; oversized files are refused as soon as reading passes the limit, so a huge upload
  is never read to the end. Sizes are shown in MB of 1024 × 1024 bytes (as Windows shows them) with a comma.
* The stored/displayed name is sanitised (basename only, NFC, no control or format characters, no path or
  Windows-reserved characters, at most 150 characters) but keeps its Vietnamese letters.
* Messages are gettext msgids in English; users see them in the active language (Vietnamese by default).
"""

import hashlib
import math
import os
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

import filetype  # type: ignore[import-untyped]
from django.utils.translation import gettext as _
from filetype.types import IMAGE  # type: ignore[import-untyped]

ALLOWED: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "jpg": ("image/jpeg", ("jpg", "jpeg")),
    "png": ("image/png", ("png",)),
}
_LEGACY = {"doc": "docx", "xls": "xlsx"}  # old binary Office format -> the format to re-save it as
_MAX_NAME = 150
_HEAD = 8192  # what filetype.guess() looks at
_CHUNK = 64 * 1024
_MB = 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file of DOC/XLS/PPT and MSI
_ZIP = b"PK\x03\x04"
_PROGRAMS = {"exe", "elf", "dex", "dey", "wasm", "crx", "deb", "rpm"}
_ARCHIVES = {"zip", "rar", "7z", "gz", "bz2", "xz", "tar", "cab", "zst", "lz", "lz4", "Z", "lzo", "br", "ar"}
_TEXTS = {"docx", "doc", "odt", "rtf"}
_SHEETS = {"xlsx", "xls", "ods"}
_DOCUMENTS = {"pdf", "pptx", "ppt", "odp", "epub", "ps"}
_IMAGES = {t.extension for t in IMAGE}
_FORBIDDEN = set('/\\:*?"<>|')


class UploadRejected(ValueError):
    """message is the user-facing reason, in the active language"""


@dataclass(frozen=True)
class CheckedFile:
    """An accepted upload: ``name`` is the sanitised name to store and show, ``kind`` a key of ALLOWED."""

    name: str
    kind: str
    content_type: str
    size: int
    sha256: str


def _safe_name(name: str) -> str:
    """Basename without anything that could escape a folder, confuse a file system or spoof the extension.

    Format characters (Unicode Cf, e.g. U+202E right-to-left override) are removed with the control characters:
    ``"baocao\\u202efdp.exe"`` would otherwise be displayed as ``baocaoexe.pdf``.
    """
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    clean = "".join(c for c in base if c not in _FORBIDDEN and unicodedata.category(c) not in ("Cc", "Cf"))
    clean = clean.strip(" .")
    if len(clean) <= _MAX_NAME:
        return clean
    stem, dot, ext = clean.rpartition(".")
    if not dot or len(ext) + 1 >= _MAX_NAME:
        return clean[:_MAX_NAME].rstrip(" .")
    return stem[: _MAX_NAME - len(ext) - 1].rstrip(" .") + "." + ext


def check_upload(stream: IO[bytes], name: str, max_bytes: int) -> CheckedFile:
    """Accept the upload or raise UploadRejected; the stream is left at position 0 for the caller to save."""
    shown = _safe_name(name)
    extension = shown.rpartition(".")[2].lower() if "." in shown else ""
    if extension in _LEGACY:
        raise UploadRejected(_mismatch(shown, _LEGACY[extension], extension))
    kind = next((k for k, (_mime, exts) in ALLOWED.items() if extension in exts), None)
    if kind is None:
        types = ", ".join(k.upper() for k in ALLOWED)
        raise UploadRejected(
            _("File “%(name)s” is not an accepted type. Accepted types: %(types)s.") % {"name": shown, "types": types}
        )
    try:
        size, digest, head = _read(stream, shown, max_bytes)
        actual = _sniff(stream, head, kind)
    finally:
        stream.seek(0)
    if actual != kind:
        raise UploadRejected(_mismatch(shown, kind, actual))
    return CheckedFile(name=shown, kind=kind, content_type=ALLOWED[kind][0], size=size, sha256=digest)


def _read(stream: IO[bytes], name: str, max_bytes: int) -> tuple[int, str, bytes]:
    """Hash and count in chunks, stopping at the first chunk past the limit so a huge file is not read whole."""
    stream.seek(0)
    sha, size, head = hashlib.sha256(), 0, b""
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            total = max(size, stream.seek(0, os.SEEK_END))  # the real size, for the message only
            raise UploadRejected(
                _("File “%(name)s” is too large: %(size)s MB, the limit is %(limit)s MB.")
                % {"name": name, "size": _mb(total, math.ceil), "limit": _mb(max_bytes, math.floor)}
            )
        sha.update(chunk)
        if len(head) < _HEAD:
            head += chunk[: _HEAD - len(head)]
    if size == 0:
        raise UploadRejected(_("File “%(name)s” is empty.") % {"name": name})
    return size, sha.hexdigest(), head


def _mb(size: int, rounding: Callable[[float], int]) -> str:
    """One decimal with a decimal comma; the size rounds up and the limit down, so they never look equal."""
    return f"{rounding(size * 10 / _MB) / 10:.1f}".replace(".", ",")


def _sniff(stream: IO[bytes], head: bytes, expected: str) -> str | None:
    """The real type as a filetype extension ("pdf", "docx", "exe", ...), or None when unknown."""
    guess = filetype.guess(head)
    actual: str | None = guess.extension if guess else None
    if head.startswith(_ZIP) and actual in (None, "zip", "docx", "xlsx", "pptx"):
        actual = _office_kind(stream)
    if actual is None and head.startswith(_OLE2):
        actual = {"docx": "doc", "xlsx": "xls"}.get(expected)  # an old Office file filetype could not place
    return actual


def _office_kind(stream: IO[bytes]) -> str | None:
    """docx/xlsx/pptx by the parts Office writes, else "zip"; the entries are listed, never decompressed."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        return None
    if "[Content_Types].xml" in names:
        parts = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
        return next((kind for part, kind in parts.items() if part in names), "zip")
    return "zip"


def _mismatch(name: str, expected: str, actual: str | None) -> str:
    """Say what the content really is when known ("a program (EXE)"); for DOC/XLS say how to fix it."""
    params = {"name": name, "expected": expected.upper(), "actual": _describe(actual) if actual else ""}
    if actual in _LEGACY:
        params.update(old=actual.upper(), new=_LEGACY[actual].upper())
        return (
            _("File “%(name)s” is in the old %(old)s format, which is not accepted: open it and save it as %(new)s.")
            % params
        )
    if actual is None:
        return _("File “%(name)s” is not a real %(expected)s file (its content does not match its name).") % params
    return _("File “%(name)s” is not a %(expected)s: its content is %(actual)s.") % params


def _describe(kind: str) -> str:
    """A short, translated description of a detected type, e.g. "a program (EXE)"."""
    groups = (
        (_PROGRAMS, _("a program (%(type)s)")),
        (_ARCHIVES, _("a compressed archive (%(type)s)")),
        (_TEXTS, _("a text document (%(type)s)")),
        (_SHEETS, _("a spreadsheet (%(type)s)")),
        (_DOCUMENTS, _("a document (%(type)s)")),
        (_IMAGES, _("an image (%(type)s)")),
    )
    text = next((text for kinds, text in groups if kind in kinds), _("a file of type %(type)s"))
    return text % {"type": kind.upper()}
