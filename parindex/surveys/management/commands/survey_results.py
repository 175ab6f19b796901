from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.org.models import Unit
from parindex.surveys.access import latest_survey
from parindex.surveys.output import to_csv, to_json, to_table
from parindex.surveys.results import survey_results


class Command(BaseCommand):
    help = (
        "Print a survey's figures per unit (its latest version). csv: header unit,component,respondents,value, one row "
        "per unit and component then component 'total', value 0..100 with 2 decimals and '.' (empty when nothing was "
        "scored); a unit below its minimum sample is named on stderr. json: the same with the below_minimum flag; "
        "table: for people (decimal comma)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="The survey code (settings.form_id).")
        parser.add_argument("--unit", help="Only this unit (its code).")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = latest_survey(options["survey"])
        if survey is None:
            raise CommandError(_("there is no survey with code %(code)s") % {"code": options["survey"]})
        unit_ids = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("there is no unit with code %(code)s") % {"code": options["unit"]})
            unit_ids = [unit.pk]
        results = survey_results(survey, unit_ids)
        if options["format"] == "csv" and options["verbosity"] >= 1:
            for result in results:
                if result.below_minimum:
                    self.stderr.write(
                        _("%(unit)s: %(count)s respondents, below the minimum sample of %(minimum)s")
                        % {"unit": result.unit.code, "count": result.respondents, "minimum": survey.min_sample}
                    )
        render = {
            "csv": lambda: to_csv(results),
            "json": lambda: to_json(survey, results),
            "table": lambda: to_table(survey, results),
        }
        self.stdout.write(render[options["format"]](), ending="")
