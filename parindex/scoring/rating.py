"""Head-of-unit responsibility rating (đánh giá trách nhiệm người đứng đầu) as data.

A rule set is a list of levels, best first. A unit gets the first level all of whose conditions hold; the last level
has no condition, so every unit gets one. For each better level it did not reach, :func:`rate` lists every condition
that failed with both figures, which is what a head needs to know to improve ("Lĩnh vực 3 đạt 60,00% < 65%").

Conditions are monotone: a figure getting worse (a lower index or sub-index, a worse rank, another overdue task or
disciplinary case, a late submission) can only make more conditions fail, so it never earns a better level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from parindex.scoring.numbers import percent


class Check(StrEnum):
    """The kinds of condition a level may state (the keys of its ``when``)."""

    INDEX_MIN = "index_min"
    EVERY_AREA_MIN_PCT = "every_area_min_pct"
    EVERY_CRITERION_MIN_PCT = "every_criterion_min_pct"
    RANK_MAX = "rank_max"
    BAND_IN = "band_in"
    NO_OVERDUE_TASKS = "no_overdue_tasks"
    NO_DISCIPLINE = "no_discipline"
    SUBMITTED_ON_TIME = "submitted_on_time"


@dataclass(frozen=True)
class Condition:
    """One condition: a threshold (``number``), a set of bands or case kinds (``names``), or a plain requirement."""

    check: Check
    number: Decimal | None = None
    names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Figures:
    """What the rating looks at for one unit in one campaign.

    ``areas`` and ``criteria`` map a node code to (points, maximum): the areas, and the criteria of the second level
    of the tree. ``discipline`` holds the kinds of the unit's disciplinary cases in the year.
    """

    index: Decimal | None
    areas: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    criteria: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    rank: int | None = None
    band: str = ""
    overdue_tasks: int = 0
    discipline: tuple[str, ...] = ()
    submitted_on_time: bool = True


@dataclass(frozen=True)
class Failure:
    """A condition that did not hold: which check, on what (a node code, a case kind), the figure and the bar."""

    check: Check
    subject: str = ""
    actual: Decimal | str | int | None = None
    required: Decimal | str | int | None = None


@dataclass(frozen=True)
class Rating:
    level: Level
    # For every better level, in order, the conditions it failed.
    missed: tuple[tuple[Level, tuple[Failure, ...]], ...]

    @property
    def reasons(self) -> tuple[Failure, ...]:
        return tuple(failure for _level, failures in self.missed for failure in failures)


def _share_failures(check: Check, nodes: Mapping[str, tuple[Decimal, Decimal]], bar: Decimal) -> list[Failure]:
    failures = []
    for code, (points, maximum) in nodes.items():
        share = percent(points, maximum)
        if share is not None and share < bar:
            failures.append(Failure(check, code, share, bar))
    return failures


def failures(condition: Condition, figures: Figures) -> list[Failure]:
    """Every way ``figures`` miss ``condition`` (empty when it holds)."""
    check, bar = condition.check, condition.number
    if check is Check.INDEX_MIN:
        assert bar is not None
        if figures.index is None or figures.index < bar:
            return [Failure(check, "", figures.index, bar)]
        return []
    if check is Check.EVERY_AREA_MIN_PCT:
        assert bar is not None
        return _share_failures(check, figures.areas, bar)
    if check is Check.EVERY_CRITERION_MIN_PCT:
        assert bar is not None
        return _share_failures(check, figures.criteria, bar)
    if check is Check.RANK_MAX:
        assert bar is not None
        if figures.rank is None or figures.rank > bar:
            return [Failure(check, "", figures.rank, int(bar))]
        return []
    if check is Check.BAND_IN:
        if figures.band not in condition.names:
            return [Failure(check, "", figures.band, ", ".join(sorted(condition.names)))]
        return []
    if check is Check.NO_OVERDUE_TASKS:
        return [Failure(check, "", figures.overdue_tasks, 0)] if figures.overdue_tasks else []
    if check is Check.NO_DISCIPLINE:
        # No listed kind means any disciplinary case counts.
        kinds = [k for k in figures.discipline if not condition.names or k in condition.names]
        return [Failure(check, kind, None, None) for kind in sorted(set(kinds))]
    if check is Check.SUBMITTED_ON_TIME:
        return [] if figures.submitted_on_time else [Failure(check)]
    raise ValueError(f"unknown check {check!r}")


def rate(rules: RuleSet, figures: Figures) -> Rating:
    """The first level whose conditions all hold, and why each better level was missed."""
    missed: list[tuple[Level, tuple[Failure, ...]]] = []
    for level in rules.levels:
        failed = tuple(f for condition in level.conditions for f in failures(condition, figures))
        if not failed:
            return Rating(level=level, missed=tuple(missed))
        missed.append((level, failed))
    raise ValueError(f"rule set {rules.code}: no level applies (the last level must have no condition)")


def stricter_or_equal(earlier: Iterable[Condition], later: Iterable[Condition]) -> list[Check]:
    """Checks on which a later level asks more than an earlier one (so the levels are not best first)."""
    first = {c.check: c for c in earlier}
    wrong: list[Check] = []
    for condition in later:
        before = first.get(condition.check)
        if before is None:
            wrong.append(condition.check)  # the later level asks for something the better one did not
        elif condition.check is Check.RANK_MAX:
            if condition.number is not None and before.number is not None and condition.number < before.number:
                wrong.append(condition.check)
        elif condition.check is Check.BAND_IN:
            if not condition.names >= before.names:
                wrong.append(condition.check)
        elif condition.check is Check.NO_DISCIPLINE:
            # Fewer listed kinds is weaker; an empty list (any kind) is the strictest.
            if before.names and (not condition.names or not condition.names <= before.names):
                wrong.append(condition.check)
        elif condition.number is not None and before.number is not None and condition.number > before.number:
            wrong.append(condition.check)
    return wrong
