"""The indicators as one DuckDB SQL statement, written the way an expert analyst writes it: the same-run anchor that
bench-indicators holds the engine to (DESIGN.md §6: ours ≤ 1.1× this).

One statement, straight from the Parquet files to (unit, period, indicator, numerator, denominator): dossiers
aggregated once per (unit, month received, month returned) with ``FILTER`` clauses, logins once per (unit, official,
day) and then per (unit, official, month); the unit tree and the working days are inlined as literals; months are
expanded into their month, quarter and year, rolled up through the tree and unpivoted into long rows. Definitions
are the engine's (:mod:`parindex.indicators.engine`), edge cases included, so the bench checks that both give the
very same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import duckdb

from parindex.indicators.engine import MIN_LOGINS_PER_DAY


def _pairs(tree: Iterable[tuple[int, int]]) -> str:
    pairs = list(tree)
    ancestors = ",".join(str(int(a)) for a, _u in pairs)
    units = ",".join(str(int(u)) for _a, u in pairs)
    return (
        f"SELECT unnest(string_split('{ancestors}', ',')::INTEGER[]) AS ancestor, "
        f"unnest(string_split('{units}', ',')::INTEGER[]) AS unit_id"
    )


def _days(workdays: Iterable[date], until: date | None) -> str:
    days = ",".join(d.isoformat() for d in sorted(set(workdays)) if until is None or d <= until)
    return f"SELECT unnest(string_split('{days}', ',')::DATE[]) AS day"


# A month (or day) expanded into its month, its quarter and its year: cross joined with the three kinds, then
# :func:`_period` names the period of each kind.
_KINDS = "(VALUES ('month'), ('quarter'), ('year')) k(kind)"


def _period(month: str) -> str:
    return (
        f"CASE kind WHEN 'month' THEN strftime({month}, '%Y-%m') "
        f"WHEN 'quarter' THEN strftime({month}, '%Y') || '-Q' || quarter({month}) "
        f"ELSE strftime({month}, '%Y') END"
    )


def statement(
    dossiers: str, logins: str, tree: Iterable[tuple[int, int]], workdays: Iterable[date], until: date | None = None
) -> str:
    """The single SELECT, over two table expressions (``read_parquet('…')``)."""
    before = "" if until is None else f"WHERE \"at\" < TIMESTAMP '{(until + timedelta(days=1)).isoformat()}'"
    return f"""
WITH tree AS ({_pairs(tree)}),
workdays AS ({_days(workdays, until)}),
dossier_months AS (
    SELECT unit_id,
           date_trunc('month', received_at)::DATE AS received_month,
           date_trunc('month', returned_at)::DATE AS returned_month,
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
reception AS (
    SELECT t.ancestor AS unit_id, {_period("received_month")} AS period,
           sum(online) AS online_rate, sum(full_online) AS full_online_rate, sum(bcci) AS bcci_rate,
           sum(recorded) AS onestop_recording_rate, sum(received) AS received
    FROM dossier_months d JOIN tree t USING (unit_id), {_KINDS}
    GROUP BY ALL
),
resolution AS (
    SELECT t.ancestor AS unit_id, {_period("returned_month")} AS period, sum(ontime) AS ontime, sum(late) AS late,
           sum(late_apology) AS late_apology
    FROM dossier_months d JOIN tree t USING (unit_id), {_KINDS}
    WHERE returned_month IS NOT NULL
    GROUP BY ALL
),
official_months AS (
    SELECT unit_id, "user", date_trunc('month', day)::DATE AS month,
           count(*) FILTER (logins >= {MIN_LOGINS_PER_DAY} AND day IN (SELECT day FROM workdays)) AS compliant
    FROM (SELECT unit_id, "user", "at"::DATE AS day, count(DISTINCT "at") AS logins
          FROM {logins} {before} GROUP BY ALL)
    GROUP BY ALL
),
officials AS (
    SELECT unit_id, kind, {_period("month")} AS period, count(DISTINCT "user") AS officials, sum(compliant) AS compliant
    FROM official_months o, {_KINDS}
    GROUP BY ALL
),
calendar AS (
    SELECT kind, {_period("w.day")} AS period, count(*) AS days
    FROM workdays w, {_KINDS}
    GROUP BY ALL
),
compliance AS (
    SELECT t.ancestor AS unit_id, o.period, sum(o.compliant) AS num,
           sum(o.officials * coalesce(c.days, 0)) AS den
    FROM officials o JOIN tree t USING (unit_id) LEFT JOIN calendar c USING (kind, period)
    GROUP BY ALL
)
SELECT unit_id, period, indicator, num::BIGINT AS numerator, received::BIGINT AS denominator
FROM reception UNPIVOT (num FOR indicator IN (online_rate, full_online_rate, bcci_rate, onestop_recording_rate))
UNION ALL
SELECT unit_id, period, 'ontime_rate', ontime::BIGINT, (ontime + late)::BIGINT FROM resolution
UNION ALL
SELECT unit_id, period, 'apology_rate', late_apology::BIGINT, late::BIGINT FROM resolution
UNION ALL
SELECT unit_id, period, 'login_compliance', num::BIGINT, den::BIGINT FROM compliance
"""  # noqa: S608


def compute(
    con: duckdb.DuckDBPyConnection,
    dossiers: str,
    logins: str,
    tree: Iterable[tuple[int, int]],
    workdays: Iterable[date],
    until: date | None = None,
) -> duckdb.DuckDBPyRelation:
    """The figures as a DuckDB relation (fetch it as Arrow, or as rows)."""
    return con.sql(statement(dossiers, logins, tree, workdays, until))
