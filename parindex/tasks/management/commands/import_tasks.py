from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.cli import add_dry_run, atomic_unless_dry_run, dry_run_note
from parindex.tabular import ImportRejected
from parindex.tasks.imports import import_tasks


class Command(BaseCommand):
    help = (
        "Create or update assigned tasks from the first sheet of an XLSX file with the columns Mã nhiệm vụ, Số văn "
        "bản, Ngày văn bản, Người ký, Đơn vị giao, Nội dung, Hạn hoàn thành, Đơn vị chủ trì, Đơn vị phối hợp "
        "(units by code or name, several separated by ';' or ','; dates dd/mm/yyyy [hh:mm], a deadline without a "
        "time is 17:00). Re-import updates by code. All rows or none: every bad row is reported with its row number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="An XLSX workbook.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            with atomic_unless_dry_run(options["dry_run"]):
                done = import_tasks(path, Actor.command_line())
        except ImportRejected as exc:
            raise CommandError(
                _("%(file)s refused, nothing was imported:") % {"file": path.name} + "\n" + str(exc)
            ) from None
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("Tasks: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": done.created, "updated": done.updated, "unchanged": done.unchanged}
            )
        dry_run_note(self, options["dry_run"])
