from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note, reject
from parindex.surveys.access import latest_survey
from parindex.surveys.imports import import_file
from parindex.surveys.responses import rescore
from parindex.tabular import ImportRejected


class Command(BaseCommand):
    help = (
        "Import survey responses exported by KoboToolbox or ODK Central: CSV (UTF-8 with or without BOM, UTF-16, "
        "Windows-1258) or XLSX, one row per response, columns named by the questions' names (group paths such as "
        "grp/q1 accepted), answers by the choices' names, a unit column (unit code) and a response id column "
        "(_uuid, meta/instanceID, KEY or _id). All rows or none: on any bad row nothing is written and every bad row "
        "is reported with its line. Re-importing the same response ids replaces them. Audited; the survey leaves of "
        "open campaigns are then recomputed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The export file (.csv or .xlsx).")
        parser.add_argument("--survey", required=True, help="The survey's code (its latest version).")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        survey = latest_survey(options["survey"])
        if survey is None:
            raise CommandError(_("unknown survey %(code)s") % {"code": options["survey"]})
        actor = Actor.command_line()
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                done = import_file(survey, options["path"], actor)
        except ImportRejected as exc:
            raise reject(self, exc.problems) from None
        if options["verbosity"] >= 1:
            for note in done.notes:
                self.stderr.write(note)
            self.stdout.write(
                _("Responses: %(created)s new, %(replaced)s replaced, %(flagged)s flagged for review, %(units)s units.")
                % {
                    "created": done.saved.created,
                    "replaced": done.saved.replaced,
                    "flagged": done.saved.flagged,
                    "units": len(done.saved.unit_ids),
                }
            )
        dry_run_note(self, options["dry_run"])
        if not options["dry_run"]:
            changed = rescore([survey.code], actor, _("survey responses imported"))
            if options["verbosity"] >= 2:
                self.stdout.write(_("%(count)s survey leaves updated.") % {"count": changed})
