"""What every parindex command shares: dry-run transactions and all-or-nothing error reports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def add_dry_run(parser: CommandParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="Check everything and report, then roll back: nothing is written."
    )


@contextmanager
def atomic_unless_dry_run(dry_run: bool) -> Iterator[None]:
    """Run the body in one transaction; roll it back when ``dry_run``."""
    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)


def reject(command: BaseCommand, problems: Iterable[object]) -> CommandError:
    """Print every problem on stderr and return the error that ends the command with status 1."""
    items = [str(p) for p in problems]
    for item in items:
        command.stderr.write(item)
    return CommandError(
        ngettext("%(count)d error; nothing was written.", "%(count)d errors; nothing was written.", len(items))
        % {"count": len(items)}
    )


def dry_run_note(command: BaseCommand, dry_run: bool) -> None:
    if dry_run:
        command.stderr.write(_("Dry run: checked, nothing was written."))
