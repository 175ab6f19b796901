"""Where a unit lost its points, and what would move it up: plain Python over the aggregation of :mod:`engine`.

Every applicable leaf says what it cost the unit (``lost``): a normal leaf its maximum less its points (a leaf not
scored yet counts 0, as in the index), a bonus leaf minus the bonus it brought, a penalty leaf the penalty it took.
What the leaves alone do not explain is said by an :class:`Adjustment` (the campaign's late deduction, the set's bonus
and penalty caps, the total's floor at zero), so that, always::

    sum(leaf.lost) + sum(adjustment lost) == result.max_points − result.points

Not-applicable leaves leave the maximum, so they have no row. From there: the points needed to reach the next band
and the next rank, the leaves that give the most points back, and, across units, the nodes that were low.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import TypeVar

from parindex.scoring.engine import Leaf, LeafKind, LeafScore, Tree, UnitResult, compute_unit
from parindex.scoring.numbers import CENT, HUNDRED, ZERO, percent
from parindex.scoring.ranking import Band, band_for

K = TypeVar("K", bound=Hashable)
HALF_CENT = Decimal("0.005")


class Adjustment(StrEnum):
    """What moves the total apart from the leaves' own points (the code of its row in ``parindex gap``)."""

    LATE = "late"  # the campaign's deduction for a late submission: lost, positive
    BONUS_CAP = "bonus_cap"  # the bonus above the set's cap did not count: lost back, positive
    PENALTY_CAP = "penalty_cap"  # the penalty above the set's cap was not taken: negative
    FLOOR = "floor"  # the total never goes below zero: negative


@dataclass(frozen=True)
class LeafGap:
    """One applicable leaf: what it is worth, what the unit got and what it cost.

    ``recoverable`` is what the leaf could still give back: the points lost on a normal leaf, the penalty taken on a
    penalty leaf, the bonus not yet reached on a bonus leaf (within what the bonus cap leaves)."""

    code: str
    kind: LeafKind
    area: str
    depth: int
    position: int
    max_points: Decimal
    points: Decimal
    scored: bool
    lost: Decimal
    recoverable: Decimal


@dataclass(frozen=True)
class AreaGap:
    code: str
    points: Decimal
    max_points: Decimal
    index: Decimal | None

    @property
    def lost(self) -> Decimal:
        return self.max_points - self.points


@dataclass(frozen=True)
class UnitGap:
    result: UnitResult
    leaves: tuple[LeafGap, ...]
    adjustments: tuple[tuple[Adjustment, Decimal], ...]
    areas: tuple[AreaGap, ...]

    @property
    def lost(self) -> Decimal:
        """Every point the unit lost: the leaves' and the adjustments' (= ``max_points − points``)."""
        return sum((leaf.lost for leaf in self.leaves), ZERO) + sum((lost for _a, lost in self.adjustments), ZERO)


def leaf_depth(tree: Tree, position: int) -> int:
    """1 for a leaf that is its own area, else one more than its aggregate ancestors."""
    leaf = tree.leaves[position]
    if not leaf.nodes or (tree.nodes[leaf.nodes[0]][0] == leaf.code and len(leaf.nodes) == 1):
        return 1
    return len(leaf.nodes) + 1


def _area_of(tree: Tree, position: int) -> str:
    leaf = tree.leaves[position]
    return tree.nodes[leaf.nodes[0]][0] if leaf.nodes else leaf.code


