"""The indicators computed with plain pandas, as a data analyst would: the reference that bench-indicators times the
DuckDB engine against and checks it with.

It reads the same Parquet files (only the columns needed), flags each row with vectorised comparisons, aggregates
with ``groupby`` and rolls the figures up through the same unit tree. The definitions are those of
:mod:`parindex.indicators.engine`, edge cases included, so that both give exactly the same numerators and
denominators:

- a dossier counts in the month it was received for the four reception indicators, and in the month it was returned
  (if it was) for ``ontime_rate`` and ``apology_rate``; a (unit, period) with returned dossiers gets both figures even
  when none was late (apology 0 of 0);
- a missing flag or date counts as false, as ``count(*) FILTER (…)`` does with NULL;
- an official counts at a unit in a period when they logged in there at least once in it, on any day; a compliant
  pair is a working day (up to ``until``) with at least four logins at distinct instants (a login exported twice
  counts once).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from parindex.indicators.engine import MIN_LOGINS_PER_DAY, Figure

DOSSIER_COLUMNS = ["unit_id", "received_at", "due_at", "returned_at", "submission", "return_by", "recorded", "apology"]
LOGIN_COLUMNS = ["user", "unit_id", "at"]
RECEPTION = {
    "online_rate": "online",
    "full_online_rate": "full_online",
    "bcci_rate": "bcci",
    "onestop_recording_rate": "recorded",
}


def _read(paths: Sequence[Path | str], columns: list[str]) -> pd.DataFrame | None:
    frames = [pd.read_parquet(p, columns=columns) for p in paths if Path(p).exists()]
    if not frames:
        return None
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _with_periods(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """``frame`` three times over, with a ``period`` column: ``2021-03``, ``2021-Q1`` and ``2021`` of its month.

    Done on already aggregated rows: formatting strings for ten million rows would cost more than everything else."""
    months = frame[month]
    years = months.dt.year.astype(str)
    return pd.concat(
        [
            frame.assign(kind="month", period=months.dt.strftime("%Y-%m")),
            frame.assign(kind="quarter", period=years + "-Q" + months.dt.quarter.astype(str)),
            frame.assign(kind="year", period=years),
        ],
        ignore_index=True,
    )


def dossier_figures(dossiers: pd.DataFrame) -> pd.DataFrame:
    """(unit_id, period, indicator, numerator, denominator) of each unit's own dossiers, not rolled up."""
    flags = pd.DataFrame(
        {
            "unit_id": dossiers["unit_id"],
            "received_month": dossiers["received_at"].dt.to_period("M"),
            "returned_month": dossiers["returned_at"].dt.to_period("M"),
            "received": 1,
            "online": dossiers["submission"].isin(["online_partial", "online_full"]),
            "full_online": dossiers["submission"].eq("online_full"),
            "bcci": dossiers["submission"].eq("postal") | dossiers["return_by"].eq("postal"),
            "recorded": dossiers["recorded"].eq(True),
            # NaT compares false both ways, like NULL in SQL: an unresolved dossier is neither on time nor late.
            "ontime": dossiers["returned_at"] <= dossiers["due_at"],
            "late": dossiers["returned_at"] > dossiers["due_at"],
        }
    )
    flags["late_apology"] = flags["late"] & dossiers["apology"].eq(True)

    received = flags.groupby(["unit_id", "received_month"], as_index=False)[["received", *RECEPTION.values()]].sum()
    received = _with_periods(received, "received_month")
    received = received.groupby(["unit_id", "period"], as_index=False)[["received", *RECEPTION.values()]].sum()
    reception = received.melt(
        id_vars=["unit_id", "period", "received"],
        value_vars=list(RECEPTION.values()),
        var_name="indicator",
        value_name="numerator",
    ).rename(columns={"received": "denominator"})
    reception["indicator"] = reception["indicator"].map({v: k for k, v in RECEPTION.items()})

    # groupby drops the NaT month of unresolved dossiers, as the engine's WHERE returned_month IS NOT NULL does.
    returned = flags.groupby(["unit_id", "returned_month"], as_index=False)[["ontime", "late", "late_apology"]].sum()
    returned = _with_periods(returned, "returned_month")
    returned = returned.groupby(["unit_id", "period"], as_index=False)[["ontime", "late", "late_apology"]].sum()
    ontime = pd.DataFrame(
        {
            "unit_id": returned["unit_id"],
            "period": returned["period"],
            "indicator": "ontime_rate",
            "numerator": returned["ontime"],
            "denominator": returned["ontime"] + returned["late"],
        }
    )
    apology = pd.DataFrame(
        {
            "unit_id": returned["unit_id"],
            "period": returned["period"],
            "indicator": "apology_rate",
            "numerator": returned["late_apology"],
            "denominator": returned["late"],
        }
    )
    return pd.concat([reception, ontime, apology], ignore_index=True)


