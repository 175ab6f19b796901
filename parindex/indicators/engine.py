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
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

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


def connect(threads: int | None = None, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    # Results do not depend on row order; letting DuckDB drop it saves memory on big aggregations.
    con.execute("SET preserve_insertion_order = false")
    return con


def _period_rows(column: str) -> str:
    """The three periods a month (a DATE, first of the month) belongs to, as (kind, key) rows."""
    return (
        f"SELECT *, 'month' AS kind, strftime({column}, '%Y-%m') AS period FROM base "
        f"UNION ALL SELECT *, 'quarter', strftime({column}, '%Y') || '-Q' || quarter({column}) FROM base "
        f"UNION ALL SELECT *, 'year', strftime({column}, '%Y') FROM base"
    )


def _load_tree(con: duckdb.DuckDBPyConnection, tree: Iterable[tuple[int, int]]) -> None:
    # Two lists in one statement: executemany would run an INSERT per pair (0.6 s for a province's 10,000 pairs).
    pairs = list(tree)
    ancestors, units = [a for a, _u in pairs], [u for _a, u in pairs]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE tree AS SELECT unnest(?::INTEGER[]) AS ancestor, unnest(?::INTEGER[]) AS unit_id",
        [ancestors, units],
    )


def _load_workdays(con: duckdb.DuckDBPyConnection, workdays: Iterable[date]) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE workdays AS SELECT unnest(?::DATE[]) AS day", [sorted(set(workdays))])


def dossier_figures(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Fill ``figures`` with the dossier indicators of each unit (not rolled up) per period. One scan of ``source``."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE dossier_months AS
        -- Integer month keys (202103) group faster than dates over ten million rows; dates come back on the small
        -- result below.
        WITH keyed AS (
            SELECT unit_id,
                   year(received_at) * 100 + month(received_at) AS received_key,
                   year(returned_at) * 100 + month(returned_at) AS returned_key,
                   count(*) AS received,
                   count(*) FILTER (submission IN ('online_partial', 'online_full')) AS online,
                   count(*) FILTER (submission = 'online_full') AS full_online,
                   count(*) FILTER (submission = 'postal' OR return_by = 'postal') AS bcci,
                   count(*) FILTER (recorded) AS recorded,
                   count(*) FILTER (returned_at <= due_at) AS ontime,
                   count(*) FILTER (returned_at > due_at) AS late,
                   count(*) FILTER (returned_at > due_at AND apology) AS late_apology
            FROM {source}
            GROUP BY ALL
        )
        SELECT * EXCLUDE (received_key, returned_key),
               make_date(received_key // 100, received_key % 100, 1) AS received_month,
               make_date(returned_key // 100, returned_key % 100, 1) AS returned_month
        FROM keyed
        """
    )
    con.execute(
        f"""
        INSERT INTO figures
        WITH base AS (
            SELECT unit_id, received_month AS month, sum(received) AS received, sum(online) AS online,
                   sum(full_online) AS full_online, sum(bcci) AS bcci, sum(recorded) AS recorded
            FROM dossier_months GROUP BY ALL
        ), periods AS ({_period_rows("month")})
        SELECT unit_id, period, indicator, num, den FROM (
            SELECT unit_id, period, sum(online) AS online_rate, sum(full_online) AS full_online_rate,
                   sum(bcci) AS bcci_rate, sum(recorded) AS onestop_recording_rate, sum(received) AS den
            FROM periods GROUP BY ALL
        ) UNPIVOT (num FOR indicator IN (online_rate, full_online_rate, bcci_rate, onestop_recording_rate))
        """
    )
    con.execute(
        f"""
        INSERT INTO figures
        WITH base AS (
            SELECT unit_id, returned_month AS month, sum(ontime) AS ontime, sum(late) AS late,
                   sum(late_apology) AS late_apology
            FROM dossier_months WHERE returned_month IS NOT NULL GROUP BY ALL
        ), periods AS ({_period_rows("month")})
        SELECT unit_id, period, 'ontime_rate', sum(ontime), sum(ontime) + sum(late) FROM periods GROUP BY ALL
        UNION ALL
        SELECT unit_id, period, 'apology_rate', sum(late_apology), sum(late) FROM periods GROUP BY ALL
        """
    )


def login_figures(con: duckdb.DuckDBPyConnection, source: str, until: date | None) -> None:
    """Fill ``figures`` with login compliance of each unit (not rolled up) per period. One scan of ``source``."""
    # The same login exported twice (a repeated row, or two overlapping files) counts once: distinct instants.
    # Logins after ``until`` count nowhere: an official seen only later is not yet one of the period's officials.
    before = "" if until is None else f"WHERE \"at\" < TIMESTAMP '{(until + timedelta(days=1)).isoformat()}'"
    limit = "" if until is None else f"WHERE day <= DATE '{until.isoformat()}'"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE login_days AS
        SELECT unit_id, "user", "at"::DATE AS day, count(DISTINCT "at") AS logins
        FROM {source} {before}
        GROUP BY ALL
        """
    )
    con.execute(
        f"""
        INSERT INTO figures
        WITH days AS (SELECT day FROM workdays {limit}),
        base AS (
            SELECT l.unit_id, l."user", date_trunc('month', l.day)::DATE AS month,
                   count(*) FILTER (d.day IS NOT NULL AND l.logins >= {MIN_LOGINS_PER_DAY}) AS compliant
            FROM login_days l LEFT JOIN days d ON d.day = l.day
            GROUP BY ALL
        ),
        periods AS ({_period_rows("month")}),
        officials AS (
            SELECT unit_id, kind, period, count(DISTINCT "user") AS officials, sum(compliant) AS compliant
            FROM periods GROUP BY ALL
        ),
        calendar AS (
            SELECT 'month' AS kind, strftime(day, '%Y-%m') AS period, count(*) AS n FROM days GROUP BY ALL
            UNION ALL SELECT 'quarter', strftime(day, '%Y') || '-Q' || quarter(day), count(*) FROM days GROUP BY ALL
            UNION ALL SELECT 'year', strftime(day, '%Y'), count(*) FROM days GROUP BY ALL
        )
        SELECT o.unit_id, o.period, 'login_compliance', o.compliant, o.officials * coalesce(c.n, 0)
        FROM officials o LEFT JOIN calendar c USING (kind, period)
        """
    )


def compute(
    dossiers: str | None,
    logins: str | None,
    tree: Iterable[tuple[int, int]],
    workdays: Iterable[date],
    until: date | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> list[Figure]:
    """Every indicator of every unit (subtree included) for every period present in the data.

    ``dossiers`` and ``logins`` are DuckDB table expressions (``read_parquet('…')``; see :func:`parquet`), or None
    when there is no such data. ``tree`` lists (ancestor, unit) pairs, each unit with itself included."""
    con = con or connect()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE figures (unit_id INTEGER, period VARCHAR, indicator VARCHAR, num BIGINT, "
        "den BIGINT)"
    )
    _load_tree(con, tree)
    _load_workdays(con, workdays)
    if dossiers:
        dossier_figures(con, dossiers)
    if logins:
        login_figures(con, logins, until)
    rows = con.execute(
        """
        SELECT t.ancestor, f.period, f.indicator, sum(f.num)::BIGINT, sum(f.den)::BIGINT
        FROM figures f JOIN tree t ON t.unit_id = f.unit_id
        GROUP BY ALL
        ORDER BY 1, 2, 3
        """
    ).fetchall()
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
