from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.api.models import ApiToken
from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note


class Command(BaseCommand):
    help = (
        "Make an API token for a user (a person or a system account): it acts with the user's roles and units. "
        "The token is printed once, on stdout; only its SHA-256 is kept. --expires YYYY-MM-DD: usable until the end "
        "of that day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The user name the token acts as.")
        parser.add_argument("--name", default="", help="What the token is for (e.g. the one-stop system).")
        parser.add_argument("--expires", help="The last day the token may be used (YYYY-MM-DD).")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("there is no user %(name)s") % {"name": options["user"]})
        if not user.is_active:
            raise CommandError(_("user %(name)s is not active") % {"name": options["user"]})
        expires_at = None
        if options["expires"]:
            try:
                day = datetime.strptime(options["expires"], "%Y-%m-%d").date()
            except ValueError:
                raise CommandError(_("--expires must be a date written YYYY-MM-DD")) from None
            if day < timezone.localdate():
                raise CommandError(_("--expires is a day in the past"))
            expires_at = timezone.make_aware(datetime.combine(day, time.max))
        name = options["name"].strip()[:100]
        with atomic_unless_dry_run(options["dry_run"]):
            row, token = ApiToken.issue_audited(user, Actor.command_line(), name, expires_at)
        if options["dry_run"]:
            dry_run_note(self, True)
            return
        self.stdout.write(token)
        if options["verbosity"] >= 1:
            self.stderr.write(
                _("Token %(prefix)s for %(user)s: keep it now, it is not shown again.")
                % {"prefix": row.prefix, "user": user.get_username()}
            )
