"""parindex bench-rush, the deadline rush (DESIGN.md §6): many unit officers saving self scores at once, against a
real app server (gunicorn) on a scratch database of the configured kind.

:func:`prepare` builds the campaign and signed-in officers in a scratch database; :func:`run_load` plays the officers
from threads over HTTP, each saving one leaf as the page's autosave does (an HTMX post), then pausing as a person
does before the next entry. Latencies are measured at the client, from connecting to the last byte.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import CommandError, OutputWrapper
from django.db import transaction
from django.utils import timezone

from parindex.assessments import lifecycle
from parindex.assessments.services import open_campaign
from parindex.assessments.workflow import self_leaves
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.frameworks.services import SAMPLES, install_framework, read_framework_file
from parindex.org.models import Membership, Role, Unit, UnitGroup
from parindex.scoring.numbers import plain
from parindex.scoring.rules import Bands, Choice, Deduction, Formula, Manual, PerItem, Proportional, Ratio

CAMPAIGN = "rush"


def valid_inputs(leaf: Criterion) -> list[dict[str, str]]:
    """Inputs the leaf's rule accepts, as an officer types them: the posted fields of one save each."""
    rule = leaf.rule_object
    maximum = leaf.max_points or Decimal(0)
    if isinstance(rule, Ratio):
        return [{"in_numerator": top, "in_denominator": "50"} for top in ("30", "41", "45", "50")]
    if isinstance(rule, Formula):
        return [{f"in_{i.name}": figure for i in rule.inputs} for figure in ("1", "2,5", "10")]
    if isinstance(rule, Choice):
        values = [str(i) for i in range(1, len(rule.options) + 1)]
    elif isinstance(rule, Bands | Proportional):
        values = ["55", "72,5", "88", "95", "100"]
    elif isinstance(rule, Deduction | PerItem):
        values = ["0", "1", "2"]
    else:
        step = rule.step if isinstance(rule, Manual) and rule.step else Decimal("0.25")
        values = [plain(step * n).replace(".", ",") for n in range(int(maximum / step) + 1)]
    return [{"value": value} for value in values]


def prepare(users: int) -> dict[str, Any]:
    """A commune campaign of ``users`` units, each with one signed-in officer; returns what the load needs."""
    actor = Actor.command_line("bench-rush")
    framework = install_framework(read_framework_file(SAMPLES / "sample-commune-2021.yaml"), actor).framework
    group = UnitGroup.objects.create(code="rush", name="Rush")
    district = Unit.objects.create(code="RUSH", name="Rush district")
    units = [Unit.objects.create(code=f"R{i:04d}", name=f"Xã {i}", parent=district, group=group) for i in range(users)]
    campaign = open_campaign(CAMPAIGN, framework.code, group.code, actor, year=2021)
    now = timezone.now()
    lifecycle.save_settings(
        campaign, {"self_opens_at": now - timedelta(days=1), "self_closes_at": now + timedelta(days=1)}, actor
    )
    leaves = [(leaf.pk, valid_inputs(leaf)) for leaf in self_leaves(campaign) if leaf.kind == "normal"]
    officers = []
    for unit in units:
        user = get_user_model()(username=f"canbo.{unit.code.lower()}")
        user.set_unusable_password()  # signed in through a session made here: no slow password hashing
        user.save()
        Membership.objects.create(user=user, unit=unit, role=Role.OFFICER)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        officers.append({"unit": unit.code, "session": session.session_key})
    return {"campaign": campaign.code, "leaves": leaves, "officers": officers}


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


Request = Callable[[random.Random], tuple[str, str, bytes, dict[str, str]]]


def run_load(
    host: str, port: int, clients: list[Request], seconds: float, think: tuple[float, float], seed: int = 7
) -> Stats:
    """Each client in its own thread: send a request, wait a random think time, again. Clients start at random
    moments over one longest think time, which is not measured (a warm-up until the load is steady); then every
    request started in the next ``seconds`` is measured."""
    stats = Stats()
    lock = threading.Lock()
    began = time.monotonic()
    measure_from = began + think[1]
    stop = measure_from + seconds

    def play(index: int, request: Request) -> None:
        rng = random.Random(seed * 100_003 + index)
        time.sleep(rng.uniform(0, think[1]))  # people do not all press a key in the same millisecond
        while (now := time.monotonic()) < stop:
            method, path, body, headers = request(rng)
            started = time.perf_counter()
            error = ""
            try:
                connection = http.client.HTTPConnection(host, port, timeout=60)
                connection.request(method, path, body=body or None, headers=headers)
                response = connection.getresponse()
                content = response.read()
                connection.close()
                if response.status != 200 or b'role="alert"' in content:
                    error = f"{response.status} {path}: {content[:200]!r}"
            except OSError as exc:
                error = f"{type(exc).__name__} {path}: {exc}"
            elapsed = time.perf_counter() - started
            if now >= measure_from:
                with lock:
                    stats.latencies.append(elapsed)
                    if error:
                        stats.errors.append(error)
            time.sleep(max(0.0, min(rng.uniform(*think), stop - time.monotonic())))

    threads = [threading.Thread(target=play, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats.seconds = seconds
    return stats


def csrf_secret() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def saver(campaign: str, officer: dict[str, str], leaves: list[tuple[int, list[dict[str, str]]]]) -> Request:
    """One officer's autosave: a random leaf of its unit, a value the rule accepts, posted as HTMX posts it."""
    token = csrf_secret()
    cookie = f"sessionid={officer['session']}; csrftoken={token}"

    def request(rng: random.Random) -> tuple[str, str, bytes, dict[str, str]]:
        leaf_id, values = rng.choice(leaves)
        body = urlencode({"score_fields": "1", **rng.choice(values)}).encode()
        headers = {
            "Cookie": cookie,
            "X-CSRFToken": token,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return "POST", f"/campaigns/{campaign}/units/{officer['unit']}/leaves/{leaf_id}/", body, headers

    return request


def page_reader() -> Request:
    """The floor: the same server and client reading a page that needs no database (the login page)."""

    def request(rng: random.Random) -> tuple[str, str, bytes, dict[str, str]]:
        return "GET", "/login/", b"", {}

    return request


class RushBench:
    """The benchmark, writing its figures to the command's output."""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout
        self.level = 1

    def main(self, options: dict[str, Any]) -> None:
        """What ``handle()`` does with the command's options."""
        self.level = int(options["verbosity"])
        if options["prepare"]:
            with transaction.atomic():
                self.stdout.write(json.dumps(prepare(options["users"])))
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
                floor = run_load("127.0.0.1", port, [page_reader()] * options["users"], 10.0, think)
                savers = [saver(plan["campaign"], o, plan["leaves"]) for o in plan["officers"]]
                saves = run_load("127.0.0.1", port, savers, options["seconds"], think)
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

    def report(self, label: str, stats: Stats) -> None:
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
