"""parindex bench-pages: a shell; the benchmark is :mod:`parindex.benchmarks.pages`, imported when it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Benchmark the pages that show every unit of a campaign (ranking, overview, head ratings) and the council's "
        "appraisal sheet: build a synthetic campaign (N units × M leaves) in the current database, render each page "
        "through the test client as its user and print its median and best time, SQL queries and size beside a bare "
        "read of the rows it shows, measured in the same run. Everything is rolled back at the end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=3500)
        parser.add_argument("--leaves", type=int, default=100)
        parser.add_argument("--runs", type=int, default=5, help="Timed renders of each page (default 5).")
        parser.add_argument("--target", type=float, default=0.300, help="Seconds allowed for a page (default 0.3).")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when a target is missed.")

    def handle(self, *args: Any, **options: Any) -> None:
        from parindex.benchmarks import dev_extras

        with dev_extras():
            from parindex.benchmarks.pages import PagesBench
        PagesBench(self.stdout).main(options)
