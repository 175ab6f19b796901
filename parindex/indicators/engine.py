"""The indicator engine: every unit's operational indicators for every month, quarter and year, computed by DuckDB
straight from the columnar store (Parquet files), never row by row in Python or through the ORM.

It knows nothing of Django: it takes the files, the unit tree as (ancestor, unit) pairs and the working days, and
returns integer numerators and denominators. Values (percentages) are derived from them exactly, with ``Decimal``,
wherever they are shown.

Definitions (DESIGN.md §3, issue 5):

- ``online_rate``: dossiers received online, partly or fully, among dossiers received in the period;
- ``full_online_rate``: dossiers received fully online among dossiers received;
- ``bcci_rate``: dossiers received or returned by the public postal service among dossiers received;
- ``onestop_recording_rate``: dossiers recorded in the one-stop software among dossiers received;
- ``ontime_rate``: dossiers resolved on time (returned_at ≤ due_at) among dossiers resolved in the period;
- ``apology_rate``: late dossiers resolved in the period that had an apology and new-date letter, among late
  dossiers resolved in the period;
- ``login_compliance``: (official, working day) pairs with at least 4 logins, among all pairs of the officials seen
  at the unit in the period and the period's working days (Monday–Friday less holidays, up to ``until``).

A unit's figure includes its whole subtree: numerators and denominators are summed, never the rates averaged.

How (issue 15): one fused aggregate takes the logins per (unit, official, day) straight on to per (unit, official,
month) compliant days (:func:`_login_pass`); one statement then aggregates the dossiers once per (unit, month
received, month returned), rolls the small per-(unit, month) tables up through the tree before expanding months into
quarters and years, and yields the figures as a columnar DuckDB relation (:func:`relation`), fetched as Arrow or
written out in bulk by the caller. Nothing is bound as a Python parameter: that alone makes DuckDB's client import
pandas and numpy.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

DOSSIER_INDICATORS = (
    "online_rate",
    "full_online_rate",
    "bcci_rate",
    "onestop_recording_rate",
    "ontime_rate",
    "apology_rate",
)
LOGIN_INDICATORS = ("login_compliance",)
INDICATORS = (*DOSSIER_INDICATORS, *LOGIN_INDICATORS)
MIN_LOGINS_PER_DAY = 4

# The store's schemas, in column order; DuckDB types.
DOSSIER_SCHEMA = {
    "dossier_id": "VARCHAR",
    "unit_id": "INTEGER",
    "procedure": "VARCHAR",
    "received_at": "TIMESTAMP",
    "due_at": "TIMESTAMP",
    "returned_at": "TIMESTAMP",
    "submission": "VARCHAR",
    "return_by": "VARCHAR",
    "recorded": "BOOLEAN",
    "apology": "BOOLEAN",
}
LOGIN_SCHEMA = {"user": "VARCHAR", "unit_id": "INTEGER", "at": "TIMESTAMP"}
SUBMISSIONS = ("direct", "online_partial", "online_full", "postal")
RETURNS = ("direct", "postal", "online")


@dataclass(frozen=True, slots=True)
class Figure:
    """One indicator of one unit (its subtree included) in one period: ``2021``, ``2021-Q1`` or ``2021-03``."""

    unit_id: int
    period: str
    indicator: str
    numerator: int
    denominator: int


# What ``SET memory_limit`` accepts here: a number and a unit, or a percentage of the machine's memory.
_MEMORY_LIMIT = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)?$", re.IGNORECASE)
# Microseconds in a day: logins are grouped by whole days counted from the epoch, an integer (cheaper than dates).
_DAY_US = 86_400_000_000
_EPOCH_DAY = "(DATE '1970-01-01' + {day}::INTEGER)"


def connect(threads: int | None = None, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        # Inlined once validated: binding any Python parameter makes DuckDB's client import pandas and numpy
        # (0.25 s and ~125 MiB before any work, measured).
        if not _MEMORY_LIMIT.match(memory_limit.strip()):
            raise ValueError(f"not a memory limit: {memory_limit!r}")
        con.execute(f"SET memory_limit = '{memory_limit.strip()}'")
    # Results do not depend on row order; letting DuckDB drop it saves memory on big aggregations.
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")  # it would write into the output of commands and benchmarks
    return con


def _ranges(values: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted distinct integers as inclusive (first, last) runs: 1, 2, 3, 7 → (1, 3), (7, 7)."""
    runs: list[tuple[int, int]] = []
    for value in sorted(set(values)):
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def tree_sql(tree: Iterable[tuple[int, int]]) -> str:
    """A SELECT of the (ancestor, unit_id) pairs, as a literal with no bound parameter.

    Each ancestor's units are written as runs of consecutive ids (a unit paired with itself as one run of such
    units): a province of 3,500 units holds 10,500 pairs, 100 kB as a list of pairs, which DuckDB's parser takes
    40–60 ms to read, against a few hundred runs here."""
    own: list[int] = []
    below: dict[int, list[int]] = {}
    for ancestor, unit in tree:
        if ancestor == unit:
            own.append(int(unit))
        else:
            below.setdefault(int(ancestor), []).append(int(unit))
    # (ancestor or 0 for "the unit itself", first, last): ids are positive.
    runs = [(0, first, last) for first, last in _ranges(own)]
    runs += [(ancestor, first, last) for ancestor, units in below.items() for first, last in _ranges(units)]
    if not runs:
        return "SELECT NULL::INTEGER AS ancestor, NULL::INTEGER AS unit_id WHERE false"
    listed = ",".join(f"{a} {f} {t}" for a, f, t in runs)
    return f"""
        SELECT (CASE WHEN r[1] = 0 THEN u ELSE r[1] END)::INTEGER AS ancestor, u::INTEGER AS unit_id
        FROM (SELECT string_split(unnest(string_split('{listed}', ',')), ' ')::INTEGER[] AS r),
             LATERAL (SELECT unnest(range(r[2], r[3] + 1)) AS u)
    """


