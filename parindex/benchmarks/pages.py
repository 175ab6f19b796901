"""parindex bench-pages: the pages that show every unit of a campaign (the ranking, the overview, the head ratings)
and the council's appraisal sheet of one unit, rendered through Django's test client as the people who use them, on
a synthetic campaign of N units × M leaves (results, head ratings and an appraisal round under way).

For every page: the median and best time of ``--runs`` renders, its SQL queries, its size, the target (≤ 300 ms) and,
measured in the same run, an anchor: a bare read of the rows the page shows.

Everything runs in one transaction that is rolled back: the synthetic data is not kept.
"""

from __future__ import annotations

import gc
import logging
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Result, Score
from parindex.assessments.scoring import recompute_campaign
from parindex.assessments.services import ensure_assessments
from parindex.audit.services import Actor
from parindex.benchmarks.rolledback import RolledBackBench
from parindex.benchmarks.scoring import Synthetic, build
from parindex.dbbulk import insert_rows
from parindex.org.models import Membership, Role, Unit
from parindex.ratings.models import DisciplinaryCase, HeadRating
from parindex.ratings.services import install_rule_set, store_ratings
from parindex.ratings.spec import SAMPLES as RATING_SAMPLES
from parindex.ratings.spec import read_rule_set_file

STEPS = [Decimal("0"), Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("1")]


@dataclass(frozen=True)
class People:
    home_affairs: User
    council: User
    head: User


@dataclass(frozen=True)
class Page:
    label: str
    url: str
    user: User
    anchor: Callable[[], object]
    anchor_label: str


@dataclass(frozen=True)
class Measure:
    median: float
    best: float
    cpu: float  # this process's CPU time (on SQLite the database's work too), less sensitive to a busy machine
    queries: int
    size: int
    status: int


def write_scores(data: Synthetic, seed: int = 1) -> int:
    """Self scores on about 90 % of the leaves, the council's appraised score on about half of those, the final
    score as the services keep it (appraised once there is one). Bulk-inserted, not audited. Returns the rows."""
    rng = random.Random(seed)
    now = timezone.now()
    rows = []
    for unit_id in data.unit_ids:
        for leaf_id in data.leaf_ids:
            if rng.random() < 0.1:
                continue
            own = rng.choice(STEPS)
            appraised = rng.choice(STEPS) if rng.random() < 0.5 else None
            final = own if appraised is None else appraised
            row = (data.campaign.pk, unit_id, leaf_id, own, False, appraised, False, final, False, "", "", False)
            rows.append((*row, False, now))
    fields = [
        "campaign",
        "unit",
        "criterion",
        "self_score",
        "self_na",
        "appraised_score",
        "appraised_na",
        "final_score",
        "final_na",
        "note",
        "appraisal_note",
        "round1_na",
        "zeroed_by_lock",
        "updated_at",
    ]
    insert_rows(Score, fields, rows)
    return len(rows)


def appraisal_round(campaign: Campaign) -> None:
    """Every unit submitted on time, the self-assessment closed yesterday, round 1 running for another week."""
    now = timezone.now()
    campaign.self_closes_at = now - timedelta(days=1)
    campaign.round1_ends_at = now + timedelta(days=7)
    campaign.save(update_fields=["self_closes_at", "round1_ends_at"])
    ensure_assessments(campaign)
    Assessment.objects.filter(campaign=campaign).update(
        state=Assessment.State.APPRAISING, submitted_at=now - timedelta(days=2), late=False
    )


def people(prefix: str, data: Synthetic) -> People:
    """Home Affairs over the whole tree, a council member assigned every unit, the head of the first unit."""
    root = Unit.objects.get(code=f"{prefix}-root")
    users = get_user_model().objects
    home_affairs = users.create(username=f"{prefix}-noivu")
    council = users.create(username=f"{prefix}-thamdinh")
    head = users.create(username=f"{prefix}-chutich")
    Membership.objects.bulk_create(
        [
            Membership(user=home_affairs, unit=root, role=Role.HOME_AFFAIRS),
            Membership(user=council, unit=root, role=Role.APPRAISER),
            Membership(user=head, unit_id=data.unit_ids[0], role=Role.HEAD),
        ]
    )
    AppraiserAssignment.objects.bulk_create(
        [AppraiserAssignment(campaign=data.campaign, user=council, unit_id=unit_id) for unit_id in data.unit_ids],
        batch_size=2000,
    )
    return People(home_affairs, council, head)


def ratings(data: Synthetic, actor: Actor) -> None:
    """The sample head-rating rules, 1 % of the units with a disciplinary case, the ratings stored."""
    campaign = data.campaign
    rules, meta = read_rule_set_file(RATING_SAMPLES / "sample-head-rating.yaml")
    campaign.rating_rules, _outcome = install_rule_set(rules, meta, actor)
    campaign.save(update_fields=["rating_rules"])
    kinds = [kind for kind, _label in DisciplinaryCase.Kind.choices]
    DisciplinaryCase.objects.bulk_create(
        DisciplinaryCase(
            unit_id=unit_id, decided_on=date(campaign.year, 6, 1), decision_number=f"{i}/QĐ", kind=kinds[i % len(kinds)]
        )
        for i, unit_id in enumerate(data.unit_ids[::100])
    )
    store_ratings(campaign, actor)


