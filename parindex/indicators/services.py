"""Imports into the store, the refresh of every figure, and the leaves scored from them.

An import is checked whole, merged into the store, then the figures are computed again from the store with DuckDB
(:mod:`parindex.indicators.engine`) and replace the stored ones; finally every leaf whose source is
``indicator:<code>`` in an open campaign takes the unit's figure for the campaign's year as its input (the self
score, marked as computed), so the unit cannot type over it and the council can still override it with a reason.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import cast

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.services import ScoreRow, Stage, store_scores
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record
from parindex.dbbulk import insert_rows
from parindex.deadlines.models import Holiday
from parindex.indicators import engine, store
from parindex.indicators.imports import Progress, check_file
from parindex.indicators.models import Figure, ImportBatch, Indicator
from parindex.org.models import Unit
from parindex.scoring.numbers import percent
from parindex.scoring.rules import RuleInputError

SOURCE_PREFIX = "indicator:"


def tree_pairs() -> list[tuple[int, int]]:
    """(ancestor, unit) for every unit and each unit above it, itself included: a figure rolls up its subtree."""
    pairs: list[tuple[int, int]] = []
    for pk, path in Unit.objects.values_list("pk", "path"):
        pairs.extend((int(ancestor), pk) for ancestor in path.strip("/").split("/") if ancestor)
    return pairs


def workdays(years: Iterable[int]) -> list[date]:
    """Monday to Friday, less the public holidays on record."""
    years = sorted(set(years))
    if not years:
        return []
    holidays = set(Holiday.objects.filter(day__year__in=years).values_list("day", flat=True))
    days = []
    day = date(years[0], 1, 1)
    end = date(years[-1], 12, 31)
    while day <= end:
        if day.weekday() < 5 and day not in holidays and day.year in years:
            days.append(day)
        day += timedelta(days=1)
    return days


def _years_in_store() -> set[int]:
    con = engine.connect()
    years: set[int] = set()
    for kind, column in (("dossiers", "received_at"), ("logins", '"at"')):
        source = store.source(kind)
        if source:
            low, high = con.execute(f"SELECT year(min({column})), year(max({column})) FROM {source}").fetchone()  # type: ignore[misc]  # noqa: S608
            if low is not None:
                years.update(range(low, high + 1))
    return years


@dataclass(frozen=True)
class Refreshed:
    figures: int
    scores_changed: int


def figures_without_store() -> dict[str, int]:
    """For each kind of stored data (dossiers, logins) whose Parquet file is missing from the store: how many figures
    computed from it the database holds. A refresh would replace them with figures of nothing (a store lost, or a
    database restored without its store), so ``refresh-indicators`` refuses it unless forced."""
    indicators = {"dossiers": engine.DOSSIER_INDICATORS, "logins": engine.LOGIN_INDICATORS}
    missing = {}
    for kind, codes in indicators.items():
        if not store.path_of(kind).exists():
            count = Figure.objects.filter(indicator__in=codes).count()
            if count:
                missing[kind] = count
    return missing


FIGURE_FIELDS = ["unit", "period", "kind", "indicator", "numerator", "denominator"]
# The kind of a period in SQL, as period_kind() names it in Python: 2021-Q1 a quarter, 2021-03 a month, 2021 a year.
_KIND_SQL = (
    f"CASE WHEN contains(period, '-Q') THEN '{Figure.Kind.QUARTER.value}' "
    f"WHEN contains(period, '-') THEN '{Figure.Kind.MONTH.value}' ELSE '{Figure.Kind.YEAR.value}' END"
)


def _computed(con: engine.duckdb.DuckDBPyConnection, until: date) -> int:
    """Compute every figure from the store into the DuckDB table ``computed`` (columnar, in the order of
    FIGURE_FIELDS); how many there are. The store is locked meanwhile, so that it is read as one consistent pair."""
    with store.locked():
        sql = engine.prepare(
            con, store.source("dossiers"), store.source("logins"), tree_pairs(), workdays(_years_in_store()), until
        )
        if sql is None:  # no data at all: no figure
            sql = (
                "SELECT NULL::INTEGER AS unit_id, NULL::VARCHAR AS period, NULL::VARCHAR AS indicator, "
                "NULL::BIGINT AS numerator, NULL::BIGINT AS denominator WHERE false"
            )
        columns = f"unit_id, period, {_KIND_SQL} AS kind, indicator, numerator, denominator"
        con.execute(f"CREATE OR REPLACE TEMP TABLE computed AS SELECT {columns} FROM ({sql})")  # noqa: S608
    row = con.execute("SELECT count(*) FROM computed").fetchone()
    return int(row[0]) if row else 0


def _store_computed(con: engine.duckdb.DuckDBPyConnection) -> None:
    """Write DuckDB's ``computed`` figures into the Figure table in bulk: on PostgreSQL DuckDB writes them as CSV and
    COPY reads it, never a Python object per figure; elsewhere one prepared INSERT runs over DuckDB's rows."""
    if connection.vendor != "postgresql":
        insert_rows(Figure, FIGURE_FIELDS, con.execute("SELECT * FROM computed").fetchall())
        return
    fields = [cast(models.Field, Figure._meta.get_field(name)) for name in FIGURE_FIELDS]
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    table = connection.ops.quote_name(Figure._meta.db_table)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "figures.csv"
        con.execute(f"COPY computed TO '{path}' (FORMAT csv, HEADER false)")
        copy_in = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
        with connection.cursor() as cursor, open(path, "rb") as handle, cursor.cursor.copy(copy_in) as copy:
            while block := handle.read(1 << 20):
                copy.write(block)


