"""Survey sampling: how many respondents to draw from a unit's population, which ones, and how many per stratum.

Plain Python, no Django. Definitions (DESIGN.md §3, SIPAS practice):

- **Sample size** (Yamane's formula): ``n = ⌈N / (1 + N·e²)⌉`` for a population of ``N`` and a margin of error ``e``
  (default 5 %), never more than ``N``; ``N = 0`` gives 0. The margin is a ``Decimal`` and the quotient is computed
  exactly (as a rational number), so the rounding up never depends on binary floating point: ``N = 400`` at 5 % is
  exactly 200, ``N = 1000`` is 285.71… → 286.
- **Draw**: a simple random sample without replacement, by a partial Fisher–Yates shuffle of the positions
  ``0 … N−1`` driven only by ``random.Random(seed).random()``: for ``i = 0 … n−1``, swap position ``i`` with
  ``i + ⌊random() · (N − i)⌋``; the first ``n`` positions are drawn. Python guarantees that ``random()`` gives the
  same sequence for the same int or str seed in every version (``Random.sample`` carries no such promise), so a
  published draw can be checked by anyone who has the population list, in the same order, and the seed. Callers
  pass the population in a stable order (e.g. sorted by dossier id); the drawn items come back in that order.
- **Quotas**: with strata (a procedure, a channel), the sample is shared in proportion to the strata's sizes by the
  largest-remainder (Hamilton) method: each stratum gets the whole part of its exact share ``n · size / N``, and the
  seats left go one each to the largest remainders (ties: the larger stratum, then the key's order). The quotas add
  up to ``n``, no quota exceeds its stratum, and each differs from its exact share by less than one.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

DEFAULT_MARGIN = Decimal("0.05")

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
Seed = int | str


def _margin(margin: Decimal | int | str) -> Fraction:
    value = Decimal(margin)
    if not value.is_finite() or value < 0 or value >= 1:
        raise ValueError("the margin of error must be at least 0 and less than 1")
    return Fraction(value)


def sample_size(population: int, margin: Decimal | int | str = DEFAULT_MARGIN) -> int:
    """``⌈N / (1 + N·e²)⌉``, at most ``N`` (a margin of 0 asks for everyone); 0 for an empty population."""
    if population < 0:
        raise ValueError("a population cannot be negative")
    if population == 0:
        return 0
    e = _margin(margin)
    exact = Fraction(population) / (1 + population * e * e)
    return min(population, math.ceil(exact))


def quotas(strata: Mapping[K, int], size: int) -> dict[K, int]:
    """Share ``size`` among ``strata`` (key → stratum size) by the largest-remainder method.

    ``size`` may not exceed the population (the strata's total). Keys keep the mapping's order in the result; ties
    among equal remainders go to the larger stratum, then to the key met first.
    """
    total = sum(strata.values())
    if any(count < 0 for count in strata.values()):
        raise ValueError("a stratum cannot be negative")
    if size < 0 or size > total:
        raise ValueError("the sample cannot be larger than the population")
    if size == 0:
        return dict.fromkeys(strata, 0)
    shares = {key: Fraction(size * count, total) for key, count in strata.items()}
    result = {key: math.floor(share) for key, share in shares.items()}
    left = size - sum(result.values())
    position = {key: i for i, key in enumerate(strata)}
    by_remainder = sorted(strata, key=lambda key: (-(shares[key] - result[key]), -strata[key], position[key]))
    for key in by_remainder[:left]:
        result[key] += 1
    return result


def _pick(rng: random.Random, positions: Sequence[int], size: int) -> list[int]:
    """``size`` distinct positions by a partial Fisher–Yates shuffle that uses only ``rng.random()``."""
    if size < 0 or size > len(positions):
        raise ValueError("the sample cannot be larger than the population")
    pool = list(positions)
    for i in range(size):
        j = i + int(rng.random() * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:size]


def draw(population: Sequence[T], size: int, seed: Seed) -> list[T]:
    """``size`` distinct items of ``population`` drawn with ``random.Random(seed)``, in the population's order."""
    picked = _pick(random.Random(seed), range(len(population)), size)
    return [population[i] for i in sorted(picked)]


def draw_positions(strata: Mapping[str, int], size: int, seed: Seed) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The quotas of ``size`` over ``strata`` (name → size) and, for each stratum in the mapping's order, the drawn
    positions ``0 … size−1`` within it (sorted), all from one ``random.Random(seed)``.

    This is the draw without the population in memory: a caller that can count its strata and number their members
    in a stable order (a database query) fetches only the drawn rows. One stratum is the plain draw:
    ``draw_positions({"": N}, n, seed)`` picks the positions :func:`draw` picks.
    """
    shares = quotas(strata, size)
    rng = random.Random(seed)
    return shares, {key: sorted(_pick(rng, range(strata[key]), quota)) for key, quota in shares.items()}


def stratified_draw(
    population: Sequence[T], size: int, seed: Seed, stratum: Callable[[T], str]
) -> tuple[dict[str, int], list[T]]:
    """Quotas by ``stratum`` (strata sorted by name, so the result never depends on which item comes first) and a
    draw of each quota within its stratum (:func:`draw_positions`); the drawn items come back in the population's
    order."""
    members: dict[str, list[int]] = {}
    for index, item in enumerate(population):
        members.setdefault(stratum(item), []).append(index)
    strata = {key: len(members[key]) for key in sorted(members)}
    shares, positions = draw_positions(strata, size, seed)
    picked = sorted(members[key][p] for key, drawn in positions.items() for p in drawn)
    return shares, [population[i] for i in picked]


@dataclass(frozen=True)
class Plan:
    """A unit's sample: the population size, the sample size, the quotas by stratum (empty without strata) and the
    items drawn."""

    population: int
    size: int
    quotas: dict[str, int]
    drawn: list[object]


def plan(
    population: Sequence[T],
    seed: Seed,
    margin: Decimal | int | str = DEFAULT_MARGIN,
    stratum: Callable[[T], str] | None = None,
) -> Plan:
    """The sample size for ``population`` at ``margin`` and the respondents drawn with ``seed``, by quotas of
    ``stratum`` when given."""
    size = sample_size(len(population), margin)
    if stratum is None:
        return Plan(len(population), size, {}, list(draw(population, size, seed)))
    shares, drawn = stratified_draw(population, size, seed, stratum)
    return Plan(len(population), size, shares, list(drawn))


def count_by(items: Iterable[T], key: Callable[[T], str]) -> dict[str, int]:
    """How many items fall in each stratum, strata sorted by name."""
    counts: dict[str, int] = {}
    for item in items:
        counts[key(item)] = counts.get(key(item), 0) + 1
    return dict(sorted(counts.items()))