def _days_sql(workdays: Iterable[date], until: date | None) -> str:
    """A SELECT of the working days up to ``until`` as whole days since the epoch (``day``), a literal."""
    epoch = date(1970, 1, 1)
    days = sorted({(d - epoch).days for d in workdays if until is None or d <= until})
    if not days:
        return "SELECT NULL::BIGINT AS day WHERE false"
    return f"SELECT unnest(string_split('{','.join(map(str, days))}', ',')::BIGINT[]) AS day"


def _month_key(column: str) -> str:
    """An integer month key (202103): groups faster than dates or timestamps over millions of rows."""
    return f"(year({column}) * 100 + month({column}))"


def _periods(aggregates: str, source: str, keys: str) -> str:
    """The rows of ``source`` (with integer ``month`` keys 202103) summed per ``keys`` and per month, quarter and year
    at once (GROUPING SETS), each named as its period: ``2021-03``, ``2021-Q1`` or ``2021``."""
    return f"""
        SELECT {keys},
               CASE WHEN grouping(month) = 0 THEN printf('%04d-%02d', year, month % 100)
                    WHEN grouping(quarter) = 0 THEN year || '-Q' || quarter
                    ELSE year::VARCHAR END AS period,
               {aggregates}
        FROM (SELECT *, month // 100 AS year, (month % 100 + 2) // 3 AS quarter FROM ({source}))
        GROUP BY GROUPING SETS (({keys}, year, quarter, month), ({keys}, year, quarter), ({keys}, year))
    """


