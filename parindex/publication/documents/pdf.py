"""A Word document as PDF, through LibreOffice headless (Debian's ``libreoffice-writer-nogui``, installed by
``scripts/install-office.sh``).

Each conversion runs ``soffice --headless --convert-to pdf`` in a scratch directory of its own, with a private
LibreOffice profile (``-env:UserInstallation``), so that conversions running at the same time (two web workers, a
test beside the demo) never share a profile or its lock, and under a timeout: LibreOffice and its children are started
in a new session and killed as a group when it runs out. ``PARINDEX_SOFFICE`` names another binary.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 120


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed, or ran out of time; the message says which, in one line."""


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return os.environ.get("PARINDEX_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def docx_to_pdf(data: bytes, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """The PDF of a .docx given as bytes. Raises :class:`ConversionError`."""
    binary = soffice()
    if binary is None:
        raise ConversionError(_("LibreOffice (soffice) is not installed: run scripts/install-office.sh"))
    with tempfile.TemporaryDirectory(prefix="parindex-pdf-") as scratch:
        work = Path(scratch)
        source = work / "document.docx"
        source.write_bytes(data)
        out = work / "out"
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            str(source),
        ]
        environment = {**os.environ, "HOME": str(work), "TMPDIR": str(work)}
        process = subprocess.Popen(  # noqa: S603 - a fixed command line, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        try:
            _stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ConversionError(
                _("LibreOffice did not finish within %(seconds)s seconds") % {"seconds": timeout}
            ) from None
        finally:
            _kill_group(process)  # soffice.bin may outlive the wrapper script
        pdf = out / "document.pdf"
        if process.returncode != 0 or not pdf.exists():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[-1] if detail else f"exit status {process.returncode}"
            raise ConversionError(_("LibreOffice could not convert the document: %(reason)s") % {"reason": reason})
        return pdf.read_bytes()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(pdf: bytes) -> int:
    """How many pages a PDF written by LibreOffice has (its page objects are not compressed)."""
    return len(_PAGE.findall(pdf))
