"""Suite-wide fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True, scope="session")
def _scratch_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The whole run works in a scratch data directory: class-level set-ups (the demo, files stored in
    setUpTestData) run before the per-test fixtures below and must not write into ./var either."""
    base = tmp_path_factory.mktemp("data")
    from django.conf import settings

    storages = {**settings.STORAGES}
    storages["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(base / "evidence"), "base_url": None},
    }
    with override_settings(DATA_DIR=base, INDICATORS_DIR=base / "indicators", STORAGES=storages):
        yield


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
