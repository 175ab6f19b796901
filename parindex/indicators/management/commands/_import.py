"""What ``import-dossiers`` and ``import-logins`` share: check the whole file, merge it, refresh the figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.indicators.services import import_file
from parindex.tabular import ImportRejected


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A CSV (UTF-8 with or without BOM, UTF-16, Windows-1258/1252) or XLSX file.")
        parser.add_argument(
            "--mapping", default=None, help="A column mapping's code (default: detected from the header)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row, write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        actor = Actor.command_line()
        try:
            done = import_file(self.kind, path, actor, options["mapping"], dry_run=options["dry_run"])
        except ImportRejected as exc:
            raise CommandError(
                _("%(file)s refused, nothing was imported:") % {"file": path.name} + "\n" + str(exc)
            ) from None
        if options["dry_run"]:
            self.stdout.write(
                _("%(rows)s rows checked (%(mapping)s); nothing written (dry run)")
                % {"rows": done.rows, "mapping": done.mapping}
            )
            return
        self.stdout.write(
            _("%(rows)s rows imported (%(mapping)s), %(replaced)s stored rows replaced, %(stored)s rows in the store")
            % {"rows": done.rows, "mapping": done.mapping, "replaced": done.replaced, "stored": done.stored}
        )
        if done.refreshed and options["verbosity"] >= 1:
            self.stdout.write(
                _("%(figures)s figures computed; %(scores)s linked scores changed")
                % {"figures": done.refreshed.figures, "scores": done.refreshed.scores_changed}
            )
