"""Tests that need LibreOffice (the PDF of a document): skipped with the reason when ``soffice`` is missing, unless
``PARINDEX_REQUIRE_SOFFICE=1`` (set by CI, like ``PARINDEX_REQUIRE_BROWSER``), where a missing LibreOffice is a
failure. ``scripts/install-office.sh`` installs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from parindex.publication.documents import pdf


def require_soffice() -> None:
    """Skip (or fail under CI) when LibreOffice is missing."""
    if pdf.available():
        return
    missing = "LibreOffice (soffice) is not installed (run scripts/install-office.sh)"
    if os.environ.get("PARINDEX_REQUIRE_SOFFICE") == "1":
        pytest.fail(missing)
    pytest.skip(missing)


def page_image(pdf_path: Path, page: int, out_stem: Path, dpi: int = 100) -> Path | None:
    """Draw one page of a PDF as PNG with poppler's pdftoppm (installed with LibreOffice by the same script); None
    when pdftoppm is missing."""
    binary = shutil.which("pdftoppm")
    if binary is None:
        return None
    subprocess.run(
        [binary, "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf_path), str(out_stem)],
        check=True,
        timeout=60,
    )
    return out_stem.with_suffix(".png")
