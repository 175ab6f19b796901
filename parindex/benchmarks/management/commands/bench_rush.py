"""parindex bench-rush: a shell; the benchmark is :mod:`parindex.benchmarks.rush`, imported when it runs."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Benchmark the deadline rush (DESIGN.md §6): unit officers' autosaves through a real app server (gunicorn) on "
        "a scratch copy of the configured database kind (SQLite file, or a new PostgreSQL database dropped "
        "afterwards). The offered rate is searched (doubled, then bisected) for the highest rate served at p95 within "
        "the target with no error; each level prints its latencies and the CPU per request of the app server, the "
        "database and the client. The floor, measured in the same run, is a minimal view writing one row and one "
        "audit entry; statements per request are counted in-process."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=200, help="Officers, one per commune (default 200).")
        parser.add_argument(
            "--seconds", type=float, default=8.0, help="How long each offered rate is held (default 8)."
        )
        parser.add_argument("--threads", type=int, default=48, help="Client threads sending (default 48).")
        parser.add_argument("--start-rate", type=float, default=40.0, help="First offered rate per second (40).")
        parser.add_argument("--ceiling", type=float, default=2000.0, help="Highest rate offered (default 2000).")
        parser.add_argument("--workers", type=int, default=6, help="gunicorn worker processes (default 6).")
        parser.add_argument("--target-p95", type=float, default=0.300, help="Seconds allowed at the 95th percentile.")
        parser.add_argument("--target-rate", type=float, default=300.0, help="Saves per second to reach (300).")
        parser.add_argument("--target-statements", type=float, default=10.0, help="Statements per save (10).")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when a target is missed.")
        parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        from parindex.benchmarks import dev_extras

        with dev_extras():
            from parindex.benchmarks.rush import RushBench
        RushBench(self.stdout).main(options)
