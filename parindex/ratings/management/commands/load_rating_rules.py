from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.frameworks.spec import SpecError
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import read_rule_set_file


class Command(BaseCommand):
    help = (
        "Load a head-rating rule set from YAML (levels best first, each with its conditions); validates every level "
        "and condition, then prints the rule set's code. Loading the same code again replaces its content (audited)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rules, meta = read_rule_set_file(options["path"])
        except SpecError as exc:
            raise CommandError("\n" + "\n".join(str(p) for p in exc.problems)) from None
        with atomic_unless_dry_run(options["dry_run"]):
            stored, _outcome = install_rule_set(rules, meta, Actor.command_line())
        dry_run_note(self, options["dry_run"])
        self.stdout.write(stored.code)
