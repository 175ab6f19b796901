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


def _start(tmp_path, code: str, **extra: str):
    """Run ``code`` in a fresh interpreter with the project's settings, no SECRET_KEY and no DEBUG."""
    import os
    import subprocess
    import sys

    drop = ("SECRET_KEY", "DEBUG", "PARINDEX_ALLOW_INSECURE_KEY", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(PARINDEX_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="parindex.settings", **extra)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_without_a_secret_key_one_is_made_once_and_kept_private_in_the_data_directory(tmp_path):
    import stat

    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _start(tmp_path, show)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = first.stdout.strip()
    assert len(key) >= 50
    assert key == key_file.read_text().strip()
    again = _start(tmp_path, show)
    assert again.stdout.strip() == key


def test_a_secret_key_from_the_environment_wins_and_no_file_is_made(tmp_path):
    done = _start(tmp_path, "from django.conf import settings; print(settings.SECRET_KEY)", SECRET_KEY="from-env")
    assert done.stdout.strip() == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_an_empty_key_file_is_an_error_not_an_empty_key(tmp_path):
    (tmp_path / "secret_key").write_text("")
    done = _start(tmp_path, "import parindex.settings")
    assert done.returncode != 0
    assert "secret key file" in done.stderr


def test_a_bad_setting_stops_the_command_line_with_one_clear_line(tmp_path):
    for variable, value, words in [
        ("DEBUG", "ture", "DEBUG='ture' is not a boolean"),
        ("DATABASE_URL", "postgres://u@h:abc/db", "DATABASE_URL cannot be used"),
        ("EVIDENCE_MAX_MB", "abc", "EVIDENCE_MAX_MB='abc' is not a whole number"),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE='Mars/Olympus' is not a known time zone"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD' is not one of"),
        ("LANGUAGE_CODE", "fr", "LANGUAGE_CODE='fr' is not one of"),
    ]:
        done = _start(tmp_path, "from parindex.__main__ import main; main(['parindex', 'check'])", **{variable: value})
        assert done.returncode == 1, (variable, done.stderr)
        assert done.stderr.count("\n") == 1, (variable, done.stderr)
        assert done.stderr.startswith("parindex: lỗi cấu hình"), done.stderr
        assert words in done.stderr
        assert "Traceback" not in done.stderr
