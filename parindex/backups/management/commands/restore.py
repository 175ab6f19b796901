from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from parindex.backups.services import (
    INDICATORS,
    PRIVATE,
    BackupError,
    check_archive,
    current_place,
    refuse_filled_target,
    restore,
)
from parindex.cli import add_dry_run, dry_run_note


class Command(BaseCommand):
    help = (
        "Restore an archive written by `parindex backup` into an empty database and empty private and store folders: "
        "every member is checked against the manifest before anything is written, the restored files are checked "
        "again, then the audit chain is verified."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive written by `parindex backup`.")
        add_dry_run(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"]).expanduser().absolute()
        verbose = options["verbosity"] >= 1
        try:
            if options["dry_run"]:
                manifest = check_archive(path)
            else:
                place = current_place()
                refuse_filled_target(place)
                manifest = check_archive(path)
                restored = restore(path, manifest, place)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:  # a full disk, a folder that cannot be written
            raise CommandError(_("The restore failed: %(error)s") % {"error": exc}) from None
        if verbose:
            self.stdout.write(
                _(
                    "The archive checks: %(members)s members match the manifest (parindex %(version)s, %(engine)s, "
                    "written %(created)s)."
                )
                % {
                    "members": len(manifest.members),
                    "version": manifest.version,
                    "engine": manifest.engine,
                    "created": manifest.created_at,
                }
            )
        if options["dry_run"]:
            dry_run_note(self, True)
            return
        if verbose:
            self.stdout.write(
                _("Restored the database, %(private)s private files and %(store)s files of the indicator store.")
                % {"private": len(manifest.files(PRIVATE)), "store": len(manifest.files(INDICATORS))}
            )
            self.stdout.write(_("%(files)s restored files match their checksums.") % {"files": restored.files})
        connection = connections[DEFAULT_DB_ALIAS]
        connection.close()
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stderr.write(
                _(
                    "The restored database is older than this version: run `parindex migrate`, "
                    "then `parindex verify-audit`."
                )
            )
        elif "verify_audit" in get_commands():
            call_command("verify_audit", stdout=self.stdout, stderr=self.stderr, verbosity=options["verbosity"])
        else:
            self.stderr.write(_("This version has no `verify-audit`: the audit chain was not checked."))
