"""parindex bench-rush, the deadline rush (DESIGN.md §6): many unit officers saving self scores at once, against a
real app server (gunicorn) on a scratch database of the configured kind.

:func:`prepare` builds the campaign and signed-in officers in a scratch database; :func:`count_statements` counts
the SQL statements of a save in-process; :func:`run_level` offers a rate of requests from threads over HTTP (open
loop: each request is due at its moment whoever sends it), each an officer saving one leaf as the page's autosave
does (an HTMX post); :func:`search` finds the highest rate served at p95 within the target. The floor is the same
officers posting to a view that writes one row and one audit entry. Latencies are measured at the client, from the
moment a request was due to its last byte.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
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
from parindex.assessments.models import Score
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
    floor_leaf = leaves[0][0]
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
        # The floor writes this row's note: a row of the unit's own, which its saves may score as well.
        floor_row = Score.objects.create(campaign=campaign, unit=unit, criterion_id=floor_leaf)
        officers.append({"unit": unit.code, "session": session.session_key, "user": user.pk, "floor": floor_row.pk})
    return {"campaign": campaign.code, "leaves": leaves, "officers": officers}


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")


def statements(captured: list[dict[str, Any]]) -> list[str]:
    """The SQL statements among Django's captured queries: not the transaction's control (BEGIN, COMMIT, savepoints),
    and one prepared statement sent with several rows of parameters ("2 times: INSERT …") counted once."""
    texts = [q["sql"].split("times: ", 1)[-1] for q in captured]
    return [sql for sql in texts if not sql.lstrip().upper().startswith(TRANSACTION_CONTROL)]


def count_statements(plan: dict[str, Any], saves: int, seed: int = 11, show: bool = False) -> dict[str, float]:
    """SQL statements per request, counted in-process by Django (BEGIN and COMMIT are not statements it sends):
    ``saves`` autosaves as the load sends them, and as many floor writes, by signed-in officers on the scratch
    database (committed: they are saves like the load's)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(seed)
    counts: dict[str, list[int]] = {"save": [], "floor": []}
    officers = plan["officers"][:10]
    users = get_user_model().objects.in_bulk([o["user"] for o in officers])
    clients = []
    for officer in officers:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(users[officer["user"]])
        clients.append(client)
    # Each officer's first save starts its unit's assessment and creates its result (once a campaign): the rush is
    # the saves after those, so two saves each come first, not counted.
    for n in range(-2 * len(officers), saves):
        officer, client = officers[n % len(officers)], clients[n % len(officers)]
        leaf_id, values = rng.choice(plan["leaves"])
        save_url = f"/campaigns/{plan['campaign']}/units/{officer['unit']}/leaves/{leaf_id}/"
        for kind, url, data, headers in (
            ("save", save_url, {"score_fields": "1", **rng.choice(values)}, {"HX-Request": "true"}),
            ("floor", f"/bench/floor/{officer['floor']}/", {"note": str(n)}, {}),
        ):
            with CaptureQueriesContext(connection) as queries:
                response = client.post(url, data, headers=headers)
            if response.status_code != 200 or b'role="alert"' in response.content:
                raise CommandError(f"{kind} {url} answered {response.status_code}: {response.content[:300]!r}")
            if n >= 0:
                counts[kind].append(len(statements(queries.captured_queries)))
            if show and n == saves - 1:  # the last of each kind, statement by statement (--verbosity 2)
                sys.stderr.write(f"{kind}:\n" + "".join(f"  {q['sql'][:160]}\n" for q in queries.captured_queries))
    return {kind: statistics.mean(values) for kind, values in counts.items()}


@dataclass
class Level:
    """One offered rate held for some seconds: what was offered, what came back and what it cost."""

    rate: float
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    app_cpu: float = 0.0  # seconds of CPU of the app server's processes during the level
    db_cpu: float = 0.0  # seconds of CPU of the database server's processes (PostgreSQL; 0 for SQLite)
    client_cpu: float = 0.0  # seconds of CPU of this process, which plays the officers

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def per_request_ms(self, cpu: float) -> float:
        return cpu * 1000 / len(self.latencies) if self.latencies else float("nan")

    def meets(self, target_p95: float) -> bool:
        # Served at the rate offered (a server that falls behind answers fewer than were sent), fast enough, no error.
        return (
            bool(self.latencies)
            and not self.errors
            and self.quantile(0.95) <= target_p95
            and self.throughput >= 0.95 * self.rate
        )


Request = Callable[[random.Random], tuple[str, str, bytes, dict[str, str]]]


def _cpu_by_process(pids: Iterable[int]) -> dict[int, float]:
    """User + system CPU seconds of each process still running, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    found: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14 and 15 of stat)
    return found


def _cpu_since(before: dict[int, float], pids: Iterable[int]) -> float:
    """CPU the processes used since ``before`` (a process started meanwhile counts whole)."""
    return sum(now - before.get(pid, 0.0) for pid, now in _cpu_by_process(pids).items())


def _processes(parent: int | None = None, title: str | None = None) -> list[int]:
    """Processes by parent pid, or whose command line holds ``title`` (a PostgreSQL backend's process title names
    its database: "postgres: postgres parindex_rush_123 127.0.0.1(5431) idle"), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            rest = (entry / "stat").read_text().rsplit(")", 1)[1]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if (parent is not None and int(rest.split()[1]) == parent) or (
            title is not None and command.startswith("postgres:") and f" {title} " in command
        ):
            found.append(int(entry.name))
    return found


def run_level(
    host: str,
    port: int,
    clients: list[Request],
    rate: float,
    seconds: float,
    server_pid: int,
    threads: int,
    database_name: str | None = None,
) -> Level:
    """Offer ``rate`` requests a second for ``seconds`` (open loop: request i is due at i / rate, whoever sends it),
    after one second of warm-up that is not measured. A request's latency runs from when it was due, so a server
    (or a client) that falls behind is charged for the wait, not hidden by it."""
    level = Level(rate, seconds)
    lock = threading.Lock()
    warm = max(1, int(rate))
    total = warm + int(rate * seconds)
    counter = iter(range(total))

    def workers() -> list[int]:
        return [server_pid, *_processes(parent=server_pid)]

    def database() -> list[int]:
        # The backends serving this scratch database (PostgreSQL); SQLite works inside the app server's processes.
        return _processes(title=database_name) if database_name else []

    cpu: dict[str, dict[int, float]] = {}
    began = time.monotonic() + 0.05
    marks: dict[str, float] = {}

    def mark() -> None:
        """At the moment the first measured request is due: the CPU counters the level is charged from."""
        time.sleep(max(0.0, began + warm / rate - time.monotonic()))
        cpu.update(app=_cpu_by_process(workers()), db=_cpu_by_process(database()))
        marks.update(at=time.monotonic(), client=time.process_time())

    def play(index: int) -> None:
        rng = random.Random(index * 7919 + int(rate))
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            due = began + i / rate
            time.sleep(max(0.0, due - time.monotonic()))
            method, path, body, headers = rng.choice(clients)(rng)
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
            elapsed = time.monotonic() - due
            if i >= warm:
                with lock:
                    level.latencies.append(elapsed)
                    if error:
                        level.errors.append(error)

    timer = threading.Thread(target=mark, daemon=True)
    pool = [threading.Thread(target=play, args=(n,), daemon=True) for n in range(threads)]
    for thread in [timer, *pool]:
        thread.start()
    for thread in [timer, *pool]:
        thread.join()
    level.seconds = time.monotonic() - marks["at"]  # from the first measured request due to the last answered
    level.app_cpu = _cpu_since(cpu["app"], workers())
    level.db_cpu = _cpu_since(cpu["db"], database())
    level.client_cpu = time.process_time() - marks["client"]
    return level


def search(measure: Callable[[float], Level], target_p95: float, start: float, ceiling: float) -> list[Level]:
    """The highest rate served at p95 ≤ target with no error: double the offered rate from ``start`` until a level
    misses, then halve the gap between the last that met it and the first that missed, three times."""
    levels: list[Level] = []
    rate = start
    good: float | None = None
    bad: float | None = None
    while rate <= ceiling:
        level = measure(rate)
        levels.append(level)
        if not level.meets(target_p95):
            bad = rate
            break
        good = rate
        rate *= 2
    if good is not None and bad is not None:
        for _ in range(3):
            middle = round((good + bad) / 2)
            if middle in (good, bad):
                break
            level = measure(middle)
            levels.append(level)
            if level.meets(target_p95):
                good = middle
            else:
                bad = middle
    return levels


def best(levels: list[Level], target_p95: float) -> Level | None:
    met = [level for level in levels if level.meets(target_p95)]
    return max(met, key=lambda level: level.rate) if met else None


def csrf_secret() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def _headers(officer: dict[str, Any], token: str, hx: bool) -> dict[str, str]:
    headers = {
        "Cookie": f"sessionid={officer['session']}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if hx:
        headers["HX-Request"] = "true"
    return headers


def saver(campaign: str, officer: dict[str, Any], leaves: list[tuple[int, list[dict[str, str]]]]) -> Request:
    """One officer's autosave: a random leaf of its unit, a value the rule accepts, posted as HTMX posts it."""
    headers = _headers(officer, csrf_secret(), hx=True)

    def request(rng: random.Random) -> tuple[str, str, bytes, dict[str, str]]:
        leaf_id, values = rng.choice(leaves)
        body = urlencode({"score_fields": "1", **rng.choice(values)}).encode()
        return "POST", f"/campaigns/{campaign}/units/{officer['unit']}/leaves/{leaf_id}/", body, headers

    return request


def floor_writer(officer: dict[str, Any]) -> Request:
    """The floor: the same officer, session and CSRF check, posting to a view that writes one row and its audit
    entry (:func:`parindex.benchmarks.views.floor`)."""
    headers = _headers(officer, csrf_secret(), hx=False)

    def request(rng: random.Random) -> tuple[str, str, bytes, dict[str, str]]:
        body = urlencode({"note": str(rng.randrange(10**6))}).encode()
        return "POST", f"/bench/floor/{officer['floor']}/", body, headers

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
        if options["count"]:
            plan = json.loads(sys.stdin.read())
            self.stdout.write(json.dumps(count_statements(plan, options["count"], show=self.level >= 2)))
            return
        target = options["target_p95"]
        with scratch_database() as env:
            self.say(f"scratch database: {redact(env['DATABASE_URL'])}")
            run([sys.executable, "-m", "parindex", "migrate", "--verbosity", "0"], env)
            env["DJANGO_SETTINGS_MODULE"] = "parindex.benchmarks.floor_settings"
            plan_text = run(
                [sys.executable, "-m", "parindex", "bench-rush", "--prepare", "--users", str(options["users"])], env
            )
            plan = json.loads(plan_text)
            counting = [sys.executable, "-m", "parindex", "bench-rush", "--count", "40", "--verbosity", str(self.level)]
            counted = json.loads(run(counting, env, stdin=plan_text, show_stderr=self.level >= 2))
            self.say(
                f"{options['users']} officers of {options['users']} communes, {len(plan['leaves'])} leaves each; "
                f"app server: gunicorn, {options['workers']} sync workers; {options['threads']} client threads; "
                "CPU per request: the app server's processes, the database's backends (PostgreSQL; SQLite's work is "
                "the app's), and this client"
            )
            self.say(
                "SQL statements per request (counted by Django over 40 requests, BEGIN/COMMIT not counted): "
                f"save {counted['save']:.1f}, floor {counted['floor']:.1f}"
            )
            found: dict[str, Level | None] = {}
            floors = [floor_writer(o) for o in plan["officers"]]
            savers = [saver(plan["campaign"], o, plan["leaves"]) for o in plan["officers"]]
            with app_server(env, options["workers"]) as (port, pid):
                # Every worker loads the code, opens its connection and reads the criteria once: not measured.
                run_level("127.0.0.1", port, floors + savers, options["start_rate"], 2.0, pid, options["threads"])
                for label, clients in (("floor", floors), ("save", savers)):
                    self.say(f"{label}: offered rate searched for p95 ≤ {target * 1000:,.0f} ms with no error")

                    def measure(rate: float, clients: list[Request] = clients) -> Level:
                        return self.report(
                            run_level(
                                *("127.0.0.1", port, clients, rate, options["seconds"], pid, options["threads"]),
                                database_name=env.get("PARINDEX_RUSH_DATABASE"),
                            )
                        )

                    levels = search(measure, target, options["start_rate"], options["ceiling"])
                    found[label] = best(levels, target)
        floor, saves = found["floor"], found["save"]
        self.say("result (the highest offered rate met, and its cost):")
        for label, level in (("floor: one row + one audit entry", floor), ("saves: POST a leaf (autosave)", saves)):
            if level is None:
                self.say(f"  {label:<36} no rate met the target")
                continue
            self.say(
                f"  {label:<36} {level.rate:6,.0f}/s  p95 {level.quantile(0.95) * 1000:5,.0f} ms  "
                f"CPU per request: app {level.per_request_ms(level.app_cpu):5.2f} ms, "
                f"database {level.per_request_ms(level.db_cpu):5.2f} ms, "
                f"client {level.per_request_ms(level.client_cpu):5.2f} ms"
            )
        goal, goal_statements = options["target_rate"], options["target_statements"]
        rate = saves.rate if saves is not None else 0.0
        ok_rate = rate >= goal
        ok_statements = counted["save"] <= goal_statements
        if floor is not None:
            self.say(f"  saves ÷ floor: {rate / floor.rate:.2f} of the floor's rate")
        self.say(f"target: ≥ {goal:,.0f} saves/s at p95 ≤ {target * 1000:,.0f} ms: {'OK' if ok_rate else 'MISSED'}")
        self.say(
            f"target: ≤ {goal_statements:g} statements per save ({counted['save']:.1f}): "
            f"{'OK' if ok_statements else 'MISSED'}"
        )
        if options["check"] and not (ok_rate and ok_statements):
            raise CommandError("deadline-rush target missed")

    def say(self, text: str) -> None:
        if self.level >= 1:
            self.stdout.write(text)

    def report(self, level: Level) -> Level:
        errors = f", errors {len(level.errors)} (first: {level.errors[0][:160]})" if level.errors else ""
        self.say(
            f"  offered {level.rate:6,.0f}/s: served {level.throughput:7,.1f}/s, p50 "
            f"{level.quantile(0.50) * 1000:6,.0f} ms, p95 {level.quantile(0.95) * 1000:6,.0f} ms; CPU per request "
            f"app {level.per_request_ms(level.app_cpu):5.2f} ms, database {level.per_request_ms(level.db_cpu):5.2f} "
            f"ms, client {level.per_request_ms(level.client_cpu):5.2f} ms{errors}"
        )
        return level


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(parts.password, "***"))
    return urlunsplit(parts)


def run(command: list[str], env: dict[str, str], stdin: str | None = None, show_stderr: bool = False) -> str:
    done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True, check=False)  # noqa: S603
    if show_stderr:
        sys.stderr.write(done.stderr)
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
            env["PARINDEX_RUSH_DATABASE"] = name
            yield env
        finally:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def app_server(env: dict[str, str], workers: int) -> Iterator[tuple[int, int]]:
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
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)
