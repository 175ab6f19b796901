from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.demo.services import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo district (a district committee, 12 agencies, 17 communes and towns), the two sample criteria "
        "sets, a campaign for each group with scores, and one user per role. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2021, help="Random seed for the demo scores.")

    def handle(self, *args: Any, **options: Any) -> None:
        users = load_demo(options["seed"])
        if options["verbosity"] >= 1:
            self.stdout.write(_("Demo data loaded. Demo users (password: %(password)s):") % {"password": DEMO_PASSWORD})
            for user in users:
                role = user.role.label if user.role else _("System administrator")
                self.stdout.write(f"  {user.username:<18} {role} · {user.unit_code}")
