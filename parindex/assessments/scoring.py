"""Recomputing a campaign's results with the scoring core, and keeping ranks consistent after one edit.

This is the hot path of DESIGN.md §6 (3,500 units × 100 leaves in ≤ 2 s; one edit ≤ 50 ms), measured by
``parindex bench-scoring``. Three choices keep it there: the scoring tree is built once per criteria-set version,
score rows are read with one plain SELECT (no model instances), and changed results are written with one prepared
UPDATE run for many rows (:mod:`parindex.dbbulk`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from parindex.assessments.models import Assessment, Campaign, Result, Score
from parindex.audit.chain import take_head
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record_many
from parindex.dbbulk import gc_paused, update_many
from parindex.frameworks.models import Criterion, Framework
from parindex.org.models import Unit
from parindex.scoring.counted import NotApplicableMeaning, not_applicable_leaf_score
from parindex.scoring.engine import LeafKind, LeafScore, Tree, UnitResult, compute_unit
from parindex.scoring.numbers import CENT, ZERO
from parindex.scoring.ranking import Band, band_for, rank_competition

RESULT_FIELDS = [
    "base_points",
    "bonus",
    "penalty",
    "deduction",
    "points",
    "max_points",
    "index",
    "areas",
    "missing",
    "band",
    "unranked",
    "rank",
]
# A unit's standing under the campaign's lateness policy: (points deducted, left unranked?)
Lateness = tuple[Decimal, bool]  # (points deducted for a late submission, left unranked)
ON_TIME: Lateness = (ZERO, False)
LEAVES_DENOMINATOR = NotApplicableMeaning.LEAVES_DENOMINATOR.value


@dataclass(frozen=True)
class Recomputed:
    units: int
    changed: int


@dataclass(frozen=True, eq=False)
class ScoringSetup:
    """What scoring and the pages need of one criteria-set version as one unit group runs it: the tree, the bands,
    leaf codes by criterion id (the scored leaves), the criteria themselves in display order (read-only: pages read
    them on every autosave; for a group, the items that apply to it, at the group's maxima) and what a leaf declared
    not applicable counts for when its meaning is not to leave the maximum."""

    tree: Tree
    bands: list[Band]
    leaf_code: dict[int, str]
    criteria: tuple[Criterion, ...]
    group_code: str | None = None
    # Criterion id → the score a final "not applicable" counts as (full points, or 0 over the maximum).
    not_applicable: dict[int, LeafScore] = field(default_factory=dict)
    # Whether the set says anything per unit group (applies_to, max_by_group): else every group's setup is this one.
    has_groups: bool = False

    def criterion(self, pk: int) -> Criterion | None:
        return self.by_id.get(pk)

    @cached_property
    def by_id(self) -> dict[int, Criterion]:
        return {c.pk: c for c in self.criteria}

    @cached_property
    def scored_leaves(self) -> list[Criterion]:
        """The leaves that count (normal, bonus, penalty), in display order: no tracking row, no heading."""
        return [c for c in self.criteria if c.is_scored]


_SETUPS: dict[tuple[int, str, datetime, str | None], ScoringSetup] = {}


def _not_applicable_scores(criteria: tuple[Criterion, ...]) -> dict[int, LeafScore]:
    found: dict[int, LeafScore] = {}
    for c in criteria:
        if c.is_scored and c.kind == LeafKind.NORMAL and c.not_applicable_meaning != LEAVES_DENOMINATOR:
            meaning = NotApplicableMeaning(c.not_applicable_meaning)
            found[c.pk] = not_applicable_leaf_score(meaning, c.max_points or ZERO)
    return found


def scoring_setup(source: Framework | Campaign, group_code: str | None = None) -> ScoringSetup:
    """Built once per version and unit group: a version in use never changes, and content loaded into an unused
    version (even the same content again, with new criteria rows) gets a new ``loaded_at``.

    ``source`` a campaign: its set as its unit group runs it (:func:`campaign_setup`). ``source`` a set: as stored,
    or as a campaign of unit group ``group_code`` runs it (:meth:`Framework.criteria_for_group`). A set that says
    nothing per group gives the same setup to every group."""
    if isinstance(source, Campaign):
        return campaign_setup(source)
    framework = source
    base = _setup(framework, None, None)
    if group_code is None or not base.has_groups:
        return base
    return _setup(framework, group_code, base)


def campaign_setup(campaign: Campaign) -> ScoringSetup:
    """The setup of ``campaign``'s set as its unit group runs it. No query once cached, unless the set says
    something per unit group and the campaign's group is not loaded yet (one query for its code)."""
    base = scoring_setup(campaign.framework)
    if not base.has_groups:
        return base
    return _setup(campaign.framework, campaign.group.code, base)


def _setup(framework: Framework, group_code: str | None, base: ScoringSetup | None) -> ScoringSetup:
    key = (framework.pk, framework.digest, framework.loaded_at, group_code)
    setup = _SETUPS.get(key)
    if setup is None:
        if len(_SETUPS) > 64:
            _SETUPS.clear()
        if base is None:
            criteria = tuple(framework.criteria.order_by("position"))
            tree = framework.tree
            has_groups = any(c.applies_to or c.max_by_group for c in criteria)
        else:
            criteria = tuple(framework.criteria_for_group(group_code, base.criteria))
            tree = framework.tree_of(criteria)
            has_groups = True
        setup = ScoringSetup(
            tree=tree,
            bands=framework.band_list(),
            leaf_code={c.pk: c.code for c in criteria if c.is_scored},
            criteria=criteria,
            group_code=group_code,
            not_applicable=_not_applicable_scores(criteria),
            has_groups=has_groups,
        )
        _SETUPS[key] = setup
    return setup


def scored_areas(source: Framework | Campaign) -> list[tuple[str, str]]:
    """(code, name) of the areas that have a sub-index, in display order (not a block of bonus/penalty items): of a
    campaign's set as its unit group runs it, or of a set as stored."""
    setup = scoring_setup(source)
    names = {c.code: c.name for c in setup.criteria if c.depth == 1}
    return [(code, names[code]) for code in setup.tree.area_codes]


def read_final_scores(
    campaign: Campaign, setup: ScoringSetup, unit_id: int | None = None
) -> dict[int, dict[str, LeafScore]]:
    """Final scores by unit and leaf code, read with one SELECT and a memo of the few distinct point values. Only
    the setup's scored leaves are read (not a tracking row, not an item of another unit group); a leaf declared not
    applicable counts as its not-applicable meaning says (full points, 0, or out of the maximum)."""
    table = connection.ops.quote_name(Score._meta.db_table)
    sql = f"SELECT unit_id, criterion_id, final_score, final_na FROM {table} WHERE campaign_id = %s"  # noqa: S608
    params: list[Any] = [campaign.pk]
    if unit_id is not None:
        sql += " AND unit_id = %s"
        params.append(unit_id)
    # One (points, False) per distinct stored value: a file holds few (0, 0.25, … 1), read 350,000 times.
    cells: dict[Any, LeafScore] = {None: (None, False)}
    leaf_code = setup.leaf_code
    meanings = setup.not_applicable
    by_unit: dict[int, dict[str, LeafScore]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()  # one C-level fetch; iterating the cursor row by row costs far more on psycopg
    # Rows come grouped by unit (imports write them so): the unit's dict is looked up once per run of its rows.
    current_unit: int | None = None
    current: dict[str, LeafScore] = {}
    for row_unit, criterion_id, value, na in rows:
        code = leaf_code.get(criterion_id)
        if code is None:
            continue
        if row_unit != current_unit:
            current_unit, current = row_unit, by_unit[row_unit]
        if na:
            current[code] = meanings.get(criterion_id) or (None, True)
            continue
        cell = cells.get(value)
        if cell is None:
            # SQLite hands back a float or an int; its shortest repr is the stored 2-decimal value.
            cell = cells[value] = (Decimal(str(value)).quantize(CENT), False)
        current[code] = cell
    return by_unit


def lateness_standing(campaign: Campaign, unit_id: int | None = None) -> dict[int, Lateness]:
    """Units the lateness policy touches: a late submission loses ``late_deduction``; once results are locked, a
    unit that never submitted is left unranked when the campaign says so. Units not listed are in good standing."""
    deduct = campaign.late_deduction > ZERO
    unrank = campaign.unrank_if_not_submitted and not campaign.is_open
    if not (deduct or unrank):
        return {}
    rows = Assessment.objects.filter(campaign_id=campaign.pk)
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    standing: dict[int, Lateness] = {}
    for uid, late, submitted_at in rows.values_list("unit_id", "late", "submitted_at"):
        deduction = campaign.late_deduction if deduct and late else ZERO
        unranked = unrank and submitted_at is None
        if deduction or unranked:
            standing[uid] = (deduction, unranked)
    return standing


def _apply(setup: ScoringSetup, result: Result, computed: UnitResult, unranked: bool) -> None:
    result.unranked = unranked
    result.deduction = computed.deduction
    result.base_points = computed.base_points
    result.bonus = computed.bonus
    result.penalty = computed.penalty
    result.points = computed.points
    result.max_points = computed.max_points
    result.index = computed.index
    result.missing = computed.missing
    band = band_for(computed.index, setup.bands)
    result.band = band.code if band else ""
    areas = {}
    for code in setup.tree.area_codes:
        node = computed.nodes[code]
        areas[code] = [str(node.points), str(node.max_points), None if node.index is None else str(node.index)]
    result.areas = areas


def _state(result: Result) -> tuple[Any, ...]:
    return tuple(getattr(result, f) for f in RESULT_FIELDS)


def lock_ranking(campaign: Campaign) -> None:
    """One re-ranking at a time, taken before any result row: concurrent edits (the deadline rush) would otherwise
    update each other's rank rows and deadlock on PostgreSQL. SQLite already runs one writer at a time.

    The lock is the audit chain's head. Every audited transaction holds it from its first entry to its commit, and
    every re-ranking is audited, so taking the head first both orders re-rankings and keeps a transaction that ranks
    before it audits (a recompute) and one that audits before it ranks (an import) from waiting for each other. One
    statement; the entries this transaction appends afterwards link to the head it holds without another one."""
    del campaign  # the head orders every campaign's re-rankings; the argument says what is being ranked
    take_head()


@gc_paused()
@transaction.atomic
def recompute_campaign(campaign: Campaign, actor: Actor, reason: str = "") -> Recomputed:
    """Recompute every unit's points, index, area sub-indices, band and rank; store and audit what changed."""
    lock_ranking(campaign)
    setup = campaign_setup(campaign)
    units = list(campaign.units().values_list("id", flat=True))
    scores = read_final_scores(campaign, setup)
    Result.objects.filter(campaign_id=campaign.pk).exclude(unit_id__in=units).delete()
    existing = {r.unit_id: r for r in Result.objects.filter(campaign_id=campaign.pk).order_by()}
    before = {unit_id: (_state(r), r.snapshot()) for unit_id, r in existing.items()}
    standing = lateness_standing(campaign)
    results: dict[int, Result] = {}
    for unit_id in units:
        result = existing.get(unit_id) or Result(campaign_id=campaign.pk, unit_id=unit_id)
        deduction, unranked = standing.get(unit_id, ON_TIME)
        _apply(setup, result, compute_unit(setup.tree, scores.get(unit_id, {}), deduction), unranked)
        results[unit_id] = result
    ranked = ((uid, None if r.unranked else r.index) for uid, r in results.items())
    for unit_id, rank in rank_competition(ranked).items():
        results[unit_id].rank = rank
    now = timezone.now()
    to_create = [r for uid, r in results.items() if uid not in existing]
    to_update = [r for uid, r in results.items() if uid in existing and _state(r) != before[uid][0]]
    for result in to_update:
        result.computed_at = now
    Result.objects.bulk_create(to_create, batch_size=2000)
    update_many(Result, [*RESULT_FIELDS, "computed_at"], to_update)
    changes = [r.to_change(Action.RESULT_COMPUTED, None, r.snapshot()) for r in to_create]
    changes += [r.to_change(Action.RESULT_COMPUTED, before[r.unit_id][1], r.snapshot()) for r in to_update]
    record_many(actor, changes, reason)
    return Recomputed(units=len(results), changed=len(changes))


def final_scores_of(setup: ScoringSetup, scores: Iterable[Score]) -> dict[str, LeafScore]:
    """:func:`read_final_scores` for one unit's score rows already in memory (no query)."""
    final: dict[str, LeafScore] = {}
    for score in scores:
        code = setup.leaf_code.get(score.criterion_id)
        if code is None:
            continue
        if score.final_na:
            final[code] = setup.not_applicable.get(score.criterion_id) or (None, True)
        else:
            points = score.final_score
            final[code] = (None if points is None else Decimal(points).quantize(CENT), False)
    return final


def _standing_of(campaign: Campaign, assessment: Assessment) -> Lateness:
    """:func:`lateness_standing` of one unit from its assessment row already in memory (no query)."""
    deduction = campaign.late_deduction if campaign.late_deduction > ZERO and assessment.late else ZERO
    unranked = campaign.unrank_if_not_submitted and not campaign.is_open and assessment.submitted_at is None
    return deduction, unranked


@transaction.atomic(savepoint=False)  # inside a save, a failure here undoes the save too: no savepoint needed
def recompute_unit(
    campaign: Campaign,
    unit: Unit,
    actor: Actor,
    reason: str = "",
    *,
    scores: Iterable[Score] | None = None,
    assessment: Assessment | None = None,
    earlier: Sequence[Change] = (),
) -> Result:
    """Recompute one unit after an edit, then re-rank its group, touching only rows whose rank moved.

    A caller that has the unit's score rows and its locked assessment in hand passes them (``scores``,
    ``assessment``) and they are not read again; ``earlier`` are its own audit entries, appended with the result's
    in one write (the autosave: a fixed, short sequence of statements)."""
    lock_ranking(campaign)
    setup = campaign_setup(campaign)
    result = Result.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).order_by().first()
    created = result is None
    if result is None:
        result = Result(campaign_id=campaign.pk, unit_id=unit.pk)
    before_state, before = _state(result), (None if created else result.snapshot())
    if assessment is not None:
        deduction, unranked = _standing_of(campaign, assessment)
    else:
        deduction, unranked = lateness_standing(campaign, unit.pk).get(unit.pk, ON_TIME)
    if scores is not None:
        final = final_scores_of(setup, scores)
    else:
        final = read_final_scores(campaign, setup, unit.pk).get(unit.pk, {})
    _apply(setup, result, compute_unit(setup.tree, final, deduction), unranked)
    others = list(
        Result.objects.filter(campaign_id=campaign.pk)
        .exclude(unit_id=unit.pk)
        .order_by()  # the model's display order joins campaign and unit: not needed to rank
        .values_list("id", "unit_id", "index", "rank", "unranked")
    )
    ranks = rank_competition(
        [(other_unit, None if out else index) for _id, other_unit, index, _rank, out in others]
        + [(unit.pk, None if result.unranked else result.index)]
    )
    result.rank = ranks[unit.pk]
    changes: list[Change] = list(earlier)
    if _state(result) != before_state:
        result.save(force_insert=created, force_update=not created)
        changes.append(result.to_change(Action.RESULT_COMPUTED, before, result.snapshot()))
    moved = [Result(pk=pk, unit_id=uid, rank=ranks[uid]) for pk, uid, _i, rank, _o in others if rank != ranks[uid]]
    update_many(Result, ["rank"], moved)
    if moved:
        # The other units' ranks follow from this one change: one entry holds every move (unit id → rank).
        old_ranks = {str(uid): rank for _pk, uid, _i, rank, _o in others if rank != ranks[uid]}
        new_ranks = {str(r.unit_id): r.rank for r in moved}
        changes.append(
            campaign.to_change(
                Action.RESULT_COMPUTED,
                old_ranks,
                new_ranks,
                object_type="ranking",
                object_repr=f"{campaign.code}: {len(moved)}",
            )
        )
    record_many(actor, changes, reason)
    return result
