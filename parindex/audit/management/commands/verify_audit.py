"""parindex verify-audit: walk the audit chain, then check scores and results against the last audited values."""

from __future__ import annotations

import re
from contextlib import nullcontext
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils.translation import gettext as _

from parindex.audit.verify import Agreement, check_results, check_scores, walk_chain

# Exit statuses (docs/audit.md): 0 all holds; 1 the command could not run; 2 the chain is broken;
# 3 the chain holds but the --head hash is not in it; 4 the chain holds but scores or results disagree with it.
CHAIN_BROKEN, HEAD_NOT_FOUND, VALUES_DISAGREE = 2, 3, 4
HEX64 = re.compile(r"[0-9a-f]{64}")


class Command(BaseCommand):
    help = (
        "Check that the audit log was not changed behind the application's back: walk the hash chain and name the "
        "first entry that does not match (rewritten, deleted or out of place), then check that every score and "
        "result equals the last value the log recorded for it. --head HASH also confirms that a hash printed on a "
        "publication decision is in the intact chain. Exit status: 0 all holds, 2 the chain is broken, 3 the "
        "--head hash is not in the chain, 4 scores or results disagree with the log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--head", default="", help="A chain head hash (64 hex digits) to confirm.")
        parser.add_argument("--limit", type=int, default=20, help="Disagreeing scores and results listed (20).")
        parser.add_argument("--chain-only", action="store_true", help="Skip the check of scores and results.")
        parser.add_argument("--quiet", action="store_true", help="Print nothing when everything holds.")

    def handle(self, *args: Any, **options: Any) -> None:
        # On PostgreSQL one transaction: the chain is streamed through a plain server-side cursor (outside one, the
        # cursor would be WITH HOLD and the server would copy every row first). On SQLite a transaction would take
        # the write lock for the whole walk, so none.
        with transaction.atomic() if connection.vendor == "postgresql" else nullcontext():
            self.verify(options)

    def verify(self, options: dict[str, Any]) -> None:
        head = options["head"].strip().lower()
        if head and not HEX64.fullmatch(head):
            raise CommandError(_("--head: a chain hash is 64 hexadecimal digits"))
        quiet = options["quiet"] or options["verbosity"] < 1
        say = (lambda text: None) if quiet else self.stdout.write
        report = walk_chain(head)
        if report.broken is not None:
            broken = CommandError(
                _("the audit chain is broken at %(where)s") % {"where": report.broken.describe()},
                returncode=CHAIN_BROKEN,
            )
            if not options["chain_only"]:  # still say which figures differ from the log: they are what matters
                self._check_values(max(0, options["limit"]), say)
            raise broken
        say(
            _("Audit chain intact: %(count)s entries, head %(head)s")
            % {"count": f"{report.entries:,}", "head": report.last_hash or "—"}
        )
        if head:
            if report.head_found_at is None:
                raise CommandError(
                    _("the head %(head)s is not in the audit chain: the log was rewritten or is not this one")
                    % {"head": head},
                    returncode=HEAD_NOT_FOUND,
                )
            say(
                _("Head %(head)s is entry no. %(seq)s; the chain up to it is intact.")
                % {"head": head[:16], "seq": report.head_found_at}
            )
        if options["chain_only"]:
            return
        disagreeing = self._check_values(max(0, options["limit"]), say)
        if disagreeing is not None:
            raise disagreeing

    def _check_values(self, limit: int, say: Any) -> CommandError | None:
        """Scores and results against the log; the error to exit with when some disagree."""
        scores, results = check_scores(limit), check_results(limit)
        for label, agreement in ((_("scores"), scores), (_("results"), results)):
            self._report(label, agreement, say)
        if not (scores.count or results.count):
            return None
        return CommandError(
            _("%(scores)s score figures and %(results)s result figures disagree with the audit log")
            % {"scores": scores.count, "results": results.count},
            returncode=VALUES_DISAGREE,
        )

    def _report(self, label: str, agreement: Agreement, say: Any) -> None:
        if not agreement.count:
            say(_("%(count)s %(what)s agree with the audit log.") % {"count": agreement.checked, "what": label})
            return
        self.stdout.write(
            _("%(count)s disagreements among %(checked)s %(what)s:")
            % {"count": agreement.count, "checked": agreement.checked, "what": label}
        )
        for item in agreement.disagreements:
            self.stdout.write(f"  {item.describe()}")
        if agreement.count > len(agreement.disagreements):
            self.stdout.write(_("  … and %(more)s more") % {"more": agreement.count - len(agreement.disagreements)})
