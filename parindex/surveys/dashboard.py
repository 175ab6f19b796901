"""The field dashboard of a survey: for each unit, how far the field work has gone.

Per unit: the population and sample size of its draw (:class:`~parindex.surveys.models.Sample`), the respondents
drawn, the responses recorded (by each way: web form, typed, imported), completion (responses over the sample size),
the responses flagged for review (answered too fast, the same answer to every question) and whether the unit is under
its minimum sample — fewer respondents with a scored answer than the survey's ``min_sample``, the rule by which
:mod:`parindex.surveys.results` flags a unit instead of scoring it. Six queries whatever the number of units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet

from parindex.org.models import Unit
from parindex.scoring.numbers import percent
from parindex.surveys.models import Respondent, Response, Sample, Survey
from parindex.surveys.responses import STRAIGHT_LINE, TOO_FAST


@dataclass
class FieldRow:
    unit: Unit
    sample: Sample | None = None
    drawn: int = 0
    responses: int = 0
    channels: dict[str, int] = field(default_factory=dict)
    scored: int = 0  # responses with at least one scored answer
    too_fast: int = 0
    straight_line: int = 0
    min_sample: int = 0

    @property
    def population(self) -> int | None:
        return self.sample.population if self.sample else None

    @property
    def size(self) -> int | None:
        return self.sample.size if self.sample else None

    @property
    def completion(self) -> Decimal | None:
        """Responses over the sample size, in % (above 100 when more forms came in than were drawn)."""
        if not self.sample:
            return None
        return percent(Decimal(self.responses), Decimal(self.sample.size))

    @property
    def under_minimum(self) -> bool:
        return self.scored < self.min_sample

    @property
    def flagged(self) -> int:
        return self.too_fast + self.straight_line


@dataclass
class FieldTotals:
    population: int = 0
    size: int = 0
    drawn: int = 0
    responses: int = 0
    too_fast: int = 0
    straight_line: int = 0

    @property
    def completion(self) -> Decimal | None:
        return percent(Decimal(self.responses), Decimal(self.size))


def field_rows(survey: Survey, units: QuerySet[Unit]) -> list[FieldRow]:
    """A row for every unit of ``units`` that was drawn or has a response, ordered by unit code."""
    rows: dict[int, FieldRow] = {}
    for sample in Sample.objects.filter(survey=survey, unit__in=units).select_related("unit"):
        rows[sample.unit_id] = FieldRow(sample.unit, sample, min_sample=survey.min_sample)
    responses = Response.objects.filter(survey=survey, unit__in=units).order_by()
    by_channel = responses.values_list("unit_id", "channel").annotate(n=Count("pk"))
    missing = {unit_id for unit_id, _channel, _n in by_channel} - set(rows)
    if missing:
        for unit in Unit.objects.filter(pk__in=missing):
            rows[unit.pk] = FieldRow(unit, min_sample=survey.min_sample)
    for unit_id, channel, count in by_channel:
        rows[unit_id].channels[channel] = count
        rows[unit_id].responses += count
    drawn = Respondent.objects.filter(survey=survey, unit__in=units).order_by().values_list("unit_id")
    for unit_id, count in drawn.annotate(n=Count("pk")):
        if unit_id in rows:
            rows[unit_id].drawn = count
    scored = responses.filter(answers__choice__score__isnull=False, answers__question__component__isnull=False)
    for unit_id, count in scored.values_list("unit_id").annotate(n=Count("pk", distinct=True)):
        rows[unit_id].scored = count
    for unit_id, flags in responses.exclude(flags=[]).values_list("unit_id", "flags"):
        rows[unit_id].too_fast += TOO_FAST in flags
        rows[unit_id].straight_line += STRAIGHT_LINE in flags
    return sorted(rows.values(), key=lambda row: row.unit.code)


def totals(rows: list[FieldRow]) -> FieldTotals:
    result = FieldTotals()
    for row in rows:
        result.population += row.population or 0
        result.size += row.size or 0
        result.drawn += row.drawn
        result.responses += row.responses
        result.too_fast += row.too_fast
        result.straight_line += row.straight_line
    return result
