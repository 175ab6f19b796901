from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.assessments.scoring import recompute_campaign
from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note


class Command(BaseCommand):
    help = "Recompute a campaign's results (points, indices, ranks, bands) from its scores; changes are audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--reason", default="")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_or_error(options["campaign"])
        with atomic_unless_dry_run(options["dry_run"]):
            done = recompute_campaign(campaign, Actor.command_line(), options["reason"])
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("%(units)s units recomputed, %(changed)s results changed.")
                % {"units": done.units, "changed": done.changed}
            )
        dry_run_note(self, options["dry_run"])
