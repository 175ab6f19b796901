from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.assessments.services import Stage, import_scores
from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note, reject
from parindex.tabular import ImportRejected


class Command(BaseCommand):
    help = (
        "Import scores from a CSV with header unit,criterion,score[,note] (criterion = a leaf's code: its "
        "printed code, e.g. 3.1, when no other item prints the same one, else its path, e.g. I/3.1; score = points, "
        "or NA/KAD for not applicable where the leaf allows it). Default stage: appraised (the final score). All rows "
        "or none: on any bad row nothing is written and every bad row is reported with its line number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--stage", choices=[s.value for s in Stage], default=Stage.APPRAISED.value)
        parser.add_argument("--reason", default="", help="Why these scores change (kept in the audit log).")
        parser.add_argument("--encoding", help="Force an encoding instead of detecting it.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_or_error(options["campaign"])
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                done = import_scores(
                    campaign,
                    options["path"],
                    Stage(options["stage"]),
                    Actor.command_line(),
                    reason=options["reason"],
                    encoding=options["encoding"],
                )
        except ImportRejected as exc:
            raise reject(self, exc.problems) from None
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("Scores: %(created)s created, %(updated)s updated, %(unchanged)s unchanged; results recomputed.")
                % {"created": done.created, "updated": done.updated, "unchanged": done.unchanged}
            )
        dry_run_note(self, options["dry_run"])
