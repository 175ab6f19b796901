"""The benchmarks and their data generators: development code, not part of the running application.

- :mod:`.scoring`: a synthetic campaign (N units × M leaves) and ``parindex bench-scoring``;
- :mod:`.rush`: officers saving through a real app server, and ``parindex bench-rush``;
- :mod:`.synthetic`: seeded dossier and login files for the indicator engine;
- :mod:`.baseline`: the same indicators computed with pandas (a development dependency);
- :mod:`.indicators`: ``parindex bench-indicators``, the engine timed against the baseline and DuckDB's bare scan;
- :mod:`.audit`: ``parindex bench-audit``, the audit chain's verification timed against a bare read and SHA-256 alone.

No runtime module imports this package: the ``bench-*`` commands stay where Django finds them (the apps'
``management/commands/``) as thin shells that import their benchmark inside ``handle()``, under :func:`dev_extras`,
so that the application installs and runs without the development extras.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec

from django.core.management.base import CommandError

INSTALL_DEV = "install the development extras: pip install -e '.[dev]'"


@contextmanager
def dev_extras(*needs: str) -> Iterator[None]:
    """Around a benchmark's import: one clear CommandError instead of a traceback when a development package is
    missing, either one of ``needs`` or one the benchmark's modules import.

    ``needs`` names packages used without being imported at the top of the benchmark's module (pyarrow, which pandas
    loads only to read Parquet; pandas, which the indicator benchmark imports in its child processes)."""
    missing = [package for package in needs if _missing(package)]
    if missing:
        raise CommandError(f"{', '.join(missing)} not installed: {INSTALL_DEV}")
    try:
        yield
    except ModuleNotFoundError as error:
        if not error.name or error.name.split(".")[0] == "parindex":
            raise  # our own code is broken: show it
        raise CommandError(f"{error.name.split('.')[0]} not installed: {INSTALL_DEV}") from error


def _missing(package: str) -> bool:
    """Not installed, or blocked (``None`` in ``sys.modules``, for which find_spec also answers None)."""
    try:
        return find_spec(package) is None
    except ValueError:  # imported already, without a spec: it is there
        return False
