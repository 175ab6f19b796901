"""parindex bench-scoring: a synthetic campaign (N units × M leaves with every rule type, built with bulk inserts),
its import, full recomputes, head ratings and single-score edits timed against a bare read of the same score rows.

Everything runs in one transaction that is rolled back: the synthetic data is not kept. The import is timed with
the checks its commit would run (PostgreSQL's deferred foreign keys, by ``SET CONSTRAINTS ALL IMMEDIATE``), beside a
read-back of the rows it wrote; recompute + ratings beside a bare read of the score rows; medians of ``--runs``.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from parindex.assessments.models import Campaign, Result, Score
from parindex.assessments.scoring import recompute_campaign
from parindex.assessments.services import Stage, import_scores, open_campaign, set_score
from parindex.audit.services import Actor
from parindex.benchmarks.rolledback import RolledBackBench
from parindex.frameworks.models import Criterion
from parindex.frameworks.services import install_framework
from parindex.frameworks.spec import parse_framework
from parindex.org.models import Unit, UnitGroup
from parindex.ratings.models import DisciplinaryCase
from parindex.ratings.services import install_rule_set, store_ratings
from parindex.ratings.spec import SAMPLES as RATING_SAMPLES
from parindex.ratings.spec import read_rule_set_file

RULES: list[dict[str, Any]] = [
    {"type": "manual", "step": "0.25"},
    {"type": "choice", "options": [{"label": "Đúng hạn", "points": "1"}, {"label": "Chậm", "points": "0.5"}]},
    {
        "type": "bands",
        "thresholds": [{"min": "90", "points": "1"}, {"min": "70", "points": "0.5"}, {"min": "0", "points": "0"}],
    },
    {"type": "proportional", "target": "100"},
    {"type": "deduction", "per": "0.25"},
]


# DESIGN.md §6: import-scores (commit included) ≤ 5× a read-back of its rows; recompute + ratings ≤ 1.5× a bare read.
IMPORT_GOAL = 5.0
RECOMPUTE_GOAL = 1.5


class _Again(Exception):
    """Rolls one timed import back to its savepoint, so the next run imports into the same empty campaign."""


@dataclass(frozen=True)
class Synthetic:
    campaign: Campaign
    unit_ids: list[int]
    leaf_ids: list[int]


def framework_data(code: str, leaves: int, areas: int = 8) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = []
    for a in range(1, areas + 1):
        children = []
        for i in range(a - 1, leaves, areas):
            children.append(
                {"code": f"{a}.{i + 1}", "name": f"Tiêu chí {i + 1}", "max": "1", "rule": RULES[i % len(RULES)]}
            )
        if children:
            nodes.append({"code": str(a), "name": f"Lĩnh vực {a}", "children": children})
    return {
        "code": code,
        "name": f"Bộ tiêu chí đo hiệu năng ({leaves} tiêu chí)",
        "year": 2021,
        "bands": [
            {"code": "A", "name": "Tốt", "min": "90"},
            {"code": "B", "name": "Khá", "min": "80"},
            {"code": "C", "name": "Trung bình", "min": "0"},
        ],
        "nodes": nodes,
    }


def build(prefix: str, units: int, leaves: int) -> Synthetic:
    """Create the group, units, criteria set and campaign (no scores: :func:`write_scores_csv` makes them)."""
    actor = Actor.command_line("bench")
    group = UnitGroup.objects.create(code=prefix, name=f"Nhóm đo hiệu năng {prefix}")
    root = Unit.objects.create(code=f"{prefix}-root", name="Đơn vị gốc (đo hiệu năng)")
    Unit.objects.bulk_create(
        [Unit(code=f"{prefix}-{i:05d}", name=f"Đơn vị {i}", parent=root, group=group, path="") for i in range(units)],
        batch_size=2000,
    )
    # Bulk inserts skip Unit.save(), so the materialised paths are set in one UPDATE.
    Unit.objects.filter(group=group).update(path=Concat(Value(root.path), Cast("id", CharField()), Value("/")))
    unit_ids = list(Unit.objects.filter(group=group).order_by("code").values_list("id", flat=True))
    framework = install_framework(parse_framework(framework_data(prefix, leaves)), actor).framework
    campaign = open_campaign(prefix, framework.code, group.code, actor)
    leaf_ids = list(framework.criteria.filter(is_leaf=True).order_by("position").values_list("id", flat=True))
    return Synthetic(campaign=campaign, unit_ids=unit_ids, leaf_ids=leaf_ids)


def write_scores_csv(data: Synthetic, path: Path, seed: int = 1) -> int:
    """A score file as an office would send it: every unit × leaf, about 10 % left out. Returns the row count."""
    rng = random.Random(seed)
    codes = dict(Unit.objects.filter(id__in=data.unit_ids).values_list("id", "code"))
    leaves = list(
        data.campaign.framework.criteria.filter(is_leaf=True).order_by("position").values_list("code", flat=True)
    )
    steps = ["0", "0.25", "0.5", "0.75", "1"]
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("unit,criterion,score\n")
        for unit_id in data.unit_ids:
            for leaf in leaves:
                if rng.random() < 0.1:
                    continue
                out.write(f"{codes[unit_id]},{leaf},{rng.choice(steps)}\n")
                rows += 1
    return rows


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


class ScoringBench(RolledBackBench):
    """The benchmark, writing its figures to the command's output."""

    def line(self, label: str, seconds: float, target: float | None = None) -> None:
        verdict = ""
        if target is not None:
            ok = seconds <= target
            verdict = f"  target ≤ {target * 1000:,.0f} ms  {'OK' if ok else 'MISSED'}"
            if not ok:
                self.missed.append(label)
        self.stdout.write(f"  {label:<46} {seconds * 1000:10,.1f} ms{verdict}")

    def run(self, options: dict[str, Any]) -> None:
        units, leaves = options["units"], options["leaves"]
        vendor = connection.vendor
        self.stdout.write(f"bench-scoring: {units} units × {leaves} leaves on {vendor}")
        started = time.perf_counter()
        data = build(f"bench{int(time.time())}", units, leaves)
        campaign = data.campaign
        actor = Actor.command_line("bench")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scores.csv"
            rows = write_scores_csv(data, path)
            self.stdout.write(
                f"  built units, set and a {rows}-row score file in {time.perf_counter() - started:.1f} s"
            )
            fetch = self.bench_import(campaign, path, rows, actor, options)
        self.bench_recompute(data, actor, options, fetch)
        self.bench_edits(data, actor, options)
        self.stdout.write("rolled back: the synthetic data is not kept")

    def read_back(self, campaign: Campaign) -> float:
        """The baseline: a bare read of the campaign's score rows (what the import wrote, what a recompute reads)."""
        return timed(
            lambda: list(
                Score.objects.filter(campaign=campaign).values_list(
                    "unit_id", "criterion_id", "final_score", "final_na"
                )
            )
        )

    def bench_import(self, campaign: Campaign, path: Path, rows: int, actor: Actor, options: dict[str, Any]) -> float:
        """The import timed with what its commit would check: on PostgreSQL the foreign keys (deferred to the commit)
        are checked inside the timed window by ``SET CONSTRAINTS ALL IMMEDIATE``; SQLite checks its deferred foreign
        keys row by row as they are written (the commit only tests a counter). Only the commit's final log flush is
        left out: the benchmark keeps nothing. Runs 1..n-1 are rolled back to a savepoint; the last one is kept for
        the recompute. Returns the median read-back."""
        postgres = connection.vendor == "postgresql"
        self.stdout.write(
            "import (CSV read, every row checked, stored, one audit entry per unit, results recomputed"
            + (", foreign keys checked as at commit):" if postgres else "):")
        )

        def foreign_key_checks() -> None:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

        runs = max(1, options["import_runs"])
        seconds: list[float] = []
        fetches: list[float] = []
        for run in range(1, runs + 1):
            keep = run == runs
            try:
                with transaction.atomic():
                    alone = timed(lambda: import_scores(campaign, path, Stage.APPRAISED, actor, reason="bench"))
                    checks = timed(foreign_key_checks) if postgres else 0.0
                    seconds.append(alone + checks)
                    fetches.append(self.read_back(campaign))
                    if postgres:
                        self.line(f"  import alone, run {run}", alone)
                        self.line(f"  its foreign-key checks (as at commit), run {run}", checks)
                    if not keep:
                        raise _Again
            except _Again:
                pass
            self.line(
                f"import-scores of {rows} rows, commit checks included, run {run}",
                seconds[-1],
                options["target_import"],
            )
            self.line(f"  read-back of the same {rows} rows, run {run}", fetches[-1])
        ratios = [s / f for s, f in zip(seconds, fetches, strict=True)]
        ratio = statistics.median(ratios)
        verdict = "OK" if ratio <= IMPORT_GOAL else "MISSED"
        if ratio > IMPORT_GOAL:
            self.missed.append("import-scores vs read-back")
        self.stdout.write(
            f"    → import-scores (median of {runs}): {statistics.median(seconds) * 1000:,.1f} ms = {ratio:.1f}× the "
            f"read-back ({statistics.median(fetches) * 1000:,.1f} ms)  goal ≤ {IMPORT_GOAL:.0f}×  {verdict}"
        )
        self.stdout.write("baseline (same run, same rows):")
        fetch = self.read_back(campaign)
        self.line("bare read of all score rows", fetch)
        return fetch

    def bench_recompute(self, data: Synthetic, actor: Actor, options: dict[str, Any], fetch: float) -> None:
        campaign = data.campaign
        self.stdout.write("full recompute:")
        Result.objects.filter(campaign=campaign).delete()
        first = timed(lambda: recompute_campaign(campaign, actor))
        self.line("first (every result inserted)", first, options["target_full"])
        for run in range(1, options["runs"] + 1):
            # Shift every unit's scores so that every result really changes (the worst case: all rows rewritten).
            Score.objects.filter(campaign=campaign, criterion_id=data.leaf_ids[run % len(data.leaf_ids)]).update(
                final_score=Decimal("0.25") * (run % 4)
            )
            seconds = timed(lambda: recompute_campaign(campaign, actor))
            self.line(f"after scores changed, run {run}", seconds, options["target_full"])
        unchanged = timed(lambda: recompute_campaign(campaign, actor))
        self.line("nothing changed", unchanged, options["target_full"])
        self.stdout.write(f"    → full recompute costs {first / fetch:.1f}× the bare read of its input")
        self.bench_ratings(data, actor, options, recompute=first)

    def bench_edits(self, data: Synthetic, actor: Actor, options: dict[str, Any]) -> None:
        campaign = data.campaign
        self.stdout.write("one edited score → that unit (score saved, audited, unit recomputed, group re-ranked):")
        rng = random.Random(7)
        leaf_objects = {c.pk: c for c in Criterion.objects.filter(pk__in=data.leaf_ids)}
        unit_objects = {
            u.pk: u for u in Unit.objects.filter(pk__in=rng.sample(data.unit_ids, min(50, len(data.unit_ids))))
        }
        samples = []
        for _i in range(options["edits"]):
            unit = rng.choice(list(unit_objects.values()))
            leaf = leaf_objects[rng.choice(data.leaf_ids)]
            maximum = leaf.max_points or Decimal(1)
            points = maximum * Decimal(rng.choice([0, 1, 2, 3, 4])) / 4
            start = time.perf_counter()
            set_score(campaign, unit, leaf, Stage.APPRAISED, points, actor, reason="bench")
            samples.append(time.perf_counter() - start)
        stats = summary(samples)
        self.line("edit, median", stats["median"], options["target_edit"])
        self.line("edit, p95", stats["p95"], options["target_edit"])
        self.line("edit, max", stats["max"])

    def bench_ratings(self, data: Synthetic, actor: Actor, options: dict[str, Any], recompute: float) -> None:
        """Head ratings under the sample rules, as locking the results stores them (every rating audited)."""
        campaign = data.campaign
        rules, meta = read_rule_set_file(RATING_SAMPLES / "sample-head-rating.yaml")
        campaign.rating_rules, _outcome = install_rule_set(rules, meta, actor)
        campaign.save(update_fields=["rating_rules"])
        kinds = [kind for kind, _label in DisciplinaryCase.Kind.choices]
        DisciplinaryCase.objects.bulk_create(
            DisciplinaryCase(
                unit_id=unit_id,
                decided_on=date(campaign.year, 6, 1),
                decision_number=f"{i}/QĐ",
                kind=kinds[i % len(kinds)],
            )
            for i, unit_id in enumerate(data.unit_ids[::100])
        )
        self.stdout.write("head ratings (sample rules, 1 % of units with a disciplinary case):")
        first = timed(lambda: store_ratings(campaign, actor))
        self.line("ratings alone, first (every rating inserted)", first)

        def lock_like() -> None:
            recompute_campaign(campaign, actor)
            store_ratings(campaign, actor)

        ratios: list[float] = []
        boths: list[float] = []
        fetches: list[float] = []
        for run in range(1, max(1, options["runs"]) + 1):
            # Every unit's scores shift, so every result and most ranks change (as after an appraisal round).
            Score.objects.filter(campaign=campaign, criterion_id=data.leaf_ids[run % len(data.leaf_ids)]).update(
                final_score=Decimal("0.25") * (run % 4 + 1)
            )
            boths.append(timed(lock_like))
            fetches.append(self.read_back(campaign))
            ratios.append(boths[-1] / fetches[-1])
            self.line(f"recompute + ratings, after scores changed, run {run}", boths[-1], options["target_full"])
            self.line(f"  bare read of the score rows, run {run}", fetches[-1])
        ratio = statistics.median(ratios)
        if ratio > RECOMPUTE_GOAL:
            self.missed.append("recompute + ratings vs bare read")
        self.stdout.write(
            f"    → recompute + ratings (median of {len(boths)}): {statistics.median(boths) * 1000:,.1f} ms = "
            f"{ratio:.2f}× the bare read ({statistics.median(fetches) * 1000:,.1f} ms)  goal ≤ {RECOMPUTE_GOAL}×  "
            f"{'OK' if ratio <= RECOMPUTE_GOAL else 'MISSED'}"
        )
        unchanged = timed(lambda: store_ratings(campaign, actor))
        self.line("ratings alone, nothing changed", unchanged)
        self.stdout.write(f"    → ratings add {first / recompute:.2f}× a first full recompute")
