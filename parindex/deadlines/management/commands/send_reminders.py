from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.deadlines.services import plan, send_due
from parindex.deadlines.signals import deadlines_changed


class Command(BaseCommand):
    help = (
        "Remind units of their deadlines (tasks, periodic reports, self-assessments): plan the reminders that fall "
        "due, then send each due one once, by e-mail and in the app. Two workers never send the same reminder. "
        "With --loop, keep going until SIGTERM; the timeliness figures are recomputed every hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running (stop with SIGTERM or Ctrl+C).")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between rounds (default 60).")
        parser.add_argument("--dry-run", action="store_true", help="Say how many reminders are due; send none.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False

        def stop(signum: int, frame: Any) -> None:
            # Finish the reminder in hand, then leave: each is claimed and sent on its own.
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        last_refresh: float | None = None  # not 0: the monotonic clock may start at the machine's boot
        while True:
            now = timezone.now()
            if options["dry_run"]:
                due = plan(now, dry_run=True) + send_due(now, dry_run=True).sent
                self.stdout.write(_("%(count)s reminders due (dry run, nothing sent)") % {"count": due})
                return
            if last_refresh is None or time.monotonic() - last_refresh > 3600:
                # Time alone makes deadlines fall due: whoever follows them (the timeliness figures) counts again.
                deadlines_changed.send(sender=Command)
                last_refresh = time.monotonic()
            planned = plan(now)
            outcome = send_due(now)
            if options["verbosity"] >= 1 and (planned or outcome.sent or outcome.cancelled):
                self.stdout.write(
                    _("%(sent)s reminders sent (%(emailed)s by e-mail), %(cancelled)s no longer needed")
                    % {"sent": outcome.sent, "emailed": outcome.emailed, "cancelled": outcome.cancelled}
                )
            if not options["loop"] or self.stopping:
                break
            deadline = time.monotonic() + options["interval"]
            while time.monotonic() < deadline and not self.stopping:
                time.sleep(0.5)
            if self.stopping:
                break
