"""Backups that restore: one ZIP archive with the database, the private files and the indicator store, and a manifest
(``manifest.json``) with the SHA-256 and size of every other member.

- The database: on PostgreSQL ``pg_dump --format=custom`` (the connection from the settings, the password through
  ``PGPASSWORD``, never on a command line); on SQLite the online backup API (``sqlite3.Connection.backup``), so the
  copy is consistent while the application keeps running.
- The private files (``STORAGES["evidence"]``: evidence, uploaded exports, reports, task and plan files, decisions)
  and the indicator store (``settings.INDICATORS_DIR``, copied under its lock so a running import never interleaves).
- Never the secret key: an archive that leaks must not also let its holder sign sessions. It is kept apart
  (docs/backup.md).

The database is dumped first, then the files: a row in the dump always has its file in the archive (a file is stored
before its row commits). Every file is streamed in blocks of 1 MiB, never read whole into memory.

A restore refuses a target that already holds data, verifies every member against the manifest before it writes
anything, restores, then reads every restored file back and checks it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

import parindex
from parindex.indicators import store

FORMAT = "parindex-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PRIVATE = "private/"
INDICATORS = "indicators/"
DATABASE = {"postgresql": "database/parindex.dump", "sqlite": "database/parindex.sqlite3"}
CHUNK = 1 << 20
# Already compressed: stored as they are (deflating them again costs time and saves nothing).
COMPRESSED = {".dump", ".parquet", ".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png", ".zip", ".gz"}
# libpq's environment variables for the connection settings Django passes through OPTIONS.
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is one line for the person running it."""


