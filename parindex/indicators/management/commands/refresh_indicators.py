from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.indicators.services import refresh


class Command(BaseCommand):
    help = (
        "Compute every indicator again from the store (after a holiday or unit change, or at the start of a month) "
        "and score the leaves linked to them in open campaigns."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with atomic_unless_dry_run(options["dry_run"]):
            done = refresh(Actor.command_line())
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("%(figures)s figures computed; %(scores)s linked scores changed")
                % {"figures": done.figures, "scores": done.scores_changed}
            )
        dry_run_note(self, options["dry_run"])
