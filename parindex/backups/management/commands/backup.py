from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from parindex.backups.services import DATABASE, INDICATORS, PRIVATE, BackupError, write_backup


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Write one archive (ZIP) with the database (PostgreSQL: pg_dump custom format; SQLite: the online backup), "
        "the private files and the indicator store, and a manifest with every member's SHA-256. Never the secret key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="The archive to write (it must not exist yet).")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]).expanduser().absolute()
        started = time.monotonic()
        try:
            manifest = write_backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:  # a full disk, a folder that cannot be written
            raise CommandError(_("The backup failed: %(error)s") % {"error": exc}) from None
        if options["verbosity"] >= 1:
            database = next(m for m in manifest.members if m.name == DATABASE[manifest.engine])
            self.stdout.write(
                _(
                    "Backup written to %(path)s (%(size)s MB, %(seconds)s s): the %(engine)s database "
                    "(%(database)s MB), %(private)s private files, %(store)s files of the indicator store."
                )
                % {
                    "path": out,
                    "size": megabytes(out.stat().st_size),
                    "seconds": f"{time.monotonic() - started:.1f}".replace(".", ","),
                    "engine": manifest.engine,
                    "database": megabytes(database.size),
                    "private": len(manifest.files(PRIVATE)),
                    "store": len(manifest.files(INDICATORS)),
                }
            )
