"""Typed settings helpers fail loudly on values they cannot use."""

import pytest

from parindex.env import ImproperEnvironment, env_bool, env_int, env_list


def test_booleans_accept_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False), ("", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG", not expected) is expected


def test_a_misspelt_boolean_is_an_error_not_a_default(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperEnvironment, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_integers_are_checked_against_their_minimum(monkeypatch):
    monkeypatch.setenv("X_N", "abc")
    with pytest.raises(ImproperEnvironment):
        env_int("X_N", 1)
    monkeypatch.setenv("X_N", "-5")
    with pytest.raises(ImproperEnvironment, match="minimum"):
        env_int("X_N", 1, minimum=0)
    monkeypatch.delenv("X_N")
    assert env_int("X_N", 7) == 7


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.gov.vn, b.gov.vn ,,")
    assert env_list("X_HOSTS", []) == ["a.gov.vn", "b.gov.vn"]


def test_settings_refuse_to_start_without_a_secret_key_outside_debug(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "PARINDEX_ALLOW_INSECURE_KEY")}
    env["PARINDEX_DATA_DIR"] = str(tmp_path)
    code = "import parindex.settings"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr
