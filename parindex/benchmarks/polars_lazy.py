"""The indicators with Polars' lazy API (``scan_parquet`` … ``collect``): a same-run anchor of bench-indicators, which
holds the engine to being faster than it (DESIGN.md §6). Polars is a development dependency.

One lazy query over the Parquet files, collected once: dossiers aggregated per (unit, month received, month
returned), logins per (unit, official, day) with the distinct instants and then per (unit, official, month); months
expanded into their month, quarter and year; roll-up through the unit tree. The definitions are the engine's
(:mod:`parindex.indicators.engine`), NULLs included (a comparison with a missing date is neither true nor false and
``sum`` skips it, as ``count(*) FILTER (…)`` does), so the bench checks that both give the very same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import polars as pl

from parindex.indicators.engine import MIN_LOGINS_PER_DAY

RECEPTION = {
    "online_rate": "online",
    "full_online_rate": "full_online",
    "bcci_rate": "bcci",
    "onestop_recording_rate": "recorded",
}
KEY = ["unit_id", "period", "indicator"]


def _month_key(column: str) -> pl.Expr:
    return pl.col(column).dt.year().cast(pl.Int32) * 100 + pl.col(column).dt.month().cast(pl.Int32)


def _with_periods(frame: pl.LazyFrame, month: str) -> pl.LazyFrame:
    """``frame`` three times over, with ``kind`` and ``period`` (``2021-03``, ``2021-Q1``, ``2021``) of its integer
    month key (202103)."""
    year = (pl.col(month) // 100).cast(pl.Utf8)
    number = pl.col(month) % 100
    return pl.concat(
        [
            frame.with_columns(kind=pl.lit("month"), period=year + "-" + number.cast(pl.Utf8).str.zfill(2)),
            frame.with_columns(kind=pl.lit("quarter"), period=year + "-Q" + ((number + 2) // 3).cast(pl.Utf8)),
            frame.with_columns(kind=pl.lit("year"), period=year),
        ]
    )


def _tree(tree: Iterable[tuple[int, int]]) -> pl.LazyFrame:
    pairs = list(tree)
    return pl.LazyFrame(
        {"ancestor": [a for a, _u in pairs], "unit_id": [u for _a, u in pairs]},
        schema={"ancestor": pl.Int32, "unit_id": pl.Int32},
    )


def _rolled(frame: pl.LazyFrame, tree: pl.LazyFrame, sums: list[str]) -> pl.LazyFrame:
    """Per-unit figures summed over each ancestor's subtree."""
    return (
        frame.join(tree, on="unit_id")
        .group_by("ancestor", "period")
        .agg(pl.col(c).sum() for c in sums)
        .rename({"ancestor": "unit_id"})
    )


def _long(frame: pl.LazyFrame, indicator: str, numerator: pl.Expr, denominator: pl.Expr) -> pl.LazyFrame:
    return frame.select(
        "unit_id",
        "period",
        indicator=pl.lit(indicator),
        numerator=numerator.cast(pl.Int64),
        denominator=denominator.cast(pl.Int64),
    )


def dossier_query(path: str, tree: pl.LazyFrame) -> list[pl.LazyFrame]:
    months = (
        pl.scan_parquet(path)
        .group_by("unit_id", received_month=_month_key("received_at"), returned_month=_month_key("returned_at"))
        .agg(
            received=pl.len(),
            online=pl.col("submission").is_in(["online_partial", "online_full"]).sum(),
            full_online=(pl.col("submission") == "online_full").sum(),
            bcci=((pl.col("submission") == "postal") | (pl.col("return_by") == "postal")).sum(),
            recorded=pl.col("recorded").sum(),
            ontime=(pl.col("returned_at") <= pl.col("due_at")).sum(),
            late=(pl.col("returned_at") > pl.col("due_at")).sum(),
            late_apology=((pl.col("returned_at") > pl.col("due_at")) & pl.col("apology")).sum(),
        )
        .cache()
    )
    counts = ["received", *RECEPTION.values()]
    received = _with_periods(
        months.group_by("unit_id", month="received_month").agg(pl.col(c).sum() for c in counts), "month"
    )
    received = _rolled(received, tree, counts)
    outcomes = ["ontime", "late", "late_apology"]
    returned = months.filter(pl.col("returned_month").is_not_null())
    returned = _with_periods(
        returned.group_by("unit_id", month="returned_month").agg(pl.col(c).sum() for c in outcomes), "month"
    )
    returned = _rolled(returned, tree, outcomes)
    parts = [_long(received, name, pl.col(column), pl.col("received")) for name, column in RECEPTION.items()]
    parts.append(_long(returned, "ontime_rate", pl.col("ontime"), pl.col("ontime") + pl.col("late")))
    parts.append(_long(returned, "apology_rate", pl.col("late_apology"), pl.col("late")))
    return parts


def login_query(path: str, tree: pl.LazyFrame, workdays: Iterable[date], until: date | None) -> pl.LazyFrame:
    days = sorted({d for d in workdays if until is None or d <= until})
    logins = pl.scan_parquet(path)
    if until is not None:
        logins = logins.filter(pl.col("at") < datetime.combine(until + timedelta(days=1), datetime.min.time()))
    daily = logins.group_by("unit_id", "user", day=pl.col("at").dt.date()).agg(logins=pl.col("at").n_unique())
    monthly = daily.group_by("unit_id", "user", month=_month_key("day")).agg(
        compliant=((pl.col("logins") >= MIN_LOGINS_PER_DAY) & pl.col("day").is_in(days)).sum()
    )
    officials = (
        _with_periods(monthly, "month")
        .group_by("unit_id", "kind", "period")
        .agg(officials=pl.col("user").n_unique(), compliant=pl.col("compliant").sum())
    )
    calendar = (
        _with_periods(pl.LazyFrame({"day": days}, schema={"day": pl.Date}).select(month=_month_key("day")), "month")
        .group_by("kind", "period")
        .agg(days=pl.len())
    )
    figures = officials.join(calendar, on=["kind", "period"], how="left").select(
        "unit_id",
        "period",
        "compliant",
        den=pl.col("officials").cast(pl.Int64) * pl.col("days").fill_null(0).cast(pl.Int64),
    )
    rolled = _rolled(figures, tree, ["compliant", "den"])
    return _long(rolled, "login_compliance", pl.col("compliant"), pl.col("den"))


def compute(
    dossiers: str | None,
    logins: str | None,
    tree: Iterable[tuple[int, int]],
    workdays: Iterable[date],
    until: date | None = None,
) -> pl.DataFrame:
    """(unit_id, period, indicator, numerator, denominator), unordered, from the Parquet files at these paths."""
    pairs = _tree(tree)
    parts: list[pl.LazyFrame] = []
    if dossiers:
        parts += dossier_query(dossiers, pairs)
    if logins:
        parts.append(login_query(logins, pairs, workdays, until))
    if not parts:
        return pl.DataFrame(schema={"unit_id": pl.Int32, "period": pl.Utf8, "indicator": pl.Utf8})
    return pl.concat(parts).collect()
