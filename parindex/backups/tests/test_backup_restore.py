"""parindex backup and restore: a populated district restores into an empty data directory and an empty database with
the same ranking, every private file with the same checksum and the indicator store; a damaged archive and a target
that already holds data are refused before anything is written.

The restore runs as the operator runs it, in another process whose settings point at the empty target: on PostgreSQL
a database made for the test (never the test runner's own), on SQLite a file in an empty data directory.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import psycopg
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone

from parindex.assessments.evidence import add_evidence
from parindex.assessments.models import Campaign
from parindex.backups.services import (
    DATABASE,
    MANIFEST,
    BackupError,
    current_place,
    parindex_tables,
    private_dir,
    refuse_filled_target,
)
from parindex.frameworks.models import Framework
from parindex.indicators import store
from parindex.indicators.models import Figure
from parindex.indicators.tests.test_import_dossiers import DOSSIERS
from parindex.org.models import Unit
from parindex.tests.district import ACTOR, TempDirMixin, populate_district, write
from parindex.tests.files import make_pdf

POSTGRES = connection.vendor == "postgresql"
ROOT = Path(__file__).resolve().parents[3]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def conninfo(database: Mapping[str, Any], name: str) -> str:
    parts = {"dbname": name, "host": database["HOST"], "port": database["PORT"], "user": database["USER"]}
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in parts.items() if v})


class EmptyTarget:
    """An empty data directory and, on PostgreSQL, an empty database made for the test and dropped after it."""

    def __init__(self, base: Path) -> None:
        self.dir = base / "restored"
        self.dir.mkdir()
        self.database = ""
        if POSTGRES:
            self.database = f"helper4_restore_{secrets.token_hex(4)}"
            with psycopg.connect(conninfo(connection.settings_dict, connection.settings_dict["NAME"])) as admin:
                admin.autocommit = True
                admin.execute(f'CREATE DATABASE "{self.database}"')

    def drop(self) -> None:
        if self.database:
            with psycopg.connect(conninfo(connection.settings_dict, connection.settings_dict["NAME"])) as admin:
                admin.autocommit = True
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PARINDEX_", "DATABASE_URL", "EVIDENCE_"))}
        env.update(PARINDEX_DATA_DIR=str(self.dir), SECRET_KEY="restored-test-key", LANGUAGE_CODE="en")
        if self.database:
            database = connection.settings_dict
            user = database["USER"] or "postgres"
            env["DATABASE_URL"] = f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/"
            env["DATABASE_URL"] += self.database
        return env

    def parindex(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "parindex", *args], env=self.env(), cwd=ROOT, capture_output=True, text=True
        )


class RoundTripTests(TempDirMixin, TransactionTestCase):
    """Committed data (a TransactionTestCase), as pg_dump in another process sees only what is committed."""

    framework: Framework
    campaign: Campaign
    commune: Unit

    def setUp(self) -> None:
        super().setUp()
        populate_district(self)
        call_command("import_dossiers", str(write(self.dir, "hoso.csv", DOSSIERS)), stdout=io.StringIO())
        leaf = self.framework.criteria.get(code="1.1")
        self.evidence = add_evidence(self.campaign, self.commune, leaf, io.BytesIO(make_pdf()), "kế hoạch.pdf", ACTOR)
        self.target = EmptyTarget(self.dir)
        self.addCleanup(self.target.drop)

    def test_a_backup_restores_into_an_empty_target_with_the_same_ranking_files_and_store(self) -> None:
        ranking, _err = run("ranking", "--campaign", "c2021", "--format", "json")
        self.assertGreater(len(json.loads(ranking)["units"]), 1)
        archive = self.dir / "sao-luu.zip"
        out, _err = run("backup", "--out", str(archive))
        self.assertIn(str(archive), out)

        restored = self.target.parindex("restore", str(archive))
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertIn("match the manifest", restored.stdout)
        if "verify_audit" in get_commands():  # the chain verifies, up to the same head
            head = re.search("[0-9a-f]{64}", run("verify_audit", "--chain-only")[0])
            assert head is not None
            self.assertRegex(restored.stdout, f"Audit chain intact: .*{head.group()}")
        else:
            self.assertIn("the audit chain was not checked", restored.stderr)

        after = self.target.parindex("ranking", "--campaign", "c2021", "--format", "json")
        self.assertEqual(after.returncode, 0, after.stderr)
        self.assertEqual(json.loads(after.stdout), json.loads(ranking))
        # Every private file with the same checksum (the evidence, also as its row records it), and the store.
        evidence = self.target.dir / "evidence"
        self.assertEqual(sha256(evidence / str(self.evidence.file.name)), self.evidence.sha256)
        source = {p.relative_to(private_dir()): sha256(p) for p in files_under(private_dir())}
        self.assertEqual({p.relative_to(evidence): sha256(p) for p in files_under(evidence)}, source)
        self.assertEqual(sha256(self.target.dir / "indicators" / "dossiers.parquet"), sha256(store.path_of("dossiers")))


class ArchiveTests(TempDirMixin, TestCase):
    """An archive of an instance without units, written once for the class before its transaction opens (SQLite's
    online backup would wait for it to end), with a private file, a store file and the data directory's secret key
    among the private files. Each test restores into its own empty folders, as the suite's fixtures give them."""

    source: ClassVar[tempfile.TemporaryDirectory[str]]

    @classmethod
    def setUpClass(cls) -> None:
        cls.source = tempfile.TemporaryDirectory()
        base = Path(cls.source.name)
        (base / "data" / "2021").mkdir(parents=True)
        (base / "data" / "2021" / "bien-ban.pdf").write_bytes(make_pdf() * 20)
        (base / "data" / "secret_key").write_text("never-archived\n")
        (base / "indicators").mkdir()
        (base / "indicators" / "dossiers.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 10 + b"PAR1")
        (base / "indicators" / ".lock").touch()
        evidence = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(base / "data")},
        }
        with override_settings(
            DATA_DIR=base / "data",
            INDICATORS_DIR=base / "indicators",
            STORAGES={**settings.STORAGES, "evidence": evidence},
        ):
            run("backup", "--out", str(base / "sao-luu.zip"))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls.source.cleanup()

    def setUp(self) -> None:
        super().setUp()
        self.archive = self.dir / "sao-luu.zip"
        shutil.copyfile(Path(self.source.name) / "sao-luu.zip", self.archive)

    def assert_nothing_written(self) -> None:
        self.assertEqual(files_under(private_dir()) + files_under(Path(settings.INDICATORS_DIR)), [])
        self.assertEqual(Unit.objects.count(), 0)

    def tamper(self, member: str) -> None:
        """Change one byte in the middle of ``member``'s stored bytes."""
        with zipfile.ZipFile(self.archive) as archive:
            info = archive.getinfo(member)
        data = bytearray(self.archive.read_bytes())
        header = info.header_offset
        start = header + 30 + int.from_bytes(data[header + 26 : header + 28], "little")
        start += int.from_bytes(data[header + 28 : header + 30], "little")
        data[start + info.compress_size // 2] ^= 0x01
        self.archive.write_bytes(bytes(data))

    def test_the_archive_holds_the_database_the_files_the_store_and_a_manifest_but_never_the_secret_key(self) -> None:
        with zipfile.ZipFile(self.archive) as archive:
            names = archive.namelist()
            manifest = json.loads(archive.read(MANIFEST))
            engine = "postgresql" if POSTGRES else "sqlite"
            self.assertEqual(manifest["engine"], engine)
            self.assertEqual(manifest["version"], "0.1.0")
            self.assertEqual(manifest["created_at"][:10], timezone.localdate().isoformat())  # the (frozen) day it ran
            self.assertEqual(
                sorted(m["name"] for m in manifest["members"]),
                sorted([DATABASE[engine], "private/2021/bien-ban.pdf", "indicators/dossiers.parquet"]),
            )
            for member in manifest["members"]:
                data = archive.read(member["name"])
                self.assertEqual((hashlib.sha256(data).hexdigest(), len(data)), (member["sha256"], member["size"]))
        self.assertEqual(sorted(names), sorted([*(m["name"] for m in manifest["members"]), MANIFEST]))
        self.assertFalse(any("secret" in name for name in names))

    def test_a_backup_never_overwrites_a_file(self) -> None:
        with self.assertRaisesMessage(CommandError, "đã tồn tại: sao lưu không bao giờ ghi đè"):
            run("backup", "--out", str(self.archive))

    def test_a_backup_is_never_written_inside_the_folders_it_backs_up(self) -> None:
        private_dir().mkdir(parents=True)
        with self.assertRaisesMessage(CommandError, "Không thể ghi tệp sao lưu vào bên trong"):
            run("backup", "--out", str(private_dir() / "sao-luu.zip"))
        self.assertEqual(files_under(private_dir()), [])

    def test_a_dry_run_checks_the_archive_and_writes_nothing(self) -> None:
        out, err = run("restore", "--dry-run", str(self.archive))
        self.assertIn("3 thành phần khớp bản kê", out)
        self.assertIn("không ghi dữ liệu nào", err)
        self.assert_nothing_written()

    def assert_refused_before_writing(self) -> None:
        with self.assertRaises(CommandError) as refused:
            run("restore", str(self.archive))
        self.assertRegex(str(refused.exception), "bị hỏng|đã bị sửa|không phải tệp sao lưu")
        self.assertNotIn("\n", str(refused.exception))
        self.assert_nothing_written()

    def test_an_archive_with_one_byte_of_a_private_file_changed_is_refused_before_anything_is_written(self) -> None:
        self.tamper("private/2021/bien-ban.pdf")
        self.assert_refused_before_writing()

    def test_an_archive_with_one_byte_of_the_store_changed_is_refused_before_anything_is_written(self) -> None:
        self.tamper("indicators/dossiers.parquet")
        self.assert_refused_before_writing()

    def test_an_archive_with_one_byte_of_the_database_changed_is_refused_before_anything_is_written(self) -> None:
        self.tamper(DATABASE["postgresql" if POSTGRES else "sqlite"])
        self.assert_refused_before_writing()

    def test_a_changed_manifest_is_refused(self) -> None:
        with zipfile.ZipFile(self.archive) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        manifest = json.loads(members[MANIFEST])
        manifest["members"][-1]["sha256"] = "0" * 64
        members[MANIFEST] = json.dumps(manifest).encode()
        self.archive.unlink()
        with zipfile.ZipFile(self.archive, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        with self.assertRaisesMessage(CommandError, "không khớp mã kiểm tra trong bản kê"):
            run("restore", str(self.archive))

    def test_a_private_folder_that_holds_files_is_refused(self) -> None:
        (private_dir() / "2021").mkdir(parents=True)
        (private_dir() / "2021" / "khac.pdf").write_bytes(make_pdf())
        with self.assertRaisesMessage(CommandError, "không trống: chỉ khôi phục vào một thư mục dữ liệu trống"):
            run("restore", str(self.archive))

    def test_a_database_that_holds_units_is_refused(self) -> None:
        Unit.objects.create(code="H", name="UBND huyện")
        with self.assertRaisesMessage(CommandError, "Cơ sở dữ liệu đã có dữ liệu (org_unit)"):
            run("restore", str(self.archive))
        self.assertEqual(files_under(private_dir()) + files_under(Path(settings.INDICATORS_DIR)), [])

    def test_a_store_holding_only_its_lock_is_empty_but_one_holding_data_is_refused(self) -> None:
        (store.store_dir() / ".lock").touch()
        (store.store_dir() / "dossiers.parquet.new").touch()  # a merge's file written aside, never data
        refuse_filled_target(current_place())
        (store.store_dir() / "logins.parquet").write_bytes(b"PAR1")
        with self.assertRaisesMessage(BackupError, "không trống"):
            refuse_filled_target(current_place())


class TableTests(TestCase):
    def test_the_checked_tables_are_parindexs_and_the_users(self) -> None:
        tables = parindex_tables()
        for table in ("org_unit", "audit_auditentry", "assessments_score", "auth_user", Figure._meta.db_table):
            self.assertIn(table, tables)
        self.assertNotIn("django_migrations", tables)