class QueryCounter:
    """Counts the SQL statements run through the connection (the request's own start resets Django's query log)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def measure(client: Client, url: str, runs: int) -> Measure:
    """One render to count the queries and bytes (and warm the caches a server keeps), then ``runs`` timed."""
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    size = len(response.content)
    samples, cpu = [], []
    for _run in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return Measure(
        statistics.median(samples), min(samples), statistics.median(cpu), queries.count, size, response.status_code
    )


def timed_median(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _run in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


class PagesBench(RolledBackBench):
    """The benchmark, writing its figures to the command's output."""

    def run(self, options: dict[str, Any]) -> None:
        units, leaves, runs, target = options["units"], options["leaves"], options["runs"], options["target"]
        self.stdout.write(f"bench-pages: {units} units × {leaves} leaves on {connection.vendor}, {runs} runs a page")
        started = time.perf_counter()
        prefix = f"pages{int(time.time())}"
        data = build(prefix, units, leaves)
        campaign = data.campaign
        actor = Actor.command_line("bench")
        rows = write_scores(data)
        appraisal_round(campaign)
        recompute_campaign(campaign, actor)
        ratings(data, actor)
        who = people(prefix, data)
        unit = Unit.objects.get(pk=data.unit_ids[len(data.unit_ids) // 2])
        self.stdout.write(
            f"  built {units} units, {rows} scores, results, head ratings and round 1 in "
            f"{time.perf_counter() - started:.1f} s"
        )
        code = campaign.code
        ranking = reverse("assessments:campaign-ranking", args=[code])
        overview = reverse("assessments:overview", args=[code])
        head_ratings = reverse("ratings:campaign-ratings", args=[code])
        sheet = reverse("assessments:appraisal-sheet", args=[code, unit.code])

        def ranking_rows() -> object:
            return list(
                Result.objects.filter(campaign=campaign).values_list(
                    "unit__code", "unit__name", "rank", "points", "max_points", "index", "band", "areas", "missing"
                )
            )

        def overview_rows() -> object:
            return list(
                Assessment.objects.filter(campaign=campaign).values_list(
                    "unit__code", "unit__name", "state", "submitted_at", "late"
                )
            )

        def rating_rows() -> object:
            return list(
                HeadRating.objects.filter(campaign=campaign).values_list(
                    "unit__code", "unit__name", "level_code", "level_name", "reasons"
                )
            )

        def sheet_rows() -> object:
            return list(
                Score.objects.filter(campaign=campaign, unit=unit).values_list(
                    "criterion__code", "criterion__name", "self_score", "appraised_score", "final_score", "note"
                )
            )

        pages = [
            Page("appraisal sheet · council member", sheet, who.council, sheet_rows, "the unit's scores"),
            Page("ranking · Home Affairs", ranking, who.home_affairs, ranking_rows, "results + units"),
            Page("ranking · head of one unit", ranking, who.head, ranking_rows, "results + units"),
            Page("overview · Home Affairs", overview, who.home_affairs, overview_rows, "assessments + units"),
            Page("overview · council member (own list)", overview, who.council, overview_rows, "assessments + units"),
            Page("head ratings · Home Affairs (open)", head_ratings, who.home_affairs, rating_rows, "ratings + units"),
            Page("head ratings · head of one unit (open)", head_ratings, who.head, rating_rows, "ratings + units"),
        ]
        self.stdout.write(
            f"  {'page':<42} {'median':>9} {'best':>9} {'cpu':>9} {'queries':>8} {'KiB':>7}"
            f"   {'anchor (bare read)':<22} {'median':>9}  ratio  target"
        )
        logging.getLogger("axes").setLevel(logging.WARNING)  # no line per force_login
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for page in pages:
                self.page(page, runs, target)
            Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.LOCKED)
            locked = Page(
                "head ratings · Home Affairs (locked)", head_ratings, who.home_affairs, rating_rows, "ratings + units"
            )
            self.page(locked, runs, target)
        self.stdout.write("rolled back: the synthetic data is not kept")

    def page(self, page: Page, runs: int, target: float) -> None:
        gc.collect()  # the garbage of the page before is not collected in this page's time
        client = Client()
        client.force_login(page.user)
        figures = measure(client, page.url, runs)
        anchor = timed_median(page.anchor, runs)
        ok = figures.status == 200 and figures.median <= target
        if not ok:
            self.missed.append(page.label)
        verdict = f"≤ {target * 1000:.0f} ms {'OK' if ok else 'MISSED'}"
        if figures.status != 200:
            verdict += f" (HTTP {figures.status})"
        self.stdout.write(
            f"  {page.label:<42} {figures.median * 1000:6,.1f} ms {figures.best * 1000:6,.1f} ms"
            f" {figures.cpu * 1000:6,.1f} ms {figures.queries:8d}"
            f" {figures.size / 1024:7,.0f}   {page.anchor_label:<22} {anchor * 1000:6,.1f} ms"
            f" {figures.median / anchor:5.1f}×  {verdict}"
        )