def refresh(actor: Actor, until: date | None = None, reason: str = "") -> Refreshed:
    """Compute every figure again from the store, replace the stored figures, and score the linked leaves."""
    until = until or timezone.localdate()
    con = engine.connect()
    try:
        count = _computed(con, until)
        with transaction.atomic():
            # Only the engine's own indicators: the timeliness figures are written by parindex.indicators.timeliness.
            Figure.objects.filter(indicator__in=engine.INDICATORS).delete()
            _store_computed(con)
    finally:
        con.close()
    changed = score_linked_leaves(actor, reason or _("computed from the operational indicators"))
    return Refreshed(figures=count, scores_changed=changed)


def score_linked_leaves(actor: Actor, reason: str) -> int:
    """In every open campaign, each ``indicator:<code>`` leaf takes each unit's figure for the campaign's year."""
    changed = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN).select_related("framework"):
        leaves = [c for c in scoring_setup(campaign).criteria if c.is_leaf and c.source.startswith(SOURCE_PREFIX)]
        if not leaves:
            continue
        unit_ids = list(campaign.units().values_list("pk", flat=True))
        codes = {leaf.source.removeprefix(SOURCE_PREFIX) for leaf in leaves}
        figures = {
            (unit_id, indicator): (numerator, denominator)
            for unit_id, indicator, numerator, denominator in Figure.objects.filter(
                period=str(campaign.year), indicator__in=codes, unit_id__in=unit_ids
            ).values_list("unit_id", "indicator", "numerator", "denominator")
        }
        rows = []
        for leaf in leaves:
            rule = leaf.rule_object
            if rule is None:
                continue
            for unit_id in unit_ids:
                counts = figures.get((unit_id, leaf.source.removeprefix(SOURCE_PREFIX)))
                value = None if counts is None else percent(Decimal(counts[0]), Decimal(counts[1]))
                if value is None:
                    continue  # no data for the unit this year: the leaf stays unscored (0 in the index)
                try:
                    points = rule.points(value, leaf.max_points or Decimal(0))
                except RuleInputError:
                    continue
                rows.append(ScoreRow(unit_id, leaf, points, False, value=value))
        if rows:
            result = store_scores(campaign, Stage.SELF, rows, actor, reason)
            changed += result.created + result.updated
    return changed


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Imported:
    rows: int
    replaced: int
    stored: int
    mapping: str
    refreshed: Refreshed | None


def import_file(
    kind: str,
    path: Path,
    actor: Actor,
    mapping: str | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
    name: str | None = None,
    allowed_units: set[int] | None = None,
) -> Imported:
    """Check ``path`` whole, merge it into the store, record it in the audit log and refresh the figures.
    Raises ImportRejected (nothing written) with every bad row."""
    with tempfile.TemporaryDirectory() as tmp:
        checked = check_file(kind, path, Path(tmp) / "canonical.csv", mapping, progress, allowed_units)
        if dry_run:
            return Imported(checked.rows, 0, 0, checked.mapping.code, None)
        if progress:
            progress(0.96, _("storing"))
        with store.locked():
            merged = store.merge(kind, checked.path)
    record(
        actor,
        Change(
            Action.INDICATORS_IMPORTED,
            "indicator_import",
            kind,
            name or path.name,
            None,
            {
                "kind": kind,
                "file": name or path.name,
                "sha256": sha256_of(path),
                "mapping": checked.mapping.code,
                "rows": merged.rows,
                "replaced": merged.replaced,
                "stored": merged.stored,
            },
        ),
    )
    if progress:
        progress(0.98, _("computing the indicators"))
    refreshed = refresh(actor, reason=_("import of %(file)s") % {"file": name or path.name})
    return Imported(merged.rows, merged.replaced, merged.stored, checked.mapping.code, refreshed)


def indicator_label(code: str) -> str:
    return str(dict(Indicator.choices).get(code, code))


def queue_upload(kind: str, uploaded: object, actor: Actor, mapping: str = "") -> ImportBatch:
    """Keep an uploaded export and queue it for ``run-imports`` (the page then follows its progress)."""
    batch = ImportBatch(kind=kind, original_name=getattr(uploaded, "name", "export"), mapping=mapping)
    batch.size = int(getattr(uploaded, "size", 0) or 0)
    batch.created_by = actor.user
    batch.file.save(batch.original_name, uploaded, save=False)  # type: ignore[arg-type]
    batch.save()
    return batch
