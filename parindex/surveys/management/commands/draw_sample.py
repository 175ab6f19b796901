from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.org.models import Unit
from parindex.surveys.access import latest_survey
from parindex.surveys.sampling import SamplingError, UnitDraw, draw_sample, quota_label


class Command(BaseCommand):
    help = (
        "Draw a survey's respondents for each unit from the one-stop dossiers it resolved in the period (imported "
        "with import-dossiers): sample size n = ceil(N / (1 + N*e^2)), e = the survey's margin (5%% by default), a "
        "seeded random draw (the same seed draws the same people), optional quotas by procedure or channel. Each "
        "respondent gets a one-time link to the web form. Units drawn before are kept unless --redraw. Audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="The survey's code (its latest version).")
        parser.add_argument("--unit", help="One unit's code (default: every assessed unit, or --group's).")
        parser.add_argument("--group", help="A unit group's code: draw for its units.")
        parser.add_argument("--period", help="Whose dossiers: 2026, 2026-Q3 or 2026-09 (default: this year).")
        parser.add_argument("--seed", help="The random seed (default: chosen at random, printed and recorded).")
        parser.add_argument("--margin", help="Margin of error e, e.g. 0.05 (default: the survey's).")
        parser.add_argument("--quota-by", choices=["procedure", "channel"], default="", help="Quotas by stratum.")
        parser.add_argument("--redraw", action="store_true", help="Draw again units already drawn (if none answered).")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        survey = latest_survey(options["survey"])
        if survey is None:
            raise CommandError(_("unknown survey %(code)s") % {"code": options["survey"]})
        units = Unit.objects.filter(is_active=True).order_by("code")
        if options["unit"]:
            units = units.filter(code=options["unit"])
            if not units:
                raise CommandError(_("unknown unit %(code)s") % {"code": options["unit"]})
        elif options["group"]:
            units = units.filter(group__code=options["group"])
            if not units:
                raise CommandError(_("no unit in group %(code)s") % {"code": options["group"]})
        else:
            units = units.filter(group__isnull=False)
        margin = None
        if options["margin"] is not None:
            try:
                margin = Decimal(options["margin"].replace(",", "."))
            except InvalidOperation:
                raise CommandError(_("the margin of error must be a number such as 0.05")) from None
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                drawing = draw_sample(
                    survey,
                    list(units),
                    Actor.command_line(),
                    period=options["period"],
                    seed=options["seed"],
                    margin=margin,
                    quota_by=options["quota_by"],
                    redraw=options["redraw"],
                )
        except SamplingError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] >= 1:
            for entry in drawing.units:
                self.stdout.write(self.line(entry, options["quota_by"]))
            self.stdout.write(
                _("%(units)s units, %(drawn)s respondents drawn from the dossiers of %(period)s (seed %(seed)s)")
                % {
                    "units": len(drawing.units),
                    "drawn": drawing.respondents,
                    "period": drawing.period,
                    "seed": drawing.seed,
                }
            )
        dry_run_note(self, options["dry_run"])

    def line(self, entry: UnitDraw, quota_by: str) -> str:
        text = f"{entry.unit.code:<14} N={entry.population:<7} n={entry.size:<5}"
        if entry.kept:
            return text + " " + _("already drawn, kept as it was")
        if entry.quotas:
            text += " " + "; ".join(f"{quota_label(quota_by, k)}: {v}" for k, v in entry.quotas.items())
        return text
