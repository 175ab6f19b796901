"""Which area of an earlier criteria set each area of the newest set continues.

Areas are matched by code; where a new set renames or renumbers them, :class:`~parindex.insights.models.AreaMapping`
rows say which area of the previous set an area continues (several rows merge areas; a row with no previous area
says the area is new). A series of campaigns is walked from the newest back, one step at a time, so mappings
compose: 2021 → 2023 → 2025 needs the 2023 set's mapping to 2021 and the 2025 set's mapping to 2023.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.assessments.ranking import short_name
from parindex.frameworks.models import Criterion, Framework
from parindex.insights.models import AreaMapping
from parindex.scoring.numbers import HUNDRED, quantize_points

# A result's areas as stored: {area code: [points, maximum, index]} (strings, index None when nothing applies).
StoredAreas = Mapping[str, Sequence[str | None]]


@dataclass(frozen=True)
class Area:
    """An area (lĩnh vực) of a criteria set: its code as the decision prints it and its name."""

    code: str
    name: str

    @property
    def label(self) -> str:
        return short_name(self.name)


def framework_areas(frameworks: Iterable[Framework], scored: Mapping[int, Collection[str]]) -> dict[int, list[Area]]:
    """Each framework's areas in display order (one query). Where results exist, only the areas they carry (those
    with a sub-index: a block of bonus and penalty items has none); otherwise every top-level node."""
    ids = {f.pk for f in frameworks}
    found: dict[int, list[Area]] = defaultdict(list)
    rows = Criterion.objects.filter(framework_id__in=ids, depth=1).order_by("framework_id", "position")
    for framework_id, code, name in rows.values_list("framework_id", "code", "name"):
        codes = scored.get(framework_id)
        if not codes or code in codes:
            found[framework_id].append(Area(code, name))
    return {pk: found.get(pk, []) for pk in ids}


class AreaMatcher:
    """The mappings between criteria sets, read once (one query)."""

    def __init__(self, mappings: Iterable[AreaMapping]) -> None:
        self._previous: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for m in mappings:
            self._previous[(m.framework_code, m.area_code, m.previous_framework_code)].append(m.previous_area_code)

    @classmethod
    def for_frameworks(cls, codes: Collection[str]) -> AreaMatcher:
        return cls(AreaMapping.objects.filter(framework_code__in=set(codes)))

    def previous(self, newer: Framework, code: str, older: Framework, older_codes: Collection[str]) -> list[str]:
        """The areas of ``older`` that area ``code`` of ``newer`` continues (empty: none, a new area)."""
        if newer.code != older.code:
            mapped = self._previous.get((newer.code, code, older.code))
            if mapped is not None:
                return [c for c in mapped if c and c in older_codes]
        return [code] if code in older_codes else []

    def chains(
        self, frameworks: Sequence[Framework], codes: Mapping[int, Collection[str]]
    ) -> list[dict[str, list[str]]]:
        """For each framework of ``frameworks`` (oldest first, the newest last is the reference): reference area
        code → the codes of that framework it continues."""
        if not frameworks:
            return []
        reference = frameworks[-1]
        current = {code: [code] for code in codes.get(reference.pk, ())}
        chains = [current]
        for newer, older in zip(reversed(frameworks[1:]), reversed(frameworks[:-1]), strict=True):
            older_codes = codes.get(older.pk, ())
            step: dict[str, list[str]] = {}
            for area, own in current.items():
                found: list[str] = []
                for code in own:
                    found.extend(c for c in self.previous(newer, code, older, older_codes) if c not in found)
                step[area] = found
            chains.append(step)
            current = step
        return list(reversed(chains))


def share(areas: StoredAreas, codes: Sequence[str]) -> Decimal | None:
    """The share of the maximum (%) of the areas ``codes`` in one stored result: the stored sub-index for one area;
    for merged areas, their points over their maxima. None when there is no such area or nothing applies."""
    if len(codes) == 1:
        entry = areas.get(codes[0])
        return None if not entry or entry[2] is None else Decimal(entry[2])
    points = maximum = Decimal(0)
    for code in codes:
        entry = areas.get(code)
        if entry and entry[2] is not None:
            points += Decimal(entry[0] or 0)
            maximum += Decimal(entry[1] or 0)
    return quantize_points(points * HUNDRED / maximum) if maximum else None
