"""Recomputing a campaign's results with the scoring core, and keeping ranks consistent after one edit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from parindex.assessments.models import Campaign, Result, Score
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record_many
from parindex.org.models import Unit
from parindex.scoring.engine import LeafScore, Tree, UnitResult, compute_unit
from parindex.scoring.ranking import band_for, rank_competition


@dataclass(frozen=True)
class Recomputed:
    units: int
    changed: int


def _areas_json(tree: Tree, result: UnitResult) -> dict[str, list[str | None]]:
    areas = {}
    for code in tree.area_codes:
        node = result.nodes[code]
        areas[code] = [str(node.points), str(node.max_points), None if node.index is None else str(node.index)]
    return areas


class _Context:
    """What a recompute needs of a campaign, loaded once."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.framework = campaign.framework
        self.tree = self.framework.tree
        self.bands = self.framework.band_list()
        self.leaf_code = dict(self.framework.criteria.filter(is_leaf=True).values_list("id", "code"))

    def scores_by_unit(self, unit_ids: list[int] | None = None) -> dict[int, dict[str, LeafScore]]:
        qs = Score.objects.filter(campaign_id=self.campaign.pk)
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=unit_ids)
        by_unit: dict[int, dict[str, LeafScore]] = defaultdict(dict)
        leaf_code = self.leaf_code
        for unit_id, criterion_id, final_score, final_na in qs.values_list(
            "unit_id", "criterion_id", "final_score", "final_na"
        ).iterator(chunk_size=20000):
            by_unit[unit_id][leaf_code[criterion_id]] = (final_score, final_na)
        return by_unit

    def apply(self, result: Result, computed: UnitResult) -> None:
        result.base_points = computed.base_points
        result.bonus = computed.bonus
        result.penalty = computed.penalty
        result.points = computed.points
        result.max_points = computed.max_points
        result.index = computed.index
        result.areas = _areas_json(self.tree, computed)
        result.missing = computed.missing
        band = band_for(computed.index, self.bands)
        result.band = band.code if band else ""


RESULT_FIELDS = ["base_points", "bonus", "penalty", "points", "max_points", "index", "areas", "missing", "band", "rank"]


def _state(result: Result) -> tuple[Any, ...]:
    return tuple(getattr(result, f) for f in RESULT_FIELDS)


def _change(result: Result, before: dict[str, Any] | None) -> Change:
    return Change(
        action=Action.RESULT_COMPUTED,
        object_type="result",
        object_id=f"{result.campaign_id}:{result.unit_id}",
        object_repr=f"{result.campaign_id}/{result.unit_id}",
        before=before,
        after=result.snapshot(),
        campaign_id=result.campaign_id,
        unit_id=result.unit_id,
    )


@transaction.atomic
def recompute_campaign(campaign: Campaign, actor: Actor, reason: str = "") -> Recomputed:
    """Recompute every unit's points, index, area sub-indices, band and rank; store and audit what changed."""
    ctx = _Context(campaign)
    units = list(campaign.units().values_list("id", flat=True))
    scores = ctx.scores_by_unit()
    existing = {r.unit_id: r for r in Result.objects.filter(campaign_id=campaign.pk)}
    Result.objects.filter(campaign_id=campaign.pk).exclude(unit_id__in=units).delete()
    before = {unit_id: (_state(r), r.snapshot()) for unit_id, r in existing.items()}
    results: dict[int, Result] = {}
    for unit_id in units:
        result = existing.get(unit_id) or Result(campaign_id=campaign.pk, unit_id=unit_id)
        ctx.apply(result, compute_unit(ctx.tree, scores.get(unit_id, {})))
        results[unit_id] = result
    for unit_id, rank in rank_competition((uid, r.index) for uid, r in results.items()).items():
        results[unit_id].rank = rank
    to_create = [r for uid, r in results.items() if uid not in existing]
    to_update = [r for uid, r in results.items() if uid in existing and _state(r) != before[uid][0]]
    Result.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        Result.objects.bulk_update(to_update, [*RESULT_FIELDS, "computed_at"], batch_size=1000)
    changes = [_change(r, None) for r in to_create]
    changes += [_change(r, before[r.unit_id][1]) for r in to_update]
    record_many(actor, changes, reason)
    return Recomputed(units=len(results), changed=len(changes))


@transaction.atomic
def recompute_unit(campaign: Campaign, unit: Unit, actor: Actor, reason: str = "") -> Result:
    """Recompute one unit after an edit, then re-rank its group, touching only rows whose rank moved."""
    ctx = _Context(campaign)
    result, _created = Result.objects.select_for_update().get_or_create(campaign_id=campaign.pk, unit_id=unit.pk)
    before_state, before = _state(result), (None if _created else result.snapshot())
    ctx.apply(result, compute_unit(ctx.tree, ctx.scores_by_unit([unit.pk]).get(unit.pk, {})))
    others = list(
        Result.objects.filter(campaign_id=campaign.pk).exclude(unit_id=unit.pk).only("id", "unit_id", "index", "rank")
    )
    ranks = rank_competition([(r.unit_id, r.index) for r in others] + [(unit.pk, result.index)])
    result.rank = ranks[unit.pk]
    changes: list[Change] = []
    if _state(result) != before_state:
        result.save()
        changes.append(_change(result, before))
    moved = []
    for other in others:
        if other.rank != ranks[other.unit_id]:
            old = {"rank": other.rank}
            other.rank = ranks[other.unit_id]
            moved.append(other)
            changes.append(
                Change(
                    Action.RESULT_COMPUTED,
                    "result",
                    f"{campaign.pk}:{other.unit_id}",
                    f"{campaign.pk}/{other.unit_id}",
                    old,
                    {"rank": other.rank},
                    campaign_id=campaign.pk,
                    unit_id=other.unit_id,
                )
            )
    if moved:
        Result.objects.bulk_update(moved, ["rank"], batch_size=1000)
    record_many(actor, changes, reason)
    return result
