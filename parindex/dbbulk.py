"""Writing many rows with one prepared statement (``executemany``).

Django's ``bulk_create`` splits rows into statements of at most 999 parameters on SQLite (≈ 80 score rows each) and
``bulk_update`` builds a CASE expression per field that grows with the batch; both are far slower than one prepared
INSERT or UPDATE run for every row, which sqlite3 and psycopg both execute efficiently. Values go through each field's
``get_db_prep_save``, so decimals, dates and JSON are adapted exactly as the ORM would (PostgreSQL inserts use
COPY instead); since most columns hold few
distinct values (scores, flags, one timestamp), the adapted value is memoised per column. No ``save()`` or signals
run, so callers set ``auto_now`` fields themselves, and ids of inserted rows are not read back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a bulk job (an import, a full recompute).

    Such a job allocates hundreds of thousands of small tuples, lists and dicts that live until it ends; each
    allocation threshold crossed runs a collection over all of them, which cost more than the work itself (reading
    a 315,000-row file: 1.0 s with the collector running, 0.2 s without). Reference counting still frees everything;
    only cycles wait until the collector resumes (as it was before: nested pauses leave it paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[Any]:
    """The concrete fields (a relation name gives its ``<name>_id`` column)."""
    return [model._meta.get_field(name) for name in fields]


# Below this many rows a plain INSERT beats COPY's set-up (a single edit writes one or two audit entries).
COPY_THRESHOLD = 500
# Text and whole-number columns store a str or an int as it is on every backend: no adaptation to run.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.AutoField, models.ForeignKey)


def _prepared(columns: list[Any], rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Adapt column by column (far faster in Python than cell by cell), then turn back into rows: each distinct value
    of a column is adapted once and the column mapped through that memo."""
    materialised = list(rows)
    if not materialised:
        return []
    real_connection = connections[DEFAULT_DB_ALIAS]  # the proxy costs a thread-local lookup per use
    prepared_columns = []
    for column, values in zip(columns, zip(*materialised, strict=True), strict=True):
        if isinstance(column, _AS_IS) and set(map(type, values)) <= _PLAIN_TYPES:
            prepared_columns.append(values)
            continue
        prep = column.get_db_prep_save
        try:
            distinct = set(values)
        except TypeError:  # unhashable JSON: callers may share one object for equal payloads
            prepared_columns.append(_by_identity(prep, values, real_connection))
            continue
        memo = {value: prep(value, real_connection) for value in distinct}
        prepared_columns.append(tuple(map(memo.__getitem__, values)))
    return list(zip(*prepared_columns, strict=True))


_PLAIN_TYPES = {str, int, type(None)}


def _by_identity(prep: Any, values: Sequence[Any], real_connection: Any) -> tuple[Any, ...]:
    """Adapt values some of which are unhashable, once per object (``values`` keeps every object alive, so ids are
    not reused) or once per hashable value."""
    memo: dict[Any, Any] = {}
    by_identity: dict[int, Any] = {}
    out = []
    for value in values:
        try:
            db_value = memo[value]
        except KeyError:
            db_value = memo[value] = prep(value, real_connection)
        except TypeError:
            db_value = by_identity.get(id(value))
            if db_value is None:
                db_value = by_identity[id(value)] = prep(value, real_connection)
        out.append(db_value)
    return tuple(out)


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]], adapted: bool = False
) -> None:
    """``INSERT INTO … (fields) VALUES (%s, …)`` for every row of Python values (a relation takes its id).

    ``adapted``: the caller already gives every value as the database takes it (each field's ``get_db_prep_save``,
    run once per distinct value): the rows are written as they are."""
    quote = connection.ops.quote_name
    columns = _columns(model, fields)
    prepared: Sequence[Sequence[Any]] = list(rows) if adapted else _prepared(columns, rows)
    if not prepared:
        return
    names = ", ".join(quote(str(c.column)) for c in columns)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(prepared) >= COPY_THRESHOLD:
            # COPY streams the rows in one command; executemany would still be one server round per row.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", prepared)  # noqa: S608


def _values(objects: Sequence[models.Model], columns: list[Any], with_pk: bool = False) -> Iterable[list[Any]]:
    for obj in objects:
        values = [getattr(obj, c.attname) for c in columns]
        yield [*values, obj.pk] if with_pk else values


def insert_many(model: type[models.Model], fields: Sequence[str], objects: Sequence[models.Model]) -> None:
    """Insert model instances (their ``fields`` only)."""
    insert_rows(model, fields, _values(objects, _columns(model, fields)))


def update_many(model: type[models.Model], fields: Sequence[str], objects: Sequence[models.Model]) -> None:
    """``UPDATE … SET f = %s, … WHERE id = %s`` for every object (see :func:`update_rows`)."""
    if objects:
        update_rows(model, fields, _values(objects, _columns(model, fields), with_pk=True))


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """``UPDATE … SET f = %s, … WHERE id = %s`` for rows of Python values, each ending with the row's primary key.
    Returns how many rows were given.

    On SQLite, in-process, ``executemany`` is the fast path. On PostgreSQL (``executemany`` would still be one
    server round per row), many rows are streamed by COPY into a temporary staging table and applied by one
    ``UPDATE … FROM`` it; a few go in one ``UPDATE … FROM (VALUES …)`` per batch.
    """
    quote = connection.ops.quote_name
    columns = _columns(model, fields)
    pk = model._meta.pk
    prepared = _prepared([*columns, pk], rows)
    if not prepared:
        return 0
    table = quote(model._meta.db_table)
    names = [quote(str(c.column)) for c in [*columns, pk]]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{name} = %s" for name in names[:-1])
            sql = f"UPDATE {table} SET {assignments} WHERE {names[-1]} = %s"  # noqa: S608
            cursor.executemany(sql, prepared)
            return len(prepared)
        casts = [str(c.db_type(connection)) for c in [*columns, pk]]
        assignments = ", ".join(f"{name} = v.{name}" for name in names[:-1])
        if len(prepared) >= COPY_THRESHOLD:
            stage = quote("dbbulk_update_stage")
            cursor.execute(f"DROP TABLE IF EXISTS {stage}")
            definition = ", ".join(f"{name} {cast}" for name, cast in zip(names, casts, strict=True))
            cursor.execute(f"CREATE TEMPORARY TABLE {stage} ({definition}) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY {stage} ({', '.join(names)}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {stage} AS v "  # noqa: S608
                f"WHERE {table}.{names[-1]} = v.{names[-1]}"
            )
            cursor.execute(f"DROP TABLE {stage}")
            return len(prepared)
        row_marks = "(" + ", ".join(f"CAST(%s AS {cast})" for cast in casts) + ")"
        per_batch = max(1, 60000 // len(names))  # well under PostgreSQL's 65,535 parameters per statement
        for start in range(0, len(prepared), per_batch):
            batch = prepared[start : start + per_batch]
            values = ", ".join([row_marks] * len(batch))
            sql = (
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v({', '.join(names)}) "  # noqa: S608
                f"WHERE {table}.{names[-1]} = v.{names[-1]}"
            )
            cursor.execute(sql, [value for row in batch for value in row])
    return len(prepared)
