from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.indicators.worker import requeue_stale, run_due


class Command(BaseCommand):
    help = (
        "Process the export files queued on the upload page: check each whole, merge it into the store, refresh "
        "the indicators. Without --loop, process what is due and stop. Two workers never take the same file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep polling until stopped (SIGTERM, Ctrl+C).")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between polls (default 2).")
        parser.add_argument(
            "--stale-minutes", type=int, default=60, help="Requeue a file a dead worker left half done after this."
        )
        parser.add_argument("--dry-run", action="store_true", help="List the files that are due; process none.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False

        def stop(signum: int, frame: Any) -> None:
            # Finish the file in hand, then leave: a half-merged store is never left behind anyway.
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        verbosity = options["verbosity"]
        while True:
            if not options["dry_run"]:
                requeue_stale(options["stale_minutes"])
            taken = run_due(dry_run=options["dry_run"])
            if taken and verbosity >= 1:
                label = _("due") if options["dry_run"] else _("processed")
                self.stdout.write(f"{label}: {', '.join(str(pk) for pk in taken)}")
            if not options["loop"] or self.stopping:
                break
            deadline = time.monotonic() + options["interval"]
            while time.monotonic() < deadline and not self.stopping:
                time.sleep(0.2)
            if self.stopping:
                break
