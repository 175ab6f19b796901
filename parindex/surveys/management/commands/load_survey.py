from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note, reject
from parindex.surveys.loader import Outcome, install_survey, read_survey_file
from parindex.surveys.xlsform import SurveyFormError


class Command(BaseCommand):
    help = (
        "Load a questionnaire written as an XLSForm (sheets survey, choices, settings; extra columns component, "
        "weight, score and an optional components sheet), validate it with pyxform and print its code "
        "(settings.form_id). A new settings.version is stored as a new version; a version that already has "
        "responses never changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="An XLSForm .xlsx file.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            spec, data = read_survey_file(path)
            with atomic_unless_dry_run(options["dry_run"]):
                installed = install_survey(spec, Actor.command_line(), data, str(path).rsplit("/", 1)[-1])
        except SurveyFormError as exc:
            raise reject(self, exc.problems) from None
        messages = {
            Outcome.CREATED: _("created"),
            Outcome.UNCHANGED: _("unchanged (this version has the same content)"),
            Outcome.REPLACED: _("replaced (no response was recorded for this version yet)"),
            Outcome.NEW_VERSION: _("stored as a new version"),
        }
        if options["verbosity"] >= 1:
            version = spec.version or "-"
            self.stderr.write(
                f"{spec.code} ({_('version')} {version}): "
                + messages[installed.outcome]
                + "; "
                + _("%(components)s components, %(questions)s scored questions")
                % {"components": len(spec.components), "questions": len(spec.scored_questions())}
            )
        dry_run_note(self, options["dry_run"])
        self.stdout.write(spec.code)
