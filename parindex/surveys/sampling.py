"""Drawing a survey's respondents for each unit from the one-stop dossiers already imported.

A unit's **population** is, by default, the dossiers the unit (and the units under it) resolved in the period — the
people who had a dossier handled, as SIPAS asks. It is read from the columnar store (:mod:`parindex.indicators.store`)
with DuckDB, never loaded whole: the strata are counted, the positions drawn in Python
(:func:`parindex.scoring.sampling.draw_positions`), and only the drawn dossiers are fetched, numbered within their
stratum by dossier id. The sample size is n = ⌈N / (1 + N·e²)⌉ with the survey's margin of error (5 % unless its
questionnaire or the draw says otherwise), and quotas by procedure or by channel share it by the largest remainder.

Each unit is drawn with its own seed, ``"<seed>:<unit code>"``, so units of equal size do not get the same
positions; the seed given (or chosen at random and recorded) and everything else needed to check the draw again are
kept in :class:`parindex.surveys.models.Sample` and in the audit log. The drawn people become
:class:`~parindex.surveys.models.Respondent` rows, each with a one-time token for the web form; their personal data
(the dossier reference, and a name and phone when the store holds them) stay in parindex for Home Affairs staff.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.indicators import engine, store
from parindex.org.models import Unit
from parindex.scoring.sampling import draw_positions, sample_size
from parindex.surveys.models import Respondent, Response, Sample, Survey

PERIOD_RE = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")
QUOTA_COLUMNS = {"": "''", "procedure": "coalesce(d.procedure, '')", "channel": "coalesce(d.submission, '')"}
# Columns a one-stop export may carry about the applicant (none of the shipped mappings has them yet).
NAME_COLUMNS = ("applicant_name", "applicant", "name")
PHONE_COLUMNS = ("applicant_phone", "phone")
CHANNEL_LABELS = {
    "direct": gettext_lazy("At the one-stop desk"),
    "online_partial": gettext_lazy("Partly online"),
    "online_full": gettext_lazy("Fully online"),
    "postal": gettext_lazy("Public postal service"),
}


class SamplingError(Exception):
    """The draw cannot be made; the message says why, in one line."""


def channel_label(code: str) -> str:
    return str(CHANNEL_LABELS.get(code, code))


def period_bounds(period: str) -> tuple[date, date]:
    """``2026`` → 1/1/2026 … 1/1/2027 (end excluded); ``2026-Q3`` and ``2026-09`` likewise."""
    match = PERIOD_RE.match(period)
    if not match:
        raise SamplingError(_("the period must be a year (2026), a quarter (2026-Q3) or a month (2026-09)"))
    year = int(match.group(1))
    if match.group(2):
        first = (int(match.group(2)) - 1) * 3 + 1
        start, months = date(year, first, 1), 3
    elif match.group(3):
        start, months = date(year, int(match.group(3)), 1), 1
    else:
        start, months = date(year, 1, 1), 12
    end_month = start.month - 1 + months
    return start, date(year + end_month // 12, end_month % 12 + 1, 1)


@dataclass(frozen=True)
class Drawn:
    """A drawn dossier: who to ask and about what."""

    reference: str
    procedure: str
    channel: str
    returned_at: datetime | None
    name: str = ""
    phone: str = ""


@dataclass
class UnitDraw:
    """One unit's draw: its population, sample size, quotas and the dossiers drawn (``kept`` when the unit had
    already been drawn and was left as it was)."""

    unit: Unit
    population: int
    size: int
    quotas: dict[str, int] = field(default_factory=dict)
    drawn: list[Drawn] = field(default_factory=list)
    kept: bool = False


@dataclass(frozen=True)
class Drawing:
    """What :func:`draw_sample` did: the period, seed and margin it used, and each unit's draw."""

    period: str
    seed: str
    margin: Decimal
    units: list[UnitDraw]

    @property
    def respondents(self) -> int:
        return sum(len(entry.drawn) for entry in self.units)


def _tree(units: Sequence[Unit]) -> tuple[list[int], list[int]]:
    """(ancestor, unit) pairs: each requested unit with every unit under it, itself included (one query)."""
    wanted = {f"/{unit.pk}/": unit.pk for unit in units}
    ancestors: list[int] = []
    members: list[int] = []
    for pk, path in Unit.objects.values_list("pk", "path"):
        for part in path.strip("/").split("/"):
            ancestor = wanted.get(f"/{part}/")
            if ancestor is not None:
                ancestors.append(ancestor)
                members.append(pk)
    return ancestors, members


