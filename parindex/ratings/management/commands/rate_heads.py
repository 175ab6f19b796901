from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.ratings.models import RatingRuleSet
from parindex.ratings.services import UnitRating, rate_campaign


def _machine(row: UnitRating) -> str:
    return "" if row.index is None else f"{row.index:.2f}"


class Command(BaseCommand):
    help = (
        "Rate each unit head of a campaign under a rule set. csv: header unit,name,index,level,reasons, with level "
        "the level's code and reasons the failed conditions of better levels joined by '; '; json: the same with "
        "level names; table: for people."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--rules", required=True, help="The code of a rule set loaded with load-rating-rules.")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_or_error(options["campaign"])
        stored = RatingRuleSet.objects.filter(code=options["rules"]).first()
        if stored is None:
            raise CommandError(_("there is no head-rating rule set with code %(code)s") % {"code": options["rules"]})
        rows = rate_campaign(campaign, stored.rules)
        if options["format"] == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["unit", "name", "index", "level", "reasons"])
            for row in rows:
                writer.writerow(
                    [row.unit_code, row.unit_name, _machine(row), row.rating.level.code, "; ".join(row.reasons)]
                )
            self.stdout.write(out.getvalue(), ending="")
        elif options["format"] == "json":
            payload = {
                "campaign": campaign.code,
                "rules": stored.code,
                "sample": stored.is_sample,
                "units": [
                    {
                        "unit": row.unit_code,
                        "name": row.unit_name,
                        "index": None if row.index is None else float(row.index),
                        "level": row.rating.level.code,
                        "level_name": row.rating.level.name,
                        "reasons": row.reasons,
                    }
                    for row in rows
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{campaign.name} · {stored.name}")
            for row in rows:
                index = "—" if row.index is None else f"{row.index:.2f}".replace(".", ",")
                line = f"{row.unit_code:<14} {index:>6}  {row.rating.level.name}"
                self.stdout.write(line + (f"  ({'; '.join(row.reasons)})" if row.reasons else ""))
