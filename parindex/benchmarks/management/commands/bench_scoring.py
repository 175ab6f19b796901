"""parindex bench-scoring: a shell; the benchmark is :mod:`parindex.benchmarks.scoring`, imported when it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


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
        parser.add_argument(
            "--import-runs", type=int, default=3, help="Imports timed (each but the last rolled back; default 3)."
        )
        parser.add_argument("--edits", type=int, default=30, help="Single-score edits timed (default 30).")
        parser.add_argument("--target-full", type=float, default=2.0, help="Seconds allowed for a full recompute.")
        parser.add_argument("--target-edit", type=float, default=0.050, help="Seconds allowed for one edit.")
        parser.add_argument("--target-import", type=float, default=10.0, help="Seconds allowed for the import.")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when a target is missed.")

    def handle(self, *args: Any, **options: Any) -> None:
        from parindex.benchmarks import dev_extras

        with dev_extras():
            from parindex.benchmarks.scoring import ScoringBench
        ScoringBench(self.stdout).main(options)
