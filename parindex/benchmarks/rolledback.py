"""What the benchmarks that write share: they run in one transaction that is always rolled back, so a benchmark
leaves nothing behind, and ``--check`` turns missed targets into a failing exit."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, OutputWrapper
from django.db import transaction


class _Rollback(Exception):
    pass


class RolledBackBench:
    """A benchmark whose ``run()`` writes; ``main()`` rolls it all back, then reports the targets it missed."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout
        self.missed: list[str] = []

    def run(self, options: dict[str, Any]) -> None:
        raise NotImplementedError

    def main(self, options: dict[str, Any]) -> None:
        """What ``handle()`` does with the command's options."""
        try:
            with transaction.atomic():
                self.run(options)
                raise _Rollback
        except _Rollback:
            pass
        if options["check"] and self.missed:
            raise CommandError("targets missed: " + ", ".join(self.missed))
