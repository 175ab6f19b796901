from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.demo.services import DEMO_PASSWORD, check_demo, load_demo
from parindex.org.models import Unit


class Command(BaseCommand):
    help = (
        "Load the demo district (a district committee, 12 agencies, 17 communes and towns), the two sample criteria "
        "sets, a campaign for each group with scores, and one user per role. Safe to run again. With --dry-run, "
        "check the demo's files and say what would be created, without writing anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2021, help="Random seed for the demo scores.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            with atomic_unless_dry_run(True):
                plan = check_demo()
            if options["verbosity"] >= 1:
                for line in plan:
                    self.stdout.write(line)
            dry_run_note(self, True)
            return
        users = load_demo(options["seed"])
        if options["verbosity"] >= 1:
            units = dict(Unit.objects.filter(code__in=[u.unit_code for u in users]).values_list("code", "name"))
            self.stdout.write(_("Demo data loaded. Demo users (password: %(password)s):") % {"password": DEMO_PASSWORD})
            for user in users:
                role = user.role.label if user.role else _("System administrator")
                self.stdout.write(f"  {user.username:<18} {role} · {units.get(user.unit_code, user.unit_code)}")
