"""Test-wide settings: a throwaway data directory and a fixed secret, before Django reads its settings."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("PARINDEX_DATA_DIR", tempfile.mkdtemp(prefix="parindex-test-"))
