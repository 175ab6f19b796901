from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note, reject
from parindex.org.services import import_units
from parindex.tabular import ImportRejected


class Command(BaseCommand):
    help = (
        "Create or update units from a CSV with header code,name,parent,group (UTF-8 with or without BOM, UTF-16 or "
        "Windows-1258). parent is empty for a root; group is a unit-group code, created if missing, empty for a unit "
        "that is not assessed. Re-import updates by code. All rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--encoding", help="Force an encoding instead of detecting it (e.g. cp1258).")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                done = import_units(options["path"], Actor.command_line(), encoding=options["encoding"])
        except ImportRejected as exc:
            raise reject(self, exc.problems) from None
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("Units: %(created)s created, %(updated)s updated, %(unchanged)s unchanged; %(groups)s new groups.")
                % {
                    "created": done.created,
                    "updated": done.updated,
                    "unchanged": done.unchanged,
                    "groups": done.groups_created,
                }
            )
        dry_run_note(self, options["dry_run"])
