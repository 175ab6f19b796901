"""parindex bench-scoring: a synthetic campaign (N units × M leaves with every rule type, built with bulk inserts),
its import, full recomputes, head ratings and single-score edits timed against a bare read of the same score rows.

Everything runs in one transaction that is rolled back: the synthetic data is not kept.
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

from django.db import connection
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
            self.stdout.write("import (CSV read, every row checked, stored, audited, results recomputed):")
            seconds = timed(lambda: import_scores(campaign, path, Stage.APPRAISED, actor, reason="bench"))
        self.line(f"import-scores of {rows} rows", seconds, options["target_import"])

        self.stdout.write("baseline (same run, same rows):")
        fetch = timed(
            lambda: list(
                Score.objects.filter(campaign=campaign).values_list(
                    "unit_id", "criterion_id", "final_score", "final_na"
                )
            )
        )
        self.line("bare read of all score rows", fetch)

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
        self.stdout.write("rolled back: the synthetic data is not kept")

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
        Score.objects.filter(campaign=campaign, criterion_id=data.leaf_ids[0]).update(final_score=Decimal("1"))

        def lock_like() -> None:
            recompute_campaign(campaign, actor)
            store_ratings(campaign, actor)

        both = timed(lock_like)
        self.line("recompute + ratings, after scores changed", both, options["target_full"])
        unchanged = timed(lambda: store_ratings(campaign, actor))
        self.line("ratings alone, nothing changed", unchanged)
        self.stdout.write(f"    → ratings add {first / recompute:.2f}× a first full recompute")
