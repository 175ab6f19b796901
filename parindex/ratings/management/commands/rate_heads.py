from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.ratings import exports
from parindex.ratings.models import RatingRuleSet
from parindex.ratings.services import rate_campaign


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
            text = exports.to_csv(rows)
        elif options["format"] == "json":
            text = exports.to_json(campaign, stored, rows)
        else:
            text = exports.to_table(campaign, stored, rows)
        self.stdout.write(text, ending="")
