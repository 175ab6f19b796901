from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.indicators import store
from parindex.indicators.services import figures_without_store, refresh


class Command(BaseCommand):
    help = (
        "Compute every indicator again from the store (after a holiday or unit change, or at the start of a month) "
        "and score the leaves linked to them in open campaigns. Refused when the store lacks the file the database's "
        "figures were computed from (--force to replace them anyway)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_dry_run(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Refresh even when the store is empty but the database holds figures (they are replaced).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        missing = figures_without_store()
        if missing and not options["force"]:
            kind, count = next(iter(missing.items()))
            raise CommandError(
                _(
                    "The indicator store %(folder)s has no %(file)s but the database holds %(count)s figures computed "
                    "from it: a refresh would replace them. Restore the store (parindex restore) or pass --force."
                )
                % {"folder": store.store_dir(), "file": store.FILES[kind], "count": count}
            )
        with atomic_unless_dry_run(options["dry_run"]):
            done = refresh(Actor.command_line())
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("%(figures)s figures computed; %(scores)s linked scores changed")
                % {"figures": done.figures, "scores": done.scores_changed}
            )
        dry_run_note(self, options["dry_run"])
