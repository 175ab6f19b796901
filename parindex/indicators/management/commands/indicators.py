from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.indicators import figures
from parindex.org.models import Unit


class Command(BaseCommand):
    help = (
        "Print the computed indicators of a period (2021, 2021-Q1 or 2021-03), for every unit or one (its subtree "
        "included). csv: header unit,period,indicator,numerator,denominator,value (value in %, 2 decimals, '.')."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--unit", help="A unit's code.")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        period = options["period"]
        if not figures.PERIOD_RE.match(period):
            raise CommandError(_("the period must be a year (2021), a quarter (2021-Q1) or a month (2021-03)"))
        unit_ids = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("unknown unit %(code)s") % {"code": options["unit"]})
            unit_ids = [unit.pk]
        rows = figures.rows([period], unit_ids)
        text = {"csv": figures.to_csv, "json": figures.to_json, "table": figures.to_table}[options["format"]](rows)
        self.stdout.write(text, ending="")
