from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.gaps.analysis import unit_gap_report
from parindex.gaps.exports import to_csv, to_json, to_table
from parindex.org.models import Unit


class Command(BaseCommand):
    help = (
        "Where a unit lost its points in a campaign. csv: header criterion,name,max,points,lost, one row per "
        "applicable sub-criterion (bonus rows negative, penalty rows positive) then the late deduction, caps and "
        "floor that apply, so that lost adds up to max_points - points of the unit's row in ranking; 2 decimals "
        "with '.'. json: the same with areas, the next band and rank and the leaves that give the most points back. "
        "table: for people (decimal comma)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--unit", required=True, help="the unit's code")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument(
            "--by-effort",
            action="store_true",
            help="list the leaves that give points back easiest first (effort marks), not most points first",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_or_error(options["campaign"])
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None or unit.group_id != campaign.group_id:
            raise CommandError(
                _("there is no unit with code %(unit)s in campaign %(campaign)s")
                % {"unit": options["unit"], "campaign": campaign.code}
            )
        report = unit_gap_report(campaign, unit, by_effort=options["by_effort"])
        if report is None:
            raise CommandError(
                _("unit %(unit)s has no result in campaign %(campaign)s yet (run parindex recompute)")
                % {"unit": unit.code, "campaign": campaign.code}
            )
        render = {"csv": to_csv, "json": to_json, "table": to_table}
        self.stdout.write(render[options["format"]](report), ending="")