@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    version: str
    engine: str
    created_at: str
    members: tuple[Member, ...]
    migrations: Mapping[str, str]

    @property
    def size(self) -> int:
        return sum(m.size for m in self.members)

    def files(self, prefix: str) -> list[Member]:
        return [m for m in self.members if m.name.startswith(prefix)]

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "version": self.version,
            "engine": self.engine,
            "created_at": self.created_at,
            "database": DATABASE[self.engine],
            "migrations": dict(self.migrations),
            "members": [{"name": m.name, "sha256": m.sha256, "size": m.size} for m in self.members],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: bytes) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    _("The archive is of backup format %(found)s; this version of parindex reads format %(known)s.")
                    % {"found": data.get("format_version"), "known": FORMAT_VERSION}
                )
            engine = str(data["engine"])
            members = tuple(Member(str(m["name"]), str(m["sha256"]), int(m["size"])) for m in data["members"])
            if engine not in DATABASE or DATABASE[engine] not in {m.name for m in members}:
                raise ValueError("engine")
            return cls(
                version=str(data["version"]),
                engine=engine,
                created_at=str(data["created_at"]),
                members=members,
                migrations={str(k): str(v) for k, v in data.get("migrations", {}).items()},
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BackupError(_("The archive's manifest cannot be read: it is not a parindex backup.")) from None


@dataclass(frozen=True)
class Place:
    """Where the data of this installation lives: the database (Django's settings of the connection), the private
    files and the indicator store."""

    database: Mapping[str, Any]
    private_dir: Path
    indicators_dir: Path

    @property
    def engine(self) -> str:
        return engine_of(self.database)


def engine_of(database: Mapping[str, Any]) -> str:
    name = str(database.get("ENGINE", ""))
    if name.endswith("postgresql"):
        return "postgresql"
    if name.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(_("Backups support PostgreSQL and SQLite, not %(engine)s.") % {"engine": name})


def private_dir() -> Path:
    storage = storages["evidence"]
    try:
        return Path(storage.path(""))
    except NotImplementedError:
        raise BackupError(
            _("The private files are not on this server's disk (%(storage)s): back them up with the storage's tools.")
            % {"storage": type(storage).__name__}
        ) from None


def current_place() -> Place:
    return Place(connection.settings_dict, private_dir(), Path(settings.INDICATORS_DIR))


# ---------------------------------------------------------------------------------------------------------- backup


def applied_migrations() -> dict[str, str]:
    """The latest applied migration of each app (kept in the manifest, for whoever restores)."""
    latest: dict[str, str] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        latest[app] = name
    return latest


def write_backup(out: Path) -> Manifest:
    """Write the archive ``out`` (never over an existing file) and return its manifest."""
    place = current_place()
    engine = place.engine
    if out.exists():
        raise BackupError(_("%(path)s already exists: a backup never overwrites a file.") % {"path": out})
    if not out.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist.") % {"path": out.parent})
    for folder in (place.private_dir, place.indicators_dir):
        if out.resolve().is_relative_to(folder.resolve()):
            raise BackupError(
                _("The archive cannot be written inside %(folder)s, which it backs up.") % {"folder": folder}
            )
    partial = out.with_name(f".{out.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".parindex-backup-") as scratch:
            dump = Path(scratch) / "database"
            if engine == "postgresql":
                _run(["pg_dump", "--format=custom", f"--file={dump}"], place.database)
            else:
                _sqlite_backup(dump)
            members = []
            migrations = applied_migrations()
            with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
                members.append(_add(archive, DATABASE[engine], dump, compress=engine == "sqlite"))
                dump.unlink()
                for path, name in _files(place.private_dir):
                    members.append(_add(archive, PRIVATE + name, path))
                with store.locked():
                    for path, name in _files(place.indicators_dir):
                        if _kept_in_store(name):
                            members.append(_add(archive, INDICATORS + name, path))
                manifest = Manifest(
                    version=parindex.__version__,
                    engine=engine,
                    created_at=timezone.localtime().isoformat(timespec="seconds"),
                    members=tuple(members),
                    migrations=migrations,
                )
                archive.writestr(MANIFEST, manifest.to_json(), compress_type=zipfile.ZIP_DEFLATED)
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _kept_in_store(name: str) -> bool:
    """The store's data files; not its lock nor a merge's file written aside."""
    return name != ".lock" and not name.endswith(".new")


def _sqlite_backup(target: Path) -> None:
    if connection.in_atomic_block:  # the online backup would wait for this very transaction to end, forever
        raise BackupError(_("A backup cannot run inside a transaction."))
    connection.ensure_connection()
    source = connection.connection
    with closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under ``root`` with its POSIX name relative to it, in a stable order."""
    if not root.is_dir():
        return
    secret = Path(settings.DATA_DIR) / "secret_key"  # never archived, even with a storage in the data directory
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink() and path != secret:
                yield path, path.relative_to(root).as_posix()


def _add(archive: zipfile.ZipFile, name: str, path: Path, compress: bool | None = None) -> Member:
    info = zipfile.ZipInfo(name, date_time=_zip_time(path))
    if compress is None:
        compress = path.suffix.lower() not in COMPRESSED
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as source, archive.open(info, "w", force_zip64=True) as target:
        while block := source.read(CHUNK):
            digest.update(block)
            size += len(block)
            target.write(block)
    return Member(name, digest.hexdigest(), size)


def _zip_time(path: Path) -> tuple[int, int, int, int, int, int]:
    moment = datetime.fromtimestamp(path.stat().st_mtime)
    if moment.year < 1980:  # the earliest time a ZIP member can carry
        moment = datetime(1980, 1, 1)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def pg_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """The environment that points libpq's tools (pg_dump, pg_restore) at ``database``: the password travels here,
    never on a command line that ``ps`` shows."""
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        value = database.get(key)
        if value:
            env[variable] = str(value)
    for key, value in (database.get("OPTIONS") or {}).items():
        if key in PG_OPTIONS and value not in (None, ""):
            env[PG_OPTIONS[key]] = str(value)
    return env


def _run(command: list[str], database: Mapping[str, Any]) -> None:
    try:
        done = subprocess.run(  # noqa: S603 - a fixed tool with arguments we built
            command, env=pg_environment(database), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            _("%(tool)s is not installed: install the PostgreSQL client tools of the server's version.")
            % {"tool": command[0]}
        ) from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": command[0], "error": lines[-1] if lines else done.returncode}
        )


# ---------------------------------------------------------------------------------------------------------- restore


def _safe_name(name: str, prefix: str) -> PurePosixPath:
    """The member's path under ``prefix``, refused if it could leave the target folder."""
    relative = PurePosixPath(name[len(prefix) :])
    if (
        not relative.parts
        or relative.is_absolute()
        or any(p in {"", ".", ".."} for p in relative.parts)
        or ("\\" in name)
    ):
        raise BackupError(_("The archive names a file outside its folders (%(name)s): refused.") % {"name": name})
    return relative


def _digest(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while block := stream.read(CHUNK):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def _mismatch(name: str) -> BackupError:
    return BackupError(
        _("%(name)s does not match its checksum in the manifest: the archive is damaged or was changed.")
        % {"name": name}
    )


def check_archive(path: Path) -> Manifest:
    """Read every member of the archive and check it against the manifest; return the manifest. Writes nothing."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = Manifest.from_json(archive.read(MANIFEST))
            names = archive.namelist()
            listed = [m.name for m in manifest.members]
            if (
                len(names) != len(set(names))
                or set(names) - {MANIFEST} != set(listed)
                or len(listed) != len(set(listed))
            ):
                extra = sorted(set(names) ^ ({*listed, MANIFEST})) or ["?"]
                raise BackupError(
                    _("The archive's files do not match its manifest (%(name)s): it is damaged or was changed.")
                    % {"name": extra[0]}
                )
            for member in manifest.members:
                if member.name != DATABASE[manifest.engine]:
                    prefix = PRIVATE if member.name.startswith(PRIVATE) else INDICATORS
                    if not member.name.startswith(prefix):
                        raise BackupError(
                            _("The archive names a file outside its folders (%(name)s): refused.")
                            % {"name": member.name}
                        )
                    _safe_name(member.name, prefix)
                with archive.open(member.name) as stream:
                    if _digest(stream) != (member.sha256, member.size):
                        raise _mismatch(member.name)
    except FileNotFoundError:
        raise BackupError(_("%(path)s does not exist.") % {"path": path}) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, zlib.error, OSError, ValueError) as exc:
        raise BackupError(
            _("%(path)s is not a readable parindex backup: %(error)s.") % {"path": path, "error": exc}
        ) from None
    return manifest


# Rows a fresh, migrated database already holds: they are not data (the audit chain's head starts at entry 0; once
# the chain has entries, the audit table holds them).
FRESH_ROWS = {"audit.ChainHead"}


def parindex_tables() -> list[str]:
    """The tables whose rows are this installation's data: every parindex model's, and the users'."""
    user = get_user_model()
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if (model._meta.app_config.name.startswith("parindex.") or model is user)
            and model._meta.label not in FRESH_ROWS
        }
    )


def filled_tables() -> list[str]:
    """The tables of :func:`parindex_tables` that hold a row in the configured database."""
    existing = set(connection.introspection.table_names())
    filled = []
    with connection.cursor() as cursor:
        for table in parindex_tables():
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    filled.append(table)
    return filled


def refuse_filled_target(place: Place) -> None:
    """Refuse, with one line, a target that already holds data: a restore never merges into or overwrites one."""
    filled = filled_tables()
    if filled:
        raise BackupError(
            _("The database already holds data (%(tables)s): restore only into an empty database; nothing was written.")
            % {"tables": ", ".join(filled[:3]) + (", …" if len(filled) > 3 else "")}
        )
    for folder, kept in ((place.private_dir, lambda name: True), (place.indicators_dir, _kept_in_store)):
        if any(kept(name) for _path, name in _files(folder)):
            raise BackupError(
                _("%(folder)s is not empty: restore only into an empty data directory; nothing was written.")
                % {"folder": folder}
            )


@dataclass(frozen=True)
class Restored:
    files: int
    bytes: int


def restore(path: Path, manifest: Manifest, place: Place) -> Restored:
    """Restore a checked archive (see :func:`check_archive`) into an empty ``place``, then check every restored file
    against the manifest. The database is the configured connection's."""
    if manifest.engine != place.engine:
        raise BackupError(
            _("The archive holds a %(archive)s database; this installation uses %(target)s: nothing was written.")
            % {"archive": manifest.engine, "target": place.engine}
        )
    database = DATABASE[manifest.engine]
    with zipfile.ZipFile(path) as archive:
        if manifest.engine == "postgresql":
            _restore_postgresql(archive, manifest, place)
        else:
            _restore_sqlite(archive, manifest, place)
        written: list[tuple[Path, Member]] = []
        for member in manifest.members:
            if member.name == database:
                continue
            prefix, root = (
                (PRIVATE, place.private_dir)
                if member.name.startswith(PRIVATE)
                else (
                    INDICATORS,
                    place.indicators_dir,
                )
            )
            target = root.joinpath(*_safe_name(member.name, prefix).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member.name) as source, open(target, "xb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            written.append((target, member))
    for target, member in written:
        with open(target, "rb") as stream:
            if _digest(stream) != (member.sha256, member.size):
                raise BackupError(
                    _("The restored file %(path)s does not match its checksum: the disk may be failing.")
                    % {"path": target}
                )
    return Restored(files=len(written), bytes=sum(m.size for _t, m in written))


def _extract_checked(archive: zipfile.ZipFile, member: Member, target: Path) -> None:
    with archive.open(member.name) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)
    with open(target, "rb") as stream:
        if _digest(stream) != (member.sha256, member.size):
            raise _mismatch(member.name)


def _database_member(manifest: Manifest) -> Member:
    return next(m for m in manifest.members if m.name == DATABASE[manifest.engine])


def _restore_postgresql(archive: zipfile.ZipFile, manifest: Manifest, place: Place) -> None:
    connection.close()
    with tempfile.TemporaryDirectory(prefix="parindex-restore-") as scratch:
        dump = Path(scratch) / "parindex.dump"
        _extract_checked(archive, _database_member(manifest), dump)
        name = str(place.database.get("NAME") or "")
        # All or nothing (one transaction); --clean drops the empty tables a `migrate` may have made beforehand.
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={name}",
                str(dump),
            ],
            place.database,
        )


def _restore_sqlite(archive: zipfile.ZipFile, manifest: Manifest, place: Place) -> None:
    name = str(place.database.get("NAME") or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("The database is held in memory: there is no file to restore it into."))
    target = Path(name)
    connection.close()
    aside = target.with_name(f".{target.name}.restoring")
    try:
        _extract_checked(archive, _database_member(manifest), aside)
        # The target is empty (checked): its write-ahead log and shared memory belong to it and would spoil the copy.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(aside, target)
    finally:
        aside.unlink(missing_ok=True)
