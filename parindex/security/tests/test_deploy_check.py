"""`DEBUG=0 parindex check --deploy` with the production settings of docs/install-and-configure.md reports nothing,
and the HTTPS settings are read from the environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "install-and-configure.md"


def documented_production_settings() -> dict[str, str]:
    """The variables of the block after the production-settings marker in the installation page."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- production-settings:.*?-->\s*```sh\n(.*?)```", text, re.S)
    assert block is not None, "the production settings block is missing from docs/install-and-configure.md"
    pairs = (line.split("=", 1) for line in block.group(1).splitlines() if line.strip() and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


def run_parindex(tmp: str, settings: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    keep = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG", "PYTHONPATH"}}
    env = {**keep, **settings, "PARINDEX_DATA_DIR": tmp}
    return subprocess.run(
        [sys.executable, "-m", "parindex", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


class DeployCheckTest(SimpleTestCase):
    def test_the_documented_production_settings_pass_the_deployment_check(self):
        settings = documented_production_settings()
        self.assertEqual(settings.get("SECURE_SSL_REDIRECT"), "1")
        with tempfile.TemporaryDirectory() as tmp:
            done = run_parindex(tmp, {**settings, "DEBUG": "0"}, "check", "--deploy", "--fail-level", "WARNING")
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            self.assertIn("System check identified no issues", done.stdout)
            # Without the HTTPS settings, the same check complains: the block is what makes it clean.
            plain = {name: value for name, value in settings.items() if not name.startswith("SECURE_")}
            bare = run_parindex(tmp, {**plain, "DEBUG": "0"}, "check", "--deploy", "--fail-level", "WARNING")
            self.assertNotEqual(bare.returncode, 0)
            self.assertIn("security.W004", bare.stdout + bare.stderr)
            self.assertIn("security.W008", bare.stdout + bare.stderr)

    def test_the_proxy_header_is_read_as_header_name_colon_value(self):
        with tempfile.TemporaryDirectory() as tmp:
            shown = run_parindex(
                tmp,
                {"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https", "DEBUG": "0"},
                "shell",
                "-c",
                "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
            )
            self.assertEqual(shown.stdout.strip().splitlines()[-1], "('HTTP_X_FORWARDED_PROTO', 'https')", shown.stderr)
            bad = run_parindex(tmp, {"SECURE_PROXY_SSL_HEADER": "https", "DEBUG": "0"}, "check")
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn("SECURE_PROXY_SSL_HEADER='https' is not 'Header-Name: value'", bad.stderr)

    def test_the_lockout_is_configured_from_the_environment(self):
        show = (
            "from django.conf import settings as s; print("
            "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_LOCKOUT_PARAMETERS)"
        )
        with tempfile.TemporaryDirectory() as tmp:
            shown = run_parindex(
                tmp,
                {"LOGIN_FAILURE_LIMIT": "8", "LOGIN_COOLOFF_MINUTES": "30", "LOGIN_LOCKOUT_BY": "username+ip_address"},
                "shell",
                "-c",
                show,
            )
            self.assertEqual(
                shown.stdout.strip().splitlines()[-1], "8 0:30:00 [['username', 'ip_address']]", shown.stderr
            )
            bad = run_parindex(tmp, {"LOGIN_LOCKOUT_BY": "username,cookie"}, "check")
            self.assertNotEqual(bad.returncode, 0)
            self.assertIn("LOGIN_LOCKOUT_BY names 'cookie'", bad.stderr)