def unit_gap(tree: Tree, scores: Mapping[str, LeafScore], deduction: Decimal = ZERO) -> UnitGap:
    """The gap of one unit, from the same scores (and late ``deduction``) :func:`compute_unit` aggregates."""
    result = compute_unit(tree, scores, deduction)
    raw_bonus = raw_penalty = ZERO
    applicable: list[tuple[int, Decimal, bool]] = []
    for position, leaf in enumerate(tree.leaves):
        points, na = scores.get(leaf.code, (None, False))
        if na:
            continue
        applicable.append((position, ZERO if points is None else points, points is not None))
        if leaf.kind is LeafKind.BONUS:
            raw_bonus += ZERO if points is None else points
        elif leaf.kind is LeafKind.PENALTY:
            raw_penalty += ZERO if points is None else points
    bonus_room = None if tree.bonus_cap is None else max(ZERO, tree.bonus_cap - result.bonus)
    leaves = []
    for position, points, scored in applicable:
        leaf = tree.leaves[position]
        if leaf.kind is LeafKind.BONUS:
            lost = ZERO - points
            recoverable = leaf.max_points - points
            if bonus_room is not None:
                recoverable = min(recoverable, bonus_room)
        elif leaf.kind is LeafKind.PENALTY:
            lost = points
            # Without this penalty, the capped penalty would be this much lower.
            recoverable = result.penalty - _capped(raw_penalty - points, tree.penalty_cap)
        else:
            lost = recoverable = leaf.max_points - points
        leaves.append(
            LeafGap(
                code=leaf.code,
                kind=leaf.kind,
                area=_area_of(tree, position),
                depth=leaf_depth(tree, position),
                position=position,
                max_points=leaf.max_points,
                points=points,
                scored=scored,
                lost=lost,
                recoverable=max(ZERO, recoverable),
            )
        )
    uncapped = result.base_points + result.bonus - result.penalty - deduction
    adjustments = [
        (Adjustment.LATE, deduction),
        (Adjustment.BONUS_CAP, raw_bonus - result.bonus),
        (Adjustment.PENALTY_CAP, result.penalty - raw_penalty),
        (Adjustment.FLOOR, ZERO - max(ZERO, ZERO - uncapped)),
    ]
    areas = tuple(
        AreaGap(code, result.nodes[code].points, result.nodes[code].max_points, result.nodes[code].index)
        for code in tree.area_codes
    )
    return UnitGap(
        result=result,
        leaves=tuple(leaves),
        adjustments=tuple((kind, lost) for kind, lost in adjustments if lost != ZERO),
        areas=areas,
    )


def _capped(value: Decimal, cap: Decimal | None) -> Decimal:
    return value if cap is None else min(value, cap)


_UNSCORED: LeafScore = (None, False)
# Effort marks, easiest first; an unmarked leaf sorts as a medium one.
EFFORT_ORDER = {"low": 0, "medium": 1, "high": 2}
UNMARKED = EFFORT_ORDER["medium"]


def most_recoverable(
    leaves: Iterable[LeafGap],
    effort: Mapping[str, str] | None = None,
    *,
    by_effort: bool = False,
    limit: int | None = None,
) -> list[LeafGap]:
    """The leaves that give points back, most first (ties: the easier first, then the set's order); ``by_effort``
    puts the easiest first and, among equally easy ones, the most points. ``effort`` maps a leaf code to low, medium
    or high."""
    marks = effort or {}

    def ease(leaf: LeafGap) -> int:
        return EFFORT_ORDER.get(marks.get(leaf.code, ""), UNMARKED)

    candidates = [leaf for leaf in leaves if leaf.recoverable > ZERO]
    if by_effort:
        candidates.sort(key=lambda leaf: (ease(leaf), -leaf.recoverable, leaf.position))
    else:
        candidates.sort(key=lambda leaf: (-leaf.recoverable, ease(leaf), leaf.position))
    return candidates if limit is None else candidates[:limit]


def top_recoverable(
    tree: Tree,
    scores: Mapping[str, LeafScore],
    counted_bonus: Decimal,
    counted_penalty: Decimal,
    effort: Mapping[str, str] | None = None,
    limit: int = 3,
) -> list[tuple[str, Decimal]]:
    """``(leaf code, points it could give back)`` of the ``limit`` leaves :func:`most_recoverable` puts first, in one
    pass over the scores without building the whole gap: what a page of thousands of units needs. ``counted_bonus``
    and ``counted_penalty`` are the unit's bonus and penalty as they counted (after the caps: its stored result)."""
    marks = effort or {}
    room = None if tree.bonus_cap is None else max(ZERO, tree.bonus_cap - counted_bonus)
    raw_penalty = ZERO
    found: list[tuple[Decimal, int, int, str]] = []
    penalties: list[tuple[int, Leaf, Decimal]] = []
    for position, leaf in enumerate(tree.leaves):
        points, na = scores.get(leaf.code, _UNSCORED)
        if na:
            continue
        got = ZERO if points is None else points
        if leaf.kind is LeafKind.PENALTY:
            raw_penalty += got
            penalties.append((position, leaf, got))
            continue
        back = leaf.max_points - got
        if leaf.kind is LeafKind.BONUS and room is not None:
            back = min(back, room)
        if back > ZERO:
            found.append((-back, EFFORT_ORDER.get(marks.get(leaf.code, ""), UNMARKED), position, leaf.code))
    for position, leaf, got in penalties:
        back = counted_penalty - _capped(raw_penalty - got, tree.penalty_cap)
        if back > ZERO:
            found.append((-back, EFFORT_ORDER.get(marks.get(leaf.code, ""), UNMARKED), position, leaf.code))
    return [(code, -back) for back, _ease, _position, code in heapq.nsmallest(limit, found)]


