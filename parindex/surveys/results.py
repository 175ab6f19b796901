"""A survey's figures per unit: reads the answers and hands them to the scoring core (:mod:`parindex.scoring.survey`).

Values are rounded to the hundredth here, at the edge (half away from zero, as every published figure). A unit whose
respondents (responses with at least one scored answer) are fewer than the survey's ``min_sample`` is marked
``below_minimum``: its figures are shown with that flag and do not score survey leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from parindex.org.models import Unit
from parindex.scoring.numbers import quantize_points
from parindex.scoring.survey import Answer as CoreAnswer
from parindex.scoring.survey import ComponentWeight, QuestionWeight, aggregate
from parindex.surveys.models import Answer, Component, Question, Respondent, Response, Survey

TOTAL = "total"


@dataclass(frozen=True)
class ComponentResult:
    """A component's figures for a unit (``code`` "total" for the survey total)."""

    code: str
    name: str
    respondents: int
    value: Decimal | None  # 0..100, two decimals; None when nothing was scored


@dataclass(frozen=True)
class QuestionResult:
    name: str
    label: str
    component: str
    answers: int  # scored answers
    value: Decimal | None


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    responses: int  # every response recorded for the unit, scored or not
    below_minimum: bool
    components: list[ComponentResult]
    total: ComponentResult
    questions: list[QuestionResult]

    @property
    def respondents(self) -> int:
        return self.total.respondents

    def figure(self, component: str | None = None) -> ComponentResult | None:
        """The total (``component`` None or "total") or one component's figures; None for an unknown component."""
        if component in (None, TOTAL):
            return self.total
        return next((c for c in self.components if c.code == component), None)


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else quantize_points(value)


def survey_results(survey: Survey, unit_ids: Iterable[int] | None = None) -> list[UnitResult]:
    """Every unit's figures, ordered by unit code: the units given, or else each unit with a response or a respondent.

    Five queries whatever the number of units and answers (six without ``unit_ids``)."""
    components = list(Component.objects.filter(survey=survey).order_by("order"))
    questions = list(
        Question.objects.filter(survey=survey, component__isnull=False).select_related("component").order_by("order")
    )
    responses = Response.objects.filter(survey=survey).order_by()
    if unit_ids is not None:
        wanted = set(unit_ids)
        responses = responses.filter(unit_id__in=wanted)
    counts = dict(responses.values_list("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))
    if unit_ids is None:
        wanted = set(counts) | set(
            Respondent.objects.filter(survey=survey).order_by().values_list("unit_id", flat=True).distinct()
        )
    scored = (
        Answer.objects.filter(
            response__survey=survey,
            response__unit_id__in=wanted,
            choice__score__isnull=False,
            question__component__isnull=False,
        )
        .values_list("response__unit_id", "response_id", "question__name", "choice__score")
        .order_by()
    )
    answers: dict[int, list[CoreAnswer]] = {unit_id: [] for unit_id in wanted}
    for unit_id, response_id, question, score in scored:
        answers[unit_id].append(CoreAnswer(response_id, question, score))
    weights_c = [ComponentWeight(c.code, c.weight) for c in components]
    weights_q = [QuestionWeight(q.name, q.component.code, q.weight) for q in questions if q.component is not None]
    results = []
    for unit in Unit.objects.filter(pk__in=wanted).order_by("code"):
        figures = aggregate(weights_c, weights_q, answers[unit.pk])
        total = ComponentResult(TOTAL, _("Total"), figures.total.respondents, _rounded(figures.total.value))
        results.append(
            UnitResult(
                unit=unit,
                responses=counts.get(unit.pk, 0),
                below_minimum=total.respondents < survey.min_sample,
                components=[
                    ComponentResult(
                        c.code,
                        c.name,
                        figures.components[c.code].respondents,
                        _rounded(figures.components[c.code].value),
                    )
                    for c in components
                ],
                total=total,
                questions=[
                    QuestionResult(
                        q.name,
                        q.label,
                        q.component.code if q.component else "",
                        figures.questions[q.name].respondents,
                        _rounded(figures.questions[q.name].value),
                    )
                    for q in questions
                ],
            )
        )
    return results
