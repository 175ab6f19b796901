"""parindex bench-indicators: a shell; the benchmark is :mod:`parindex.benchmarks.indicators`, imported when it runs
(it needs pandas, pyarrow and polars, from the development extras)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Benchmark the indicator engine (DESIGN.md §6: ≤ 1.1× a single DuckDB SQL an expert would write, faster "
        "than Polars lazy; 100M dossiers + 200M logins in ≤ 15 s and ≤ 3 GiB). Writes seeded synthetic Parquet and "
        "CSV files, then times, each run in a fresh process with its own peak memory: the engine, the expert SQL, "
        "Polars lazy, a plain pandas pipeline (up to 10M dossiers) and DuckDB's bare scan of the same columns (the "
        "floor); plus, for information, the scan of and the engine on the CSV files. Checks that they all give the "
        "same figures (exit status 2 when not) and prints verdicts against the targets. --scale 1M,10M,100M times "
        "ours, the expert SQL and Polars at each size and prints the curve."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from parindex.benchmarks import dev_extras

        with dev_extras():  # the generator's choices; it needs DuckDB only, a runtime dependency
            from parindex.benchmarks import synthetic

        parser.add_argument("--dossiers", type=int, default=10_000_000, help="Dossiers to generate (default 10M).")
        parser.add_argument("--logins", type=int, default=20_000_000, help="Logins to generate (default 20M).")
        parser.add_argument("--units", type=int, default=3500, help="Units (default 3500).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the synthetic data (default 1).")
        parser.add_argument("--year", type=int, default=2021, help="Year of the synthetic data (default 2021).")
        parser.add_argument("--runs", type=int, default=3, help="Runs of each timed step (default 3).")
        parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2).")
        parser.add_argument("--memory-limit", default="1.5GB", help="DuckDB memory_limit (default 1.5GB).")
        parser.add_argument(
            "--compression",
            choices=["lz4", "zstd", "snappy", "uncompressed"],
            default=synthetic.DEFAULT_COMPRESSION,
            help=f"Parquet compression of the generated files (default {synthetic.DEFAULT_COMPRESSION}).",
        )
        parser.add_argument(
            "--order",
            choices=list(synthetic.ORDERS),
            default=synthetic.DEFAULT_ORDER,
            help="Row order of the generated files: by unit (dossiers by receipt, logins by official and time "
            "within a unit) or in order of arrival, as appended logs are (default unit).",
        )
        parser.add_argument("--target-seconds", type=float, default=3.0, help="Seconds allowed (default 3).")
        parser.add_argument("--target-mib", type=float, default=2048.0, help="Peak MiB allowed (default 2048).")
        parser.add_argument(
            "--target-speedup", type=float, default=2.0, help="Times faster than pandas required (default 2)."
        )
        parser.add_argument(
            "--target-floor", type=float, default=1.5, help="Times the bare scan allowed at most (default 1.5)."
        )
        parser.add_argument(
            "--target-expert", type=float, default=1.1, help="Times the expert SQL allowed at most (default 1.1)."
        )
        parser.add_argument(
            "--target-polars", type=float, default=1.0, help="Times Polars lazy to stay below (default 1)."
        )
        parser.add_argument(
            "--scale",
            metavar="SIZES",
            help="Dossier counts to run at, e.g. 1M,10M,100M (logins twice that; CSV files are not written): the "
            "timed steps at each size, then the curve. --dossiers and --logins are then ignored.",
        )
        parser.add_argument(
            "--polars-limit",
            metavar="SIZE",
            help="With --scale: skip Polars above this many dossiers, e.g. 10M (its memory grows with the data: "
            "1.7 GiB at 10M).",
        )
        parser.add_argument(
            "--target-scale-seconds",
            type=float,
            default=15.0,
            help="Seconds allowed at the largest --scale size (default 15).",
        )
        parser.add_argument(
            "--target-scale-mib",
            type=float,
            default=3072.0,
            help="Peak MiB allowed at the largest --scale size (default 3072).",
        )
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when a target is missed.")
        parser.add_argument(
            "--profile",
            action="store_true",
            help="Run ours once more, in its own process, with DuckDB's profiler on: its operators by time.",
        )
        parser.add_argument(
            "--keep",
            metavar="DIR",
            help="Write the files in DIR and keep them; files written there earlier with the same arguments are "
            "reused as they are.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from parindex.benchmarks import dev_extras

        with dev_extras("pandas", "pyarrow", "polars"):
            from parindex.benchmarks.indicators import IndicatorBench
        IndicatorBench(self.stdout).main(options)