def points_for_index(index: Decimal, max_points: Decimal) -> Decimal | None:
    """The fewest points, in hundredths, whose index as published (rounded half up to the hundredth) reaches
    ``index``; None when there is no maximum."""
    if max_points <= ZERO:
        return None
    needed = max(ZERO, ((index - HALF_CENT) * max_points / HUNDRED).quantize(CENT, rounding=ROUND_CEILING))
    # The closed form is exact; the two loops only guard it (each runs at most once or twice).
    while needed > ZERO and (percent(needed - CENT, max_points) or ZERO) >= index:
        needed -= CENT
    while (percent(needed, max_points) or ZERO) < index:
        needed += CENT
    return needed


@dataclass(frozen=True)
class Target:
    """A place above the unit's: the index it takes and how many more points reach it (``rank`` for a rank
    target, ``band`` for a band target)."""

    index: Decimal
    points_needed: Decimal
    rank: int | None = None
    band: Band | None = None


def next_band(points: Decimal, max_points: Decimal, index: Decimal | None, bands: Sequence[Band]) -> Target | None:
    """The band just above the unit's (bands highest first) and the points that reach it; None at the top."""
    if index is None:
        return None
    current = band_for(index, bands)
    above = [band for band in bands if band.min > index and (current is None or band.min > current.min)]
    if not above:
        return None
    target = min(above, key=lambda band: band.min)
    needed = points_for_index(target.min, max_points)
    if needed is None:
        return None
    return Target(index=target.min, points_needed=max(CENT, needed - points), band=target)


def next_rank(
    points: Decimal, max_points: Decimal, index: Decimal | None, others: Iterable[Decimal | None]
) -> Target | None:
    """The next rank up among the group's ranked ``others`` (their indices; equal index, equal rank): the rank the
    unit takes by reaching the nearest higher index, and the points that reach it. None at the top or unranked."""
    if index is None:
        return None
    ranked = [other for other in others if other is not None]
    higher = [other for other in ranked if other > index]
    if not higher:
        return None
    target = min(higher)
    needed = points_for_index(target, max_points)
    if needed is None:
        return None
    rank = 1 + sum(1 for other in ranked if other > target)
    return Target(index=target, points_needed=max(CENT, needed - points), rank=rank)


@dataclass(frozen=True)
class Shortfall:
    """A node or leaf across units: points and maximum summed over the units where it applies, its share of the
    maximum, and how many units lost points on it."""

    code: str
    depth: int
    points: Decimal
    max_points: Decimal
    units: int
    units_losing: int

    @property
    def share(self) -> Decimal | None:
        return percent(self.points, self.max_points)

    @property
    def lost(self) -> Decimal:
        return self.max_points - self.points


def shortfalls(tree: Tree, scores_by_unit: Mapping[K, Mapping[str, LeafScore]]) -> dict[str, Shortfall]:
    """Every aggregate node and every normal leaf across the units (only bonus and penalty leaves have none)."""
    points: dict[str, Decimal] = {}
    maxima: dict[str, Decimal] = {}
    units: dict[str, int] = {}
    losing: dict[str, int] = {}
    depths = dict(tree.nodes)
    for position, leaf in enumerate(tree.leaves):
        if leaf.kind is LeafKind.NORMAL:
            depths.setdefault(leaf.code, leaf_depth(tree, position))

    def add(code: str, got: Decimal, most: Decimal) -> None:
        points[code] = points.get(code, ZERO) + got
        maxima[code] = maxima.get(code, ZERO) + most
        units[code] = units.get(code, 0) + 1
        losing[code] = losing.get(code, 0) + (1 if got < most else 0)

    for scores in scores_by_unit.values():
        result = compute_unit(tree, scores)
        for code, _depth in tree.nodes:
            node = result.nodes[code]
            if node.max_points > ZERO:
                add(code, node.points, node.max_points)
        for leaf in tree.leaves:
            if leaf.kind is not LeafKind.NORMAL or leaf.code in result.nodes:
                continue
            got, na = scores.get(leaf.code, (None, False))
            if not na:
                add(leaf.code, ZERO if got is None else got, leaf.max_points)
    return {
        code: Shortfall(code, depths[code], points[code], maxima[code], units[code], losing[code]) for code in points
    }


def lowest(items: Iterable[Shortfall], limit: int, below: Decimal = HUNDRED) -> list[Shortfall]:
    """The ``limit`` items with the lowest share of their maximum under ``below`` % (ties: more units losing points
    first, then the code)."""
    kept = [item for item in items if item.share is not None and item.share < below]
    kept.sort(key=lambda item: (item.share, -item.units_losing, item.code))
    return kept[:limit]
