from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note, reject
from parindex.moments import when
from parindex.org.models import UnitGroup
from parindex.reports.calendar import SAMPLE_CALENDAR, CalendarRejected
from parindex.reports.services import Outcome, period_title, plan_reports


class Command(BaseCommand):
    help = (
        "Plan a year's periodic PAR reports (first quarter, six months, third quarter, year) for unit groups from a "
        "calendar file (default: the shipped sample). Running it again changes nothing; a deadline that differs "
        "from the calendar's is set to it (audited with before and after). Prints what it created or changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--group",
            action="append",
            default=[],
            metavar="CODE",
            help="A unit group's code; repeat for several (default: every group with active units).",
        )
        parser.add_argument("--calendar", default=None, help=f"A calendar YAML file (default: {SAMPLE_CALENDAR}).")
        parser.add_argument(
            "--keep-deadlines",
            action="store_true",
            help="Only create missing periods: leave the deadlines of periods already planned as they are.",
        )
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["group"]
        if codes:
            groups = list(UnitGroup.objects.filter(code__in=codes))
            unknown = sorted(set(codes) - {g.code for g in groups})
            if unknown:
                raise reject(self, [_("unknown unit group “%(code)s”") % {"code": code} for code in unknown])
        else:
            groups = list(UnitGroup.objects.filter(units__is_active=True).distinct())
            if not groups:
                raise CommandError(_("No unit group has active units: import the units first."))
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                done = plan_reports(
                    options["year"],
                    groups,
                    Actor.command_line(),
                    options["calendar"],
                    keep_deadlines=options["keep_deadlines"],
                )
        except CalendarRejected as exc:
            raise reject(self, exc.problems) from None
        for planned in done:
            if planned.outcome == Outcome.UNCHANGED and options["verbosity"] < 2:
                continue
            line = f"{planned.period.group.code}\t{period_title(planned.period)}\t{when(planned.period.deadline)}"
            if planned.outcome == Outcome.CHANGED and planned.before is not None:
                line += "\t" + _("deadline changed from %(before)s") % {"before": when(planned.before)}
            else:
                line += "\t" + str(planned.outcome.label)
            self.stdout.write(line)
        counts = {o: sum(1 for p in done if p.outcome == o) for o in Outcome}
        self.stdout.write(
            _("%(created)s created, %(changed)s changed, %(unchanged)s unchanged")
            % {
                "created": counts[Outcome.CREATED],
                "changed": counts[Outcome.CHANGED],
                "unchanged": counts[Outcome.UNCHANGED],
            }
        )
        dry_run_note(self, options["dry_run"])
