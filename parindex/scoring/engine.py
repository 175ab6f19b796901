"""Aggregation of leaf points into a unit's index, node sub-indices, bonus and penalty.

Definitions (DESIGN.md §3):

- A *normal* leaf counts ``points`` over ``max``; a not-applicable leaf leaves both sums (the index is rescaled to
  100 over what applies). A leaf with no score yet counts 0 over its maximum.
- *Bonus* and *penalty* leaves stand outside the maximum: they add to or subtract from the unit's total, each
  bounded by its own ``max`` and, in total, by the set's ``bonus_cap`` / ``penalty_cap`` when given. The total never
  goes below zero.
- A campaign may take a fixed ``deduction`` off a unit's total (a late submission, by the campaign's policy): it
  lowers the total like a penalty, outside the penalty cap, and never below zero.
- ``index = total / applicable maximum × 100``; every internal node (an area, a criterion) has a sub-index over its
  normal leaves only, so an area's sub-index always lies in 0..100.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from parindex.scoring.numbers import ZERO, percent


class LeafKind(StrEnum):
    """How a node counts. Only normal, bonus and penalty leaves reach a :class:`Tree`: a *tracking* row (a figure the
    decision asks for, worth 0 points) and a *heading* (a row that groups others) are never scored."""

    NORMAL = "normal"
    BONUS = "bonus"
    PENALTY = "penalty"
    TRACKING = "tracking"
    HEADING = "heading"


@dataclass(frozen=True)
class Leaf:
    """A scored leaf: its code, maximum, kind and the aggregate nodes (indices into ``Tree.nodes``) it counts in."""

    code: str
    max_points: Decimal
    kind: LeafKind = LeafKind.NORMAL
    nodes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Tree:
    """A criteria set reduced to what scoring needs.

    ``nodes`` are the aggregate nodes as ``(code, depth)``, depth 1 being an area. A leaf that stands at depth 1
    (an area scored as a whole) is its own area node.
    """

    nodes: tuple[tuple[str, int], ...]
    leaves: tuple[Leaf, ...]
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    _leaf_index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    _area_codes: list[str] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._leaf_index.update({leaf.code: i for i, leaf in enumerate(self.leaves)})
        # Areas with at least one normal leaf (a block of bonus/penalty items has no maximum, so no sub-index).
        scored = {leaf.nodes[0] for leaf in self.leaves if leaf.kind is LeafKind.NORMAL and leaf.nodes}
        self._area_codes.extend(code for i, (code, depth) in enumerate(self.nodes) if depth == 1 and i in scored)

    @classmethod
    def from_paths(
        cls,
        leaves: Iterable[tuple[str, Sequence[str], Decimal, LeafKind | str]],
        *,
        bonus_cap: Decimal | None = None,
        penalty_cap: Decimal | None = None,
    ) -> Tree:
        """Build from ``(leaf code, ancestor codes from the area down, max, kind)`` in display order."""
        node_index: dict[str, int] = {}
        nodes: list[tuple[str, int]] = []
        built: list[Leaf] = []
        for code, ancestors, max_points, kind in leaves:
            chain = list(ancestors) if ancestors else [code]
            indices = []
            for depth, node_code in enumerate(chain, start=1):
                if node_code not in node_index:
                    node_index[node_code] = len(nodes)
                    nodes.append((node_code, depth))
                indices.append(node_index[node_code])
            built.append(Leaf(code=code, max_points=max_points, kind=LeafKind(kind), nodes=tuple(indices)))
        return cls(nodes=tuple(nodes), leaves=tuple(built), bonus_cap=bonus_cap, penalty_cap=penalty_cap)

    def leaf_position(self, code: str) -> int:
        return self._leaf_index[code]

    @property
    def area_codes(self) -> list[str]:
        return list(self._area_codes)


@dataclass(frozen=True)
class NodeResult:
    points: Decimal
    max_points: Decimal
    index: Decimal | None


@dataclass(frozen=True)
class UnitResult:
    base_points: Decimal
    bonus: Decimal
    penalty: Decimal
    points: Decimal
    max_points: Decimal
    index: Decimal | None
    nodes: dict[str, NodeResult]
    missing: int
    not_applicable: int
    deduction: Decimal = ZERO

    def areas(self, tree: Tree) -> dict[str, NodeResult]:
        return {code: self.nodes[code] for code in tree.area_codes}


# A leaf's score as the caller holds it: (points or None when not scored yet, not applicable?)
LeafScore = tuple[Decimal | None, bool]


def compute_unit(tree: Tree, scores: Mapping[str, LeafScore], deduction: Decimal = ZERO) -> UnitResult:
    """Aggregate one unit's leaf scores (keyed by leaf code; absent = not scored yet), less ``deduction``."""
    if deduction < ZERO:
        raise ValueError(f"deduction {deduction} is negative")
    node_points = [ZERO] * len(tree.nodes)
    node_max = [ZERO] * len(tree.nodes)
    base = bonus = penalty = max_total = ZERO
    missing = not_applicable = 0
    for leaf in tree.leaves:
        points, na = scores.get(leaf.code, (None, False))
        if na:
            not_applicable += 1
            continue
        if points is None:
            points = ZERO
            if leaf.kind is LeafKind.NORMAL:
                missing += 1
        elif points < ZERO or points > leaf.max_points:
            raise ValueError(f"leaf {leaf.code}: {points} is outside 0..{leaf.max_points}")
        if leaf.kind is LeafKind.BONUS:
            bonus += points
        elif leaf.kind is LeafKind.PENALTY:
            penalty += points
        else:
            base += points
            max_total += leaf.max_points
            for i in leaf.nodes:
                node_points[i] += points
                node_max[i] += leaf.max_points
    if tree.bonus_cap is not None:
        bonus = min(bonus, tree.bonus_cap)
    if tree.penalty_cap is not None:
        penalty = min(penalty, tree.penalty_cap)
    total = max(ZERO, base + bonus - penalty - deduction)
    nodes = {
        code: NodeResult(node_points[i], node_max[i], percent(node_points[i], node_max[i]))
        for i, (code, _depth) in enumerate(tree.nodes)
    }
    return UnitResult(
        base_points=base,
        bonus=bonus,
        penalty=penalty,
        points=total,
        max_points=max_total,
        index=percent(total, max_total),
        nodes=nodes,
        missing=missing,
        not_applicable=not_applicable,
        deduction=deduction,
    )


def criterion_shares(tree: Tree, scores: Mapping[str, LeafScore]) -> dict[str, tuple[Decimal, Decimal]]:
    """(points, maximum) of every criterion at the second level of the tree: an aggregate node at depth 2, or a leaf
    standing directly under its area (sets whose criteria carry no sub-criteria). A leaf not applicable has no
    share; one not scored yet counts 0 of its maximum, as in the index. Bonus and penalty items are not criteria."""
    nodes = compute_unit(tree, scores).nodes
    shares = {code: (nodes[code].points, nodes[code].max_points) for code, depth in tree.nodes if depth == 2}
    for leaf in tree.leaves:
        if leaf.kind is not LeafKind.NORMAL or len(leaf.nodes) != 1 or tree.nodes[leaf.nodes[0]][0] == leaf.code:
            continue
        points, na = scores.get(leaf.code, (None, False))
        if not na:
            shares[leaf.code] = (ZERO if points is None else points, leaf.max_points)
    return shares
