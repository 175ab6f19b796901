"""parindex bench-rush: a shell; the benchmark is :mod:`parindex.benchmarks.rush`, imported when it runs."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Benchmark the deadline rush (DESIGN.md §6): N unit officers saving self scores at once through a real app "
        "server (gunicorn) on a scratch copy of the configured database kind (SQLite file, or a new PostgreSQL "
        "database dropped afterwards). Each officer saves one leaf as the page's autosave does, then pauses for a "
        "think time. Prints latency percentiles and errors, and the same figures for a page that needs no database, "
        "measured in the same run as the floor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=200, help="Concurrent officers (default 200).")
        parser.add_argument(
            "--seconds", type=float, default=30.0, help="How long the saves are measured, after a warm-up (default 30)."
        )
        parser.add_argument(
            "--think",
            type=float,
            nargs=2,
            default=(5.0, 15.0),
            metavar=("MIN", "MAX"),
            help="Seconds an officer spends between two saves: reading the next item, typing (default 5 15).",
        )
        parser.add_argument("--workers", type=int, default=6, help="gunicorn worker processes (default 6).")
        parser.add_argument("--target-p95", type=float, default=0.300, help="Seconds allowed at the 95th percentile.")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when the target is missed.")
        parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        from parindex.benchmarks import dev_extras

        with dev_extras():
            from parindex.benchmarks.rush import RushBench
        RushBench(self.stdout).main(options)
