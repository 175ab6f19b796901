from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note, reject
from parindex.frameworks.services import Outcome, install_framework, read_framework_file
from parindex.frameworks.spec import SpecError
from parindex.scoring.numbers import plain_vi


class Command(BaseCommand):
    help = (
        "Load a criteria set from YAML (DESIGN.md §5.2) or XLSX, validate it and print its code. A set already used "
        "by a campaign is never changed: new content becomes a new version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A .yaml/.yml or .xlsx file.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = read_framework_file(options["path"])
        except SpecError as exc:
            raise reject(self, exc.problems) from None
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                installed = install_framework(spec, Actor.command_line())
        except SpecError as exc:
            raise reject(self, exc.problems) from None
        for warning in installed.warnings:
            self.stderr.write(_("Warning: %(problem)s") % {"problem": warning})
        messages = {
            Outcome.CREATED: _("created version %(version)s"),
            Outcome.UNCHANGED: _("unchanged (version %(version)s has the same content)"),
            Outcome.REPLACED: _("version %(version)s replaced (no campaign uses it yet)"),
            Outcome.NEW_VERSION: _("stored as version %(version)s (the previous version is used by a campaign)"),
        }
        if options["verbosity"] >= 1:
            leaves = len(spec.leaves())
            self.stderr.write(
                f"{spec.code}: "
                + messages[installed.outcome] % {"version": installed.framework.version}
                + "; "
                + _("%(leaves)s leaves, maximum %(max)s points") % {"leaves": leaves, "max": plain_vi(spec.max_points)}
            )
        dry_run_note(self, options["dry_run"])
        self.stdout.write(spec.code)
