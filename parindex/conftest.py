"""Suite-wide fixtures."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

# The moment the whole suite runs at: a working Wednesday morning, Vietnam time. Tests never read the wall clock, so
# the suite gives the same answer on a weekend or a public holiday; a test whose answer depends on the date freezes its
# own moment on top of this one. PARINDEX_TEST_NOW (ISO 8601) runs the suite at another moment, to prove exactly that.
SUITE_NOW = datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def suite_now() -> datetime:
    text = os.environ.get("PARINDEX_TEST_NOW", "").strip()
    if not text:
        return SUITE_NOW
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=SUITE_NOW.tzinfo)


@pytest.fixture(autouse=True, scope="session")
def _frozen_clock() -> Any:
    """Every test, and every class-level set-up, runs on the suite's clock, not the wall clock (time still ticks, so
    durations and timeouts behave)."""
    with time_machine.travel(suite_now(), tick=True):
        yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Any:
    """Passwords are hashed with a fast hasher in tests: the real one (PBKDF2, hundreds of thousands of rounds) is slow
    by design, and the suite makes thousands of users (the demo alone about forty per load). Logging in, checking and
    changing passwords work the same."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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
