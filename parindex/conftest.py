"""Suite-wide fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _private_evidence_dir(tmp_path: Path, settings: Any) -> None:
    """Every test stores evidence files in its own temporary directory, never in the data directory."""
    storages = {**settings.STORAGES}
    storages["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "evidence"), "base_url": None},
    }
    settings.STORAGES = storages
    return


@pytest.fixture(autouse=True)
def _private_indicator_store(tmp_path: Path, settings: Any) -> None:
    """Every test has its own columnar store of operational data."""
    settings.INDICATORS_DIR = tmp_path / "indicators"
