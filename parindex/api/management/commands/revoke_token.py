from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.api.models import ApiToken
from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note


class Command(BaseCommand):
    help = (
        "Revoke API tokens: one by its prefix (the 12 characters after pix_, as create-token and the admin show "
        "it) or the whole token, or every token of a user with --user. A revoked token answers 401 at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", nargs="?", help="The token's prefix or the token itself.")
        parser.add_argument("--user", help="Revoke every active token of this user.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        given, username = (options["token"] or "").strip(), options["user"]
        if bool(given) == bool(username):
            raise CommandError(_("give either a token (or its prefix) or --user"))
        tokens = ApiToken.objects.filter(revoked_at__isnull=True)
        if username:
            tokens = tokens.filter(user__username=username)
        else:
            prefix = ApiToken.prefix_of(given) or given
            tokens = tokens.filter(prefix=prefix)
            if not tokens.exists() and not ApiToken.objects.filter(prefix=prefix).exists():
                raise CommandError(_("there is no token %(prefix)s") % {"prefix": prefix})
        with atomic_unless_dry_run(options["dry_run"]):
            count = ApiToken.revoke_all(tokens, Actor.command_line())
        if options["verbosity"] >= 1:
            self.stdout.write(_("%(count)s tokens revoked.") % {"count": count})
        dry_run_note(self, options["dry_run"])
