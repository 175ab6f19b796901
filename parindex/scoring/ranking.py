"""Ranking within a unit group and bands."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def rank_competition(items: Iterable[tuple[K, Decimal | None]]) -> dict[K, int | None]:
    """Standard competition ranking, highest index first: equal index → equal rank, the next rank skips (1, 2, 2, 4).

    Indices are compared as given (callers pass the published, rounded index, so two units shown as 80,11 share a
    rank). A unit without an index (nothing applicable, or left unranked by policy) gets None.
    """
    ranked: dict[K, int | None] = {}
    scored: list[tuple[K, Decimal]] = []
    for key, index in items:
        if index is None:
            ranked[key] = None
        else:
            scored.append((key, index))
    scored.sort(key=lambda item: item[1], reverse=True)
    previous: Decimal | None = None
    rank = 0
    for position, (key, index) in enumerate(scored, start=1):
        if index != previous:
            rank = position
            previous = index
        ranked[key] = rank
    return ranked


@dataclass(frozen=True)
class Band:
    """A band (xếp loại) reached from ``min`` % of the index upwards."""

    code: str
    name: str
    min: Decimal


def band_for(index: Decimal | None, bands: Sequence[Band]) -> Band | None:
    """The highest band whose minimum the index reaches (bands are listed highest first)."""
    if index is None:
        return None
    for band in bands:
        if index >= band.min:
            return band
    return None
