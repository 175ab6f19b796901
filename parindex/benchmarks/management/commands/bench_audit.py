"""parindex bench-audit: a shell; the benchmark is :mod:`parindex.benchmarks.audit`, imported when it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Benchmark verify-audit: write N chained synthetic audit entries in the current database (bulk insert), "
        "time the chain's verification, and compare with a bare read of the same rows and with SHA-256 alone, "
        "measured in the same run. Everything is rolled back at the end."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entries", type=int, default=1_000_000)
        parser.add_argument("--target", type=float, default=10.0, help="Seconds allowed for the verification.")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when the target is missed.")

    def handle(self, *args: Any, **options: Any) -> None:
        from parindex.benchmarks import dev_extras

        with dev_extras():
            from parindex.benchmarks.audit import AuditBench
        AuditBench(self.stdout).main(options)