def _dossier_sql(dossiers: str) -> str:
    """Each unit's (subtree) dossier figures per period, wide: one scan, one aggregate over the rows; the roll-up
    through the tree and the period expansion then run on the small per-(unit, month) table."""
    return f"""
        dossier_months AS MATERIALIZED (
            SELECT unit_id,
                   {_month_key("received_at")} AS received_month,
                   {_month_key("returned_at")} AS returned_month,
                   count(*) AS received,
                   count(*) FILTER (submission IN ('online_partial', 'online_full')) AS online,
                   count(*) FILTER (submission = 'online_full') AS full_online,
                   count(*) FILTER (submission = 'postal' OR return_by = 'postal') AS bcci,
                   count(*) FILTER (recorded) AS recorded,
                   count(*) FILTER (returned_at <= due_at) AS ontime,
                   count(*) FILTER (returned_at > due_at) AS late,
                   count(*) FILTER (returned_at > due_at AND apology) AS late_apology
            FROM {dossiers}
            GROUP BY ALL
        ),
        reception AS ({
        _periods(
            "sum(received) AS received, sum(online) AS online, sum(full_online) AS full_online, "
            "sum(bcci) AS bcci, sum(recorded) AS recorded",
            "SELECT t.ancestor AS unit_id, d.received_month AS month, sum(received) AS received, "
            "sum(online) AS online, sum(full_online) AS full_online, sum(bcci) AS bcci, sum(recorded) AS recorded "
            "FROM dossier_months d JOIN tree t USING (unit_id) GROUP BY ALL",
            "unit_id",
        )
    }),
        resolution AS ({
        _periods(
            "sum(ontime) AS ontime, sum(late) AS late, sum(late_apology) AS late_apology",
            "SELECT t.ancestor AS unit_id, d.returned_month AS month, sum(ontime) AS ontime, sum(late) AS late, "
            "sum(late_apology) AS late_apology FROM dossier_months d JOIN tree t USING (unit_id) "
            "WHERE d.returned_month IS NOT NULL GROUP BY ALL",
            "unit_id",
        )
    })
    """


def _dossier_rows() -> str:
    return """
        SELECT unit_id, period, indicator, numerator, received AS denominator
        FROM reception UNPIVOT (numerator FOR indicator IN (
            online AS 'online_rate', full_online AS 'full_online_rate', bcci AS 'bcci_rate',
            recorded AS 'onestop_recording_rate'))
        UNION ALL SELECT unit_id, period, 'ontime_rate', ontime, ontime + late FROM resolution
        UNION ALL SELECT unit_id, period, 'apology_rate', late_apology, late FROM resolution
    """


# Buckets of an instant for the distinct-instant certificate below: its epoch microsecond modulo two primes (whole
# seconds spread as well: 10⁶ is prime to both).
_BUCKETS = (61, 59)


def _bucket_mask(modulus: int) -> str:
    """SQL for the mask of the buckets a day's instants fall in. BIGINT, not UBIGINT: the unsigned shift costs DuckDB
    twice the time (measured); bits stay below 61, clear of the sign."""
    return f'bit_or(1::BIGINT << (epoch_us("at") % {modulus}))'


def _login_pass(con: duckdb.DuckDBPyConnection, logins: str, until: date | None) -> None:
    """The temp table ``official_months``: per (unit, official, month) the compliant working days, in one fused
    aggregate from the logins, per (unit, official, day) straight on to per month, the 4.4M days of 10M logins
    never stored.

    A compliant day has at least four *distinct* instants (the same login exported twice counts once). Counting
    distinct instants per day takes DuckDB a second hash table as big as the logins (3× the time of the whole rest,
    measured); instead each day gets its count of logins and two 64-bit masks of the buckets its instants fall in
    (epoch microsecond mod 61 and mod 59). Equal instants share their buckets, so a day with four buckets set in either
    mask has four distinct instants for certain, and a day with fewer than four logins has not: both are exact. The
    few days left (four logins or more in at most three buckets of each mask: ~0.3 % of the days at the synthetic
    shape) are counted exactly afterwards, reading only their logins (:func:`_recount_unsure`)."""
    conditions = [] if until is None else [f"\"at\" < TIMESTAMP '{(until + timedelta(days=1)).isoformat()}'"]
    four = MIN_LOGINS_PER_DAY
    sure = " OR ".join(f"bit_count(m{i}) >= {four}" for i in range(len(_BUCKETS)))
    masks = ", ".join(f"{_bucket_mask(m)} AS m{i}" for i, m in enumerate(_BUCKETS))
    for number, units in enumerate(_unit_ranges(con, logins)):
        where = " AND ".join([*conditions, *([] if units is None else [f"unit_id BETWEEN {units[0]} AND {units[1]}"])])
        into = "CREATE OR REPLACE TEMP TABLE official_months AS" if number == 0 else "INSERT INTO official_months"
        con.execute(
            f"""
            {into}
            SELECT l.unit_id, l."user", {_month_key(_EPOCH_DAY.format(day="l.day"))} AS month,
                   count(*) FILTER (w.day IS NOT NULL AND l.logins >= {four} AND ({sure})) AS compliant,
                   list(l.day) FILTER (w.day IS NOT NULL AND l.logins >= {four} AND NOT ({sure})) AS unsure
            FROM (
                SELECT unit_id, "user", epoch_us("at") // {_DAY_US} AS day, count(*) AS logins, {masks}
                FROM {logins} {"WHERE " + where if where else ""}
                GROUP BY ALL
            ) l LEFT JOIN workdays w ON w.day = l.day
            GROUP BY ALL
            """
        )
    _recount_unsure(con, logins)


