from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.indicators.reference import load_targets
from parindex.tabular import ImportRejected


class Command(BaseCommand):
    help = "Set yearly indicator targets from a YAML file (targets: [{year, indicator, minimum}]); audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                loaded = load_targets(Path(options["path"]), Actor.command_line())
        except ImportRejected as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(_("%(created)s targets created, %(changed)s changed") % loaded.__dict__)
        dry_run_note(self, options["dry_run"])
