from __future__ import annotations

import random
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from parindex.assessments import bench
from parindex.assessments.models import Result, Score
from parindex.assessments.scoring import recompute_campaign
from parindex.assessments.services import Stage, import_scores, set_score
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.ratings.models import DisciplinaryCase
from parindex.ratings.services import install_rule_set, store_ratings
from parindex.ratings.spec import SAMPLES as RATING_SAMPLES
from parindex.ratings.spec import read_rule_set_file


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Benchmark the scoring: build a synthetic campaign (N units × M leaves) in the current database, time a full "
        "recompute (points, indices, area sub-indices, ranks, bands) and single-score edits, and compare with a "
        "bare read of the same score rows measured in the same run. Everything is rolled back at the end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=3500)
        parser.add_argument("--leaves", type=int, default=100)
        parser.add_argument("--runs", type=int, default=3, help="Full recomputes after the first (default 3).")
        parser.add_argument("--edits", type=int, default=30, help="Single-score edits timed (default 30).")
        parser.add_argument("--target-full", type=float, default=2.0, help="Seconds allowed for a full recompute.")
        parser.add_argument("--target-edit", type=float, default=0.050, help="Seconds allowed for one edit.")
        parser.add_argument("--target-import", type=float, default=10.0, help="Seconds allowed for the import.")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when a target is missed.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.missed: list[str] = []
        try:
            with transaction.atomic():
                self.run(options)
                raise _Rollback
        except _Rollback:
            pass
        if options["check"] and self.missed:
            raise CommandError("targets missed: " + ", ".join(self.missed))

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
        data = bench.build(f"bench{int(time.time())}", units, leaves)
        campaign = data.campaign
        actor = Actor.command_line("bench")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "scores.csv"
            rows = bench.write_scores_csv(data, path)
            self.stdout.write(
                f"  built units, set and a {rows}-row score file in {time.perf_counter() - started:.1f} s"
            )
            self.stdout.write("import (CSV read, every row checked, stored, audited, results recomputed):")
            seconds = bench.timed(lambda: import_scores(campaign, path, Stage.APPRAISED, actor, reason="bench"))
        self.line(f"import-scores of {rows} rows", seconds, options["target_import"])

        self.stdout.write("baseline (same run, same rows):")
        fetch = bench.timed(
            lambda: list(
                Score.objects.filter(campaign=campaign).values_list(
                    "unit_id", "criterion_id", "final_score", "final_na"
                )
            )
        )
        self.line("bare read of all score rows", fetch)

        self.stdout.write("full recompute:")
        Result.objects.filter(campaign=campaign).delete()
        first = bench.timed(lambda: recompute_campaign(campaign, actor))
        self.line("first (every result inserted)", first, options["target_full"])
        for run in range(1, options["runs"] + 1):
            # Shift every unit's scores so that every result really changes (the worst case: all rows rewritten).
            Score.objects.filter(campaign=campaign, criterion_id=data.leaf_ids[run % len(data.leaf_ids)]).update(
                final_score=Decimal("0.25") * (run % 4)
            )
            seconds = bench.timed(lambda: recompute_campaign(campaign, actor))
            self.line(f"after scores changed, run {run}", seconds, options["target_full"])
        unchanged = bench.timed(lambda: recompute_campaign(campaign, actor))
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
        stats = bench.summary(samples)
        self.line("edit, median", stats["median"], options["target_edit"])
        self.line("edit, p95", stats["p95"], options["target_edit"])
        self.line("edit, max", stats["max"])
        self.stdout.write("rolled back: the synthetic data is not kept")

    def bench_ratings(self, data: bench.Synthetic, actor: Actor, options: dict[str, Any], recompute: float) -> None:
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
        first = bench.timed(lambda: store_ratings(campaign, actor))
        self.line("ratings alone, first (every rating inserted)", first)
        Score.objects.filter(campaign=campaign, criterion_id=data.leaf_ids[0]).update(final_score=Decimal("1"))

        def lock_like() -> None:
            recompute_campaign(campaign, actor)
            store_ratings(campaign, actor)

        both = bench.timed(lock_like)
        self.line("recompute + ratings, after scores changed", both, options["target_full"])
        unchanged = bench.timed(lambda: store_ratings(campaign, actor))
        self.line("ratings alone, nothing changed", unchanged)
        self.stdout.write(f"    → ratings add {first / recompute:.2f}× a first full recompute")