# Logins aggregated in one pass at most: above, the pass is split by ranges of units (see _unit_ranges).
LOGINS_PER_PASS = 40_000_000


def _unit_ranges(con: duckdb.DuckDBPyConnection, logins: str) -> list[tuple[int, int] | None]:
    """The ranges of unit ids the login pass runs over, one at a time: ``[None]`` (everything at once) up to
    LOGINS_PER_PASS logins.

    Above, the (unit, official, day) groups outgrow memory (44M of them for 200M logins: DuckDB spilled them to disk
    and took 31 s of CPU on that aggregate alone under a 2.5 GB limit), while a unit's groups never mix with
    another's: split by unit, each pass is exact and its hash table stays small. The store keeps logins ordered by
    unit, so each pass reads only the row groups of its units (Parquet statistics); unordered data is read once per
    pass, still exactly. The ranges are of equal width between the smallest and the largest unit id (quantiles
    would balance them better but cost a sort of the column: 2.4 s at 200M logins)."""
    row = con.execute(f"SELECT count(*) FROM {logins}").fetchone()
    rows = int(row[0]) if row and row[0] else 0
    parts = -(-rows // LOGINS_PER_PASS)
    if parts <= 1:
        return [None]
    bounds = con.execute(f"SELECT min(unit_id), max(unit_id) FROM {logins}").fetchone()
    if not bounds or bounds[0] is None:
        return [None]
    low, high = int(bounds[0]), int(bounds[1])
    width = max(1, -(-(high - low + 1) // parts))
    return [(first, min(high, first + width - 1)) for first in range(low, high + 1, width)]


def _recount_unsure(con: duckdb.DuckDBPyConnection, logins: str) -> None:
    """Count the distinct instants of the days the masks left unsure, reading only their logins, and add the
    compliant ones to ``official_months``. Nothing is read when there is no such day."""
    row = con.execute("SELECT count(*) FROM official_months WHERE unsure IS NOT NULL").fetchone()
    if not row or not row[0]:
        return
    day = f'epoch_us(l."at") // {_DAY_US}'
    con.execute(
        f"""
        UPDATE official_months o SET compliant = o.compliant + r.compliant
        FROM (
            SELECT unit_id, "user", {_month_key(_EPOCH_DAY.format(day="day"))} AS month,
                   count(*) FILTER (logins >= {MIN_LOGINS_PER_DAY}) AS compliant
            FROM (
                SELECT l.unit_id, l."user", {day} AS day, count(DISTINCT l."at") AS logins
                FROM {logins} l
                SEMI JOIN (SELECT unit_id, "user", unnest(unsure) AS day FROM official_months
                           WHERE unsure IS NOT NULL) u
                    ON u.unit_id = l.unit_id AND u."user" = l."user" AND u.day = {day}
                GROUP BY ALL
            )
            GROUP BY ALL
        ) r
        WHERE o.unit_id = r.unit_id AND o."user" = r."user" AND o.month = r.month
        """
    )


def _login_sql() -> str:
    """Each unit's (subtree) login compliance per period, from ``official_months``: the officials of each period
    (an official counts once per unit and period) on that small table, then the roll-up."""
    return f"""
        officials AS ({
        _periods(
            'count(DISTINCT "user") AS officials, sum(compliant) AS compliant',
            'SELECT unit_id, "user", month, compliant FROM official_months',
            "unit_id",
        )
    }),
        calendar AS ({
        _periods(
            "count(*) AS days",
            f"SELECT 0 AS unit_id, {_month_key(_EPOCH_DAY.format(day='day'))} AS month FROM workdays",
            "unit_id",
        )
    }),
        compliance AS (
            SELECT t.ancestor AS unit_id, o.period, sum(o.compliant) AS numerator,
                   sum(o.officials * coalesce(c.days, 0)) AS denominator
            FROM officials o JOIN tree t USING (unit_id) LEFT JOIN calendar c USING (period)
            GROUP BY ALL
        )
    """


def prepare(
    con: duckdb.DuckDBPyConnection,
    dossiers: str | None,
    logins: str | None,
    tree: Iterable[tuple[int, int]],
    workdays: Iterable[date],
    until: date | None = None,
) -> str | None:
    """Load the tree and the working days into ``con`` and run the login pass (:func:`_login_pass`); return the
    statement giving every figure: (unit_id, period, indicator, numerator, denominator) rows, unordered, or None when
    there is no data at all. Everything is inlined: no Python value is bound as a parameter."""
    if not dossiers and not logins:
        return None
    con.execute(f"CREATE OR REPLACE TEMP TABLE tree AS {tree_sql(tree)}")
    ctes = []
    parts = []
    if dossiers:
        ctes.append(_dossier_sql(dossiers))
        parts.append(_dossier_rows())
    if logins:
        con.execute(f"CREATE OR REPLACE TEMP TABLE workdays AS {_days_sql(workdays, until)}")
        _login_pass(con, logins, until)
        ctes.append(_login_sql())
        parts.append("SELECT unit_id, period, 'login_compliance' AS indicator, numerator, denominator FROM compliance")
    body = " UNION ALL ".join(f"({part})" for part in parts)
    return f"""
        WITH {", ".join(ctes)}
        SELECT unit_id::INTEGER AS unit_id, period::VARCHAR AS period, indicator::VARCHAR AS indicator,
               numerator::BIGINT AS numerator, denominator::BIGINT AS denominator
        FROM ({body})
    """


def relation(
    dossiers: str | None,
    logins: str | None,
    tree: Iterable[tuple[int, int]],
    workdays: Iterable[date],
    until: date | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> duckdb.DuckDBPyRelation | None:
    """Every indicator of every unit (subtree included) for every period present in the data, as a DuckDB relation
    (columnar: fetch it with ``to_arrow_table()`` or ``fetchall()``, or write it out with ``COPY``); None when there
    is no data. The login pass runs now; the dossiers and the roll-ups when the relation is fetched.

    ``dossiers`` and ``logins`` are DuckDB table expressions (``read_parquet('…')``; see :func:`parquet`), or None
    when there is no such data. ``tree`` lists (ancestor, unit) pairs, each unit with itself included."""
    con = con or connect()
    sql = prepare(con, dossiers, logins, tree, workdays, until)
    return None if sql is None else con.sql(sql)


def to_arrow(rel: duckdb.DuckDBPyRelation) -> Any:
    """The relation as a ``pyarrow.Table`` (pyarrow is needed; DuckDB renamed the method in 1.4)."""
    fetch = getattr(rel, "to_arrow_table", None) or rel.fetch_arrow_table
    return fetch()


def compute(
    dossiers: str | None,
    logins: str | None,
    tree: Iterable[tuple[int, int]],
    workdays: Iterable[date],
    until: date | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> list[Figure]:
    """The figures of :func:`relation` as Python objects, ordered by unit, period and indicator."""
    rel = relation(dossiers, logins, tree, workdays, until, con)
    if rel is None:
        return []
    rows = rel.order("unit_id, period, indicator").fetchall()
    # Hundreds of thousands of small objects: the cyclic collector would scan the heap again and again meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [Figure(*row) for row in rows]
    finally:
        if collecting:
            gc.enable()


def parquet(paths: Sequence[Path | str]) -> str | None:
    """The table expression reading these Parquet files, or None when there is none."""
    existing = [str(p) for p in paths if Path(p).exists()]
    if not existing:
        return None
    listed = ", ".join("'" + p.replace("'", "''") + "'" for p in existing)
    return f"read_parquet([{listed}])"
