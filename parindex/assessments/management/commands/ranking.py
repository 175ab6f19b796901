from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.assessments.ranking import ranking_rows, to_csv, to_json, to_table


class Command(BaseCommand):
    help = (
        "Print a campaign's ranking. csv: header rank,unit,name,points,max_points,index,band, 2 decimals with '.', "
        "ordered by rank then unit code; json: the same with area sub-indices; table: for people (decimal comma)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_or_error(options["campaign"])
        rows = ranking_rows(campaign)
        render = {
            "csv": lambda: to_csv(rows),
            "json": lambda: to_json(campaign, rows),
            "table": lambda: to_table(campaign, rows),
        }
        self.stdout.write(render[options["format"]](), ending="")
