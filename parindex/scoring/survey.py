"""A unit's figures from a sociological survey's answers (DESIGN.md §5.4); the sample size is in :mod:`.sampling`.

Definitions, for one unit:

- A *question's value* is the mean score of its scored answers (an answer whose choice has no score, such as
  "Không biết", and a question left blank are not answers here). A question nobody answered with a scored choice has
  no value.
- A *component's value* is the weighted mean of its questions' values, by the questions' weights. A question without
  a value is left out of the mean (its weight too): the component is what the respondents could judge, not a mean
  dragged to zero by questions they could not answer. A component none of whose questions has a value has no value.
- The *total* is the weighted mean of the components' values by the components' weights, components without a value
  left out the same way; it has no value when no component has one.
- *Respondents* of a component are the responses with at least one scored answer in it; of the total, the responses
  with at least one scored answer anywhere. A question's respondents are its scored answers.

Values are exact decimals, never rounded here; callers round to the hundredth at the edges
(:func:`parindex.scoring.numbers.quantize_points`, half away from zero). All lie in 0..100 when the scores do.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.scoring.numbers import HUNDRED, ZERO


@dataclass(frozen=True)
class ComponentWeight:
    code: str
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class QuestionWeight:
    name: str
    component: str
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class Answer:
    """One answer: which response gave it (any hashable id), to which question, its score 0..100 (None for a choice
    that is not scored, such as "Không biết": such an answer counts for nothing)."""

    response: Hashable
    question: str
    score: Decimal | None


@dataclass(frozen=True)
class Figure:
    """A value (None when nothing was scored) and how many respondents (or answers, for a question) it rests on."""

    value: Decimal | None
    respondents: int


@dataclass(frozen=True)
class SurveyFigures:
    questions: dict[str, Figure]
    components: dict[str, Figure]
    total: Figure


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Σ wᵢ·vᵢ / Σ wᵢ over the pairs ``(weight, value)`` whose value is not None; None when there is none."""
    weights = ZERO
    total = ZERO
    for weight, value in pairs:
        if value is None:
            continue
        weights += weight
        total += weight * value
    if weights <= ZERO:
        return None
    return total / weights


def aggregate(
    components: Sequence[ComponentWeight], questions: Sequence[QuestionWeight], answers: Iterable[Answer]
) -> SurveyFigures:
    """The figures of one unit from its answers (see the module's definitions).

    Every question must name one of ``components``, every answer one of ``questions``; weights are positive and
    scores lie in 0..100 (ValueError otherwise: the loader and the response checks guarantee both)."""
    component_codes = {c.code for c in components}
    by_name: dict[str, QuestionWeight] = {}
    for question in questions:
        if question.component not in component_codes:
            raise ValueError(f"question {question.name} names an unknown component {question.component}")
        if question.weight <= ZERO:
            raise ValueError(f"question {question.name} has a weight that is not positive")
        by_name[question.name] = question
    if any(c.weight <= ZERO for c in components):
        raise ValueError("a component has a weight that is not positive")
    sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    component_responses: dict[str, set[Hashable]] = {c.code: set() for c in components}
    all_responses: set[Hashable] = set()
    for answer in answers:
        found = by_name.get(answer.question)
        if found is None:
            raise ValueError(f"an answer names an unknown question {answer.question}")
        question = found
        if answer.score is None:
            continue
        if not (ZERO <= answer.score <= HUNDRED):
            raise ValueError(f"score {answer.score} is outside 0..100")
        sums[question.name] = sums.get(question.name, ZERO) + answer.score
        counts[question.name] = counts.get(question.name, 0) + 1
        component_responses[question.component].add(answer.response)
        all_responses.add(answer.response)
    question_figures = {
        q.name: Figure(sums[q.name] / counts[q.name] if counts.get(q.name) else None, counts.get(q.name, 0))
        for q in questions
    }
    component_figures = {
        c.code: Figure(
            weighted_mean((q.weight, question_figures[q.name].value) for q in questions if q.component == c.code),
            len(component_responses[c.code]),
        )
        for c in components
    }
    total = Figure(weighted_mean((c.weight, component_figures[c.code].value) for c in components), len(all_responses))
    return SurveyFigures(question_figures, component_figures, total)