def _optional(columns: set[str], names: Iterable[str]) -> str:
    found = next((name for name in names if name in columns), None)
    return f"coalesce(CAST(d.\"{found}\" AS VARCHAR), '')" if found else "''"


class Population:
    """The dossiers the given units resolved in a period, in the columnar store, counted and fetched by stratum."""

    def __init__(self, units: Sequence[Unit], period: str, quota_by: str) -> None:
        source = store.source("dossiers")
        if source is None:
            raise SamplingError(_("no one-stop dossiers have been imported yet: import them first (import-dossiers)"))
        if quota_by not in QUOTA_COLUMNS:
            raise SamplingError(_("quotas are by procedure or by channel"))
        start, end = period_bounds(period)
        self.con = engine.connect()
        ancestors, members = _tree(units)
        self.con.execute(
            "CREATE TEMP TABLE tree AS SELECT unnest(?::INTEGER[]) AS ancestor, unnest(?::INTEGER[]) AS unit_id",
            [ancestors, members],
        )
        described = self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608 (our own table)
        columns = {row[0] for row in described}
        stratum = QUOTA_COLUMNS[quota_by]
        self.con.execute(
            f"""
            CREATE TEMP TABLE population AS
            SELECT t.ancestor, {stratum} AS stratum, d.dossier_id, coalesce(d.procedure, '') AS procedure,
                   coalesce(d.submission, '') AS channel, d.returned_at,
                   {_optional(columns, NAME_COLUMNS)} AS name, {_optional(columns, PHONE_COLUMNS)} AS phone
            FROM {source} d JOIN tree t ON t.unit_id = d.unit_id
            WHERE d.returned_at >= ?::TIMESTAMP AND d.returned_at < ?::TIMESTAMP
            """,  # noqa: S608 (the table expression and columns are ours, the values are parameters)
            [start.isoformat(), end.isoformat()],
        )

    def strata(self) -> dict[int, dict[str, int]]:
        """Each unit's stratum sizes, strata sorted by name."""
        counts: dict[int, dict[str, int]] = {}
        rows = self.con.execute("SELECT ancestor, stratum, count(*) FROM population GROUP BY ALL ORDER BY 1, 2")
        for unit_id, stratum, count in rows.fetchall():
            counts.setdefault(unit_id, {})[stratum] = count
        return counts

    def fetch(self, picks: Iterable[tuple[int, str, int]]) -> dict[int, list[Drawn]]:
        """The dossiers at (unit, stratum, position) — positions counted from 0 by dossier id within the stratum."""
        chosen = list(picks)
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE picks AS SELECT unnest(?::INTEGER[]) AS ancestor, "
            "unnest(?::VARCHAR[]) AS stratum, unnest(?::BIGINT[]) AS pos",
            [[p[0] for p in chosen], [p[1] for p in chosen], [p[2] for p in chosen]],
        )
        rows = self.con.execute(
            """
            WITH numbered AS (
                SELECT *, row_number() OVER (PARTITION BY ancestor, stratum ORDER BY dossier_id) - 1 AS pos
                FROM population
            )
            SELECT n.ancestor, n.dossier_id, n.procedure, n.channel, n.returned_at, n.name, n.phone
            FROM numbered n JOIN picks p USING (ancestor, stratum, pos)
            ORDER BY n.ancestor, n.dossier_id
            """
        ).fetchall()
        drawn: dict[int, list[Drawn]] = {}
        for unit_id, reference, procedure, channel, returned_at, name, phone in rows:
            drawn.setdefault(unit_id, []).append(Drawn(reference, procedure, channel, returned_at, name, phone))
        return drawn


def new_seed() -> str:
    """A seed for a draw nobody gave one for: six digits, easy to copy into a report and check later."""
    return str(secrets.randbelow(900_000) + 100_000)


def unit_seed(seed: str, unit: Unit) -> str:
    return f"{seed}:{unit.code}"


