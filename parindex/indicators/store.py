"""The columnar store: one Parquet file of dossiers and one of logins, under ``settings.INDICATORS_DIR``.

An import merges a checked file into the store with DuckDB and replaces the Parquet file atomically (write aside,
then rename), under an exclusive file lock so that two imports never interleave. Re-imported dossiers replace the
stored ones with the same ``dossier_id``; re-imported logins replace the stored logins of the same unit on the same
days, so handing in the same export twice never counts it twice.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from parindex.indicators import engine

FILES = {"dossiers": "dossiers.parquet", "logins": "logins.parquet"}
SCHEMAS = {"dossiers": engine.DOSSIER_SCHEMA, "logins": engine.LOGIN_SCHEMA}


def store_dir() -> Path:
    path = Path(settings.INDICATORS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(kind: str) -> Path:
    return store_dir() / FILES[kind]


def source(kind: str) -> str | None:
    """The DuckDB table expression for the stored ``kind``, or None when nothing was imported yet."""
    return engine.parquet([path_of(kind)])


@contextmanager
def locked() -> Iterator[None]:
    """Exclusive use of the store across processes (imports, a refresh reading a consistent pair of files)."""
    with open(store_dir() / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def canonical_csv(kind: str, path: Path) -> str:
    """How DuckDB reads a canonical CSV written by :mod:`parindex.indicators.imports` (typed, never guessed)."""
    columns = ", ".join(f"'{name}': '{kind_}'" for name, kind_ in SCHEMAS[kind].items())
    return f"read_csv({_quote(path)}, header = true, delim = ',', quote = '\"', columns = {{{columns}}})"


@dataclass(frozen=True)
class Merged:
    rows: int
    replaced: int
    stored: int


def merge(kind: str, canonical: Path) -> Merged:
    """Merge a checked canonical CSV into the store (call under :func:`locked`)."""
    target = path_of(kind)
    aside = target.with_suffix(".parquet.new")
    con = engine.connect()
    con.execute(f"CREATE TEMP TABLE incoming AS SELECT * FROM {canonical_csv(kind, canonical)}")
    rows = con.execute("SELECT count(*) FROM incoming").fetchone()[0]  # type: ignore[index]
    if kind == "dossiers":
        key = "SELECT dossier_id FROM incoming"
        kept = f"SELECT * FROM read_parquet({_quote(target)}) WHERE dossier_id NOT IN ({key})"
        overlap = f"SELECT count(*) FROM read_parquet({_quote(target)}) WHERE dossier_id IN ({key})"
    else:
        covered = 'SELECT DISTINCT unit_id, "at"::DATE AS day FROM incoming'
        old = f"read_parquet({_quote(target)})"
        kept = f'SELECT o.* FROM {old} o ANTI JOIN ({covered}) c ON c.unit_id = o.unit_id AND c.day = o."at"::DATE'
        overlap = (
            f'SELECT count(*) FROM {old} o SEMI JOIN ({covered}) c ON c.unit_id = o.unit_id AND c.day = o."at"::DATE'
        )
    replaced = 0
    if target.exists():
        replaced = con.execute(overlap).fetchone()[0]  # type: ignore[index]
        body = f"{kept} UNION ALL SELECT * FROM incoming"
    else:
        body = "SELECT * FROM incoming"
    # Sorted by unit (logins by unit, official and time) and LZ4: the engine's groupings then run on nearly ordered
    # keys and decompress fast (3.8 s → 3.1 s for 10M dossiers and 20M logins, measured by bench-indicators).
    order = "unit_id, received_at" if kind == "dossiers" else 'unit_id, "user", "at"'
    con.execute(f"COPY ({body} ORDER BY {order}) TO {_quote(aside)} (FORMAT parquet, COMPRESSION lz4)")
    stored = con.execute(f"SELECT count(*) FROM read_parquet({_quote(aside)})").fetchone()[0]  # type: ignore[index]
    con.close()
    os.replace(aside, target)
    return Merged(rows=rows, replaced=replaced, stored=stored)


def clear() -> None:
    """Forget all stored operational data (tests, a demo reload)."""
    for name in FILES.values():
        (store_dir() / name).unlink(missing_ok=True)
