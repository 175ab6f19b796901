"""The deadline rush (DESIGN.md §6): many unit officers saving self scores at once, against a real app server.

:func:`prepare` builds the campaign and signed-in officers in a scratch database; :func:`run_load` plays the officers
from threads over HTTP, each saving one leaf as the page's autosave does (an HTMX post), then pausing as a person
does before the next entry. Latencies are measured at the client, from connecting to the last byte.
"""

from __future__ import annotations

import http.client
import random
import secrets
import string
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from parindex.assessments import lifecycle
from parindex.assessments.services import open_campaign
from parindex.assessments.workflow import self_leaves
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.frameworks.services import SAMPLES, install_framework, read_framework_file
from parindex.org.models import Membership, Role, Unit, UnitGroup
from parindex.scoring.numbers import plain
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Proportional

CAMPAIGN = "rush"


def valid_inputs(leaf: Criterion) -> list[str]:
    """Inputs the leaf's rule accepts, as an officer types them."""
    rule = leaf.rule_object
    maximum = leaf.max_points or Decimal(0)
    if isinstance(rule, Choice):
        return [str(i) for i in range(1, len(rule.options) + 1)]
    if isinstance(rule, Bands | Proportional):
        return ["55", "72,5", "88", "95", "100"]
    if isinstance(rule, Deduction):
        return ["0", "1", "2"]
    step = rule.step if isinstance(rule, Manual) and rule.step else Decimal("0.25")
    return [plain(step * n).replace(".", ",") for n in range(int(maximum / step) + 1)]


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


def saver(campaign: str, officer: dict[str, str], leaves: list[tuple[int, list[str]]]) -> Request:
    """One officer's autosave: a random leaf of its unit, a value the rule accepts, posted as HTMX posts it."""
    token = csrf_secret()
    cookie = f"sessionid={officer['session']}; csrftoken={token}"

    def request(rng: random.Random) -> tuple[str, str, bytes, dict[str, str]]:
        leaf_id, values = rng.choice(leaves)
        body = f"score_fields=1&value={rng.choice(values)}".encode()
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