def login_figures(logins: pd.DataFrame, workdays: Iterable[date], until: date | None = None) -> pd.DataFrame:
    """(unit_id, period, 'login_compliance', numerator, denominator) of each unit's own officials, not rolled up."""
    days = pd.DatetimeIndex(sorted({d for d in workdays if until is None or d <= until}))
    logins = logins.assign(day=logins["at"].dt.normalize())
    if until is not None:
        # As the engine does: a login after the cut-off makes nobody one of the period's officials.
        logins = logins[logins["day"] <= pd.Timestamp(until)]
    # Distinct instants, as the engine counts them: the same login exported twice counts once.
    daily = logins.groupby(["unit_id", "user", "day"], as_index=False).agg(instants=("at", "nunique"))
    daily["compliant"] = daily["day"].isin(days) & (daily["instants"] >= MIN_LOGINS_PER_DAY)
    daily["month"] = daily["day"].dt.to_period("M")
    monthly = daily.groupby(["unit_id", "user", "month"], as_index=False)[["compliant"]].sum()
    periods = _with_periods(monthly, "month")
    officials = periods.groupby(["unit_id", "kind", "period"], as_index=False).agg(
        officials=("user", "nunique"), compliant=("compliant", "sum")
    )

    calendar = _with_periods(pd.DataFrame({"month": days.to_period("M")}), "month")
    calendar = calendar.groupby(["kind", "period"], as_index=False).size().rename(columns={"size": "workdays"})
    officials = officials.merge(calendar, on=["kind", "period"], how="left")
    return pd.DataFrame(
        {
            "unit_id": officials["unit_id"],
            "period": officials["period"],
            "indicator": "login_compliance",
            "numerator": officials["compliant"],
            "denominator": officials["officials"] * officials["workdays"].fillna(0).astype("int64"),
        }
    )


def compute(
    dossier_files: Sequence[Path | str],
    login_files: Sequence[Path | str],
    tree: Iterable[tuple[int, int]],
    workdays: Iterable[date],
    until: date | None = None,
) -> list[Figure]:
    """The same figures as :func:`engine.compute`, in the same order, from the Parquet files themselves."""
    parts = []
    dossiers = _read(dossier_files, DOSSIER_COLUMNS)
    if dossiers is not None:
        parts.append(dossier_figures(dossiers))
        del dossiers
    logins = _read(login_files, LOGIN_COLUMNS)
    if logins is not None:
        parts.append(login_figures(logins, workdays, until))
        del logins
    if not parts:
        return []
    figures = pd.concat(parts, ignore_index=True)
    pairs = pd.DataFrame(list(tree), columns=["ancestor", "unit_id"])
    rolled = (
        figures.merge(pairs, on="unit_id")
        .groupby(["ancestor", "period", "indicator"], as_index=False)[["numerator", "denominator"]]
        .sum()
        .sort_values(["ancestor", "period", "indicator"])
    )
    return [
        Figure(int(unit), period, indicator, int(numerator), int(denominator))
        for unit, period, indicator, numerator, denominator in rolled.itertuples(index=False, name=None)
    ]
