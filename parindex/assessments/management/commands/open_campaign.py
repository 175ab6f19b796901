from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.services import CampaignError, open_campaign
from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note


class Command(BaseCommand):
    help = "Open a campaign of criteria set F (its latest version) over the units of group G."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="The new campaign's code.")
        parser.add_argument("--framework", required=True, help="Criteria-set code.")
        parser.add_argument("--group", required=True, help="Unit-group code.")
        parser.add_argument("--year", type=int, help="Assessment year (default: the set's year).")
        parser.add_argument("--name", default="", help="Display name (default: built from the year and group).")
        parser.add_argument(
            "--owner",
            default="",
            help="Code of the unit that runs the campaign, e.g. the district committee; it must be above every unit "
            "of the group (default: their nearest common ancestor).",
        )
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                campaign = open_campaign(
                    options["code"],
                    options["framework"],
                    options["group"],
                    Actor.command_line(),
                    year=options["year"],
                    name=options["name"],
                    owner_code=options["owner"],
                )
                units = campaign.units().count()
        except CampaignError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(
                _(
                    "Campaign %(code)s opened: %(units)s units, criteria set %(framework)s v%(version)s, "
                    "run by %(owner)s."
                )
                % {
                    "owner": campaign.owner.name,
                    "code": campaign.code,
                    "units": units,
                    "framework": campaign.framework.code,
                    "version": campaign.framework.version,
                }
            )
        dry_run_note(self, options["dry_run"])
