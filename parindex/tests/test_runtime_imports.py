"""The application installs and runs without the development extras: no runtime module imports one of them.

Each check runs in a fresh interpreter where the development-only packages are blocked (``None`` in ``sys.modules``
makes ``import pandas`` fail as if it were not installed). Runtime modules are every ``.py`` under parindex/ except
the tests, the migrations, the benchmarks' code (parindex/benchmarks/*.py, which the ``bench-*`` command shells in
parindex/benchmarks/management/ import only inside ``handle()``; the shells and the app itself are runtime) and
conftest.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import parindex

DEV_ONLY = ("pandas", "pyarrow", "pytest", "playwright", "hypothesis", "polib", "time_machine")
PACKAGE = Path(parindex.__file__).parent
NOT_RUNTIME = {"tests", "migrations"}
BENCHMARK_APP = {"parindex.benchmarks", "parindex.benchmarks.apps"}

BLOCK = f"""
import sys
for name in {DEV_ONLY!r}:
    sys.modules[name] = None
"""

IMPORT_ALL = (
    BLOCK
    + """
import importlib, json, traceback
import django
django.setup()
failed = {}
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except BaseException as error:
        failed[name] = traceback.format_exception_only(error)[-1].strip()
print(json.dumps(failed))
"""
)


def runtime_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if NOT_RUNTIME & set(relative.parts[1:-1]) or path.name == "conftest.py":
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if name.startswith("parindex.benchmarks.") and not (
            name in BENCHMARK_APP or name.startswith("parindex.benchmarks.management")
        ):
            continue
        names.append(name)
    return names


def run(code: str, *args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "parindex.settings",
        "PARINDEX_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "runtime-imports",
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False, timeout=300
    )


def test_every_runtime_module_imports_without_the_development_extras(tmp_path):
    modules = runtime_modules()
    assert "parindex.settings" in modules
    assert "parindex.benchmarks.management.commands.bench_indicators" in modules  # the shells are runtime modules
    assert "parindex.benchmarks.baseline" not in modules
    assert not [name for name in modules if ".tests" in name or ".migrations" in name]
    done = run(IMPORT_ALL, json.dumps(modules), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {}


def test_the_blocked_packages_really_cannot_be_imported(tmp_path):
    """The check above could not fail if the block did not work: the pandas baseline must fail to import."""
    done = run(IMPORT_ALL, json.dumps(["parindex.benchmarks.baseline"]), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    failed = json.loads(done.stdout.splitlines()[-1])
    assert "pandas" in failed["parindex.benchmarks.baseline"]


def test_a_benchmark_without_the_development_extras_says_what_to_install_in_one_line(tmp_path):
    code = BLOCK + "from parindex.__main__ import main\nmain(sys.argv)\n"
    done = run(code, "bench-indicators", "--dossiers", "10", "--logins", "10", "--units", "2", tmp_path=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "CommandError: pandas, pyarrow not installed: install the development extras: pip install -e '.[dev]'"
    ]
