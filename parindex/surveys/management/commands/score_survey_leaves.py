from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.surveys.access import latest_survey
from parindex.surveys.services import score_survey_leaves


class Command(BaseCommand):
    help = (
        "Score the leaves whose source is survey:<code>[:<component>] in every open campaign from the current survey "
        "figures (imports and collected forms do it themselves; run it after changing a survey's minimum sample or "
        "loading a new version). Locked campaigns are never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", help="Only the leaves of this survey code.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        codes = None
        if options["survey"]:
            if latest_survey(options["survey"]) is None:
                raise CommandError(_("there is no survey with code %(code)s") % {"code": options["survey"]})
            codes = [options["survey"]]
        with atomic_unless_dry_run(options["dry_run"]):
            changed = score_survey_leaves(Actor.command_line(), _("computed from the sociological survey"), codes)
        if options["verbosity"] >= 1:
            self.stderr.write(_("%(count)s scores changed") % {"count": changed})
        dry_run_note(self, options["dry_run"])
