from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.indicators.reference import load_targets
from parindex.tabular import ImportRejected


class Command(BaseCommand):
    help = "Set yearly indicator targets from a YAML file (targets: [{year, indicator, minimum}]); audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_targets(Path(options["path"]), Actor.command_line())
        except ImportRejected as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_("%(created)s targets created, %(changed)s changed") % loaded.__dict__)
