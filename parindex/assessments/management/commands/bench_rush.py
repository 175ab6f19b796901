from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from parindex.assessments import rush


class Command(BaseCommand):
    help = (
        "Benchmark the deadline rush (DESIGN.md §6): N unit officers saving self scores at once through a real app "
        "server (gunicorn) on a scratch copy of the configured database kind (SQLite file, or a new PostgreSQL "
        "database dropped afterwards). Each officer saves one leaf as the page's autosave does, then pauses for a "
        "think time. Prints latency percentiles and errors, and the same figures for a page that needs no database, "
        "measured in the same run as the floor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=200, help="Concurrent officers (default 200).")
        parser.add_argument(
            "--seconds", type=float, default=30.0, help="How long the saves are measured, after a warm-up (default 30)."
        )
        parser.add_argument(
            "--think",
            type=float,
            nargs=2,
            default=(5.0, 15.0),
            metavar=("MIN", "MAX"),
            help="Seconds an officer spends between two saves: reading the next item, typing (default 5 15).",
        )
        parser.add_argument("--workers", type=int, default=6, help="gunicorn worker processes (default 6).")
        parser.add_argument("--target-p95", type=float, default=0.300, help="Seconds allowed at the 95th percentile.")
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when the target is missed.")
        parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        self.level = int(options["verbosity"])
        if options["prepare"]:
            with transaction.atomic():
                self.stdout.write(json.dumps(rush.prepare(options["users"])))
            return
        with scratch_database() as env:
            self.say(f"scratch database: {redact(env['DATABASE_URL'])}")
            run([sys.executable, "-m", "parindex", "migrate", "--verbosity", "0"], env)
            plan = json.loads(
                run(
                    [sys.executable, "-m", "parindex", "bench-rush", "--prepare", "--users", str(options["users"])], env
                )
            )
            with app_server(env, options["workers"]) as port:
                think = (options["think"][0], options["think"][1])
                floor = rush.run_load("127.0.0.1", port, [rush.page_reader()] * options["users"], 10.0, think)
                savers = [rush.saver(plan["campaign"], o, plan["leaves"]) for o in plan["officers"]]
                saves = rush.run_load("127.0.0.1", port, savers, options["seconds"], think)
        self.report("floor: GET /login/ (no database)", floor)
        self.report("saves: POST a leaf (HTMX autosave)", saves)
        ok = saves.quantile(0.95) <= options["target_p95"] and not saves.errors
        self.say(
            f"target: p95 ≤ {options['target_p95'] * 1000:,.0f} ms with no error, {options['users']} users: "
            + ("OK" if ok else "MISSED")
        )
        for error in saves.errors[:5]:
            self.say(f"  error: {error}")
        if options["check"] and not ok:
            raise CommandError("deadline-rush target missed")

    def say(self, text: str) -> None:
        if self.level >= 1:
            self.stdout.write(text)

    def report(self, label: str, stats: rush.Stats) -> None:
        self.say(
            f"{label}: {len(stats.latencies):,} requests in {stats.seconds:.1f} s ({stats.throughput:,.1f}/s), "
            f"p50 {stats.quantile(0.50) * 1000:,.0f} ms, p95 {stats.quantile(0.95) * 1000:,.0f} ms, "
            f"p99 {stats.quantile(0.99) * 1000:,.0f} ms, max {max(stats.latencies, default=0) * 1000:,.0f} ms, "
            f"errors {len(stats.errors)}"
        )


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(parts.password, "***"))
    return urlunsplit(parts)


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (our own command)
    if done.returncode != 0:
        raise CommandError(f"{' '.join(command[2:])} failed:\n{done.stderr[-2000:]}")
    return done.stdout


@contextmanager
def scratch_database() -> Iterator[dict[str, str]]:
    """An empty database of the configured kind, and the environment that points the app at it."""
    env = {
        **os.environ,
        "SECRET_KEY": "bench-rush",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
        # As in production: each app-server thread keeps its database connection instead of opening one per request.
        "DATABASE_CONN_MAX_AGE": "300",
    }
    workdir = Path(tempfile.mkdtemp(prefix="parindex-rush-"))
    env["PARINDEX_DATA_DIR"] = str(workdir)
    engine = settings.DATABASES["default"]["ENGINE"]
    try:
        if engine.endswith("sqlite3"):
            env["DATABASE_URL"] = f"sqlite:///{workdir / 'rush.sqlite3'}"
            yield env
            return
        import psycopg

        url = os.environ["DATABASE_URL"]
        name = f"parindex_rush_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
            yield env
        finally:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def app_server(env: dict[str, str], workers: int) -> Iterator[int]:
    """gunicorn serving the app on a free local port, as in production. Sync workers take a connection only when
    free, so the load spreads over all of them (threaded workers accept eagerly and queue inside one process)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "parindex.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env)  # noqa: S603 (our own app server)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise CommandError("the app server did not start") from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