def plan_draw(
    survey: Survey,
    units: Sequence[Unit],
    period: str,
    seed: str,
    margin: Decimal | None = None,
    quota_by: str = "",
) -> list[UnitDraw]:
    """What a draw gives for each unit (nothing written): the population, the sample size, quotas and dossiers."""
    margin = survey.margin if margin is None else margin
    population = Population(units, period, quota_by)
    strata = population.strata()
    draws: list[UnitDraw] = []
    picks: list[tuple[int, str, int]] = []
    for unit in units:
        sizes = strata.get(unit.pk, {})
        total = sum(sizes.values())
        size = sample_size(total, margin)
        if not sizes:
            draws.append(UnitDraw(unit, 0, 0, {}))
            continue
        shares, positions = draw_positions(sizes, size, unit_seed(seed, unit))
        draws.append(UnitDraw(unit, total, size, shares if quota_by else {}))
        picks.extend((unit.pk, stratum, p) for stratum, drawn in positions.items() for p in drawn)
    fetched = population.fetch(picks)
    for entry in draws:
        entry.drawn = fetched.get(entry.unit.pk, [])
    return draws


def _check_redraw(survey: Survey, unit: Unit) -> None:
    answered = Respondent.objects.filter(survey=survey, unit=unit).exclude(token_used_at=None).exists()
    if answered or Response.objects.filter(survey=survey, unit=unit, respondent__isnull=False).exists():
        raise SamplingError(
            _("%(unit)s cannot be drawn again: some of its respondents have already answered") % {"unit": unit.name}
        )


@transaction.atomic
def draw_sample(
    survey: Survey,
    units: Sequence[Unit],
    actor: Actor,
    period: str | None = None,
    seed: str | None = None,
    margin: Decimal | None = None,
    quota_by: str = "",
    redraw: bool = False,
) -> Drawing:
    """Draw and store each unit's respondents; audited, one entry per unit. A unit drawn before is kept as it is,
    unless ``redraw`` (refused once one of its respondents has answered: their links would stop working)."""
    period = period or str(timezone.localdate().year)
    seed = seed or new_seed()
    margin = survey.margin if margin is None else margin
    if not Decimal(0) <= margin < Decimal(1):
        raise SamplingError(_("the margin of error must be at least 0 and less than 1 (0.05 for 5%)"))
    existing = {s.unit_id: s for s in Sample.objects.filter(survey=survey, unit__in=units).select_related("unit")}
    if redraw:
        for unit in units:
            if unit.pk in existing:
                _check_redraw(survey, unit)
    wanted = [u for u in units if redraw or u.pk not in existing]
    draws = plan_draw(survey, wanted, period, seed, margin, quota_by) if wanted else []
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    for entry in draws:
        old = existing.get(entry.unit.pk)
        before = old.snapshot() if old else None
        if old:
            Respondent.objects.filter(survey=survey, unit=entry.unit).delete()
            old.delete()
        sample = Sample.objects.create(
            survey=survey,
            unit=entry.unit,
            period=period,
            population=entry.population,
            size=entry.size,
            margin=margin,
            seed=seed,
            quota_by=quota_by,
            quotas=entry.quotas,
            drawn_by=user,
        )
        Respondent.objects.bulk_create(
            Respondent(
                survey=survey,
                unit=entry.unit,
                name=d.name[:200],
                phone=d.phone[:40],
                reference=d.reference[:100],
                channel=d.channel[:50],
                procedure=d.procedure[:255],
                population=Respondent.Population.DOSSIERS,
                drawn_at=sample.drawn_at,
            )
            for d in entry.drawn
        )
        after = {**sample.snapshot(), "respondents": len(entry.drawn)}
        record(actor, sample.to_change(Action.SURVEY_SAMPLE_DRAWN, before, after))
    kept = [
        UnitDraw(u, existing[u.pk].population, existing[u.pk].size, existing[u.pk].quotas, [], kept=True)
        for u in units
        if u.pk in existing and not redraw
    ]
    order = {u.pk: i for i, u in enumerate(units)}
    return Drawing(period, seed, margin, sorted([*draws, *kept], key=lambda d: order[d.unit.pk]))


def quota_label(quota_by: str, key: str) -> str:
    """A stratum as people read it: a channel by its name, a procedure as it is."""
    if quota_by == Sample.QuotaBy.CHANNEL:
        return channel_label(key)
    return key or "—"
