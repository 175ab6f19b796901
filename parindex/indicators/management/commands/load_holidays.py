from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.indicators.reference import SAMPLES, load_holidays
from parindex.tabular import ImportRejected


class Command(BaseCommand):
    help = "Add the public holidays listed in a YAML file (default: Vietnam's, shipped) and print how many."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(SAMPLES / "holidays-vn.yaml"))
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                count = load_holidays(Path(options["path"]))
        except ImportRejected as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(str(count))
        dry_run_note(self, options["dry_run"])
