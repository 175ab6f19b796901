"""How the answers to each choice question are distributed, for the bar charts of the results page (Chart.js)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from parindex.surveys.models import Answer, Choice, Question, Survey


@dataclass
class QuestionChart:
    """One question's answers: the count of each choice, in the questionnaire's order."""

    question: Question
    labels: list[str]
    counts: list[int]
    scores: list[str]

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def element_id(self) -> str:
        return f"q-{self.question.pk}"

    def data(self) -> dict[str, Any]:
        """What the page hands to Chart.js (through json_script, never inline script)."""
        return {"labels": self.labels, "values": self.counts, "name": _("Answers")}


def distributions(survey: Survey, unit_ids: Iterable[int]) -> list[QuestionChart]:
    """Every choice question of ``survey`` with the count of each of its choices among the units' responses (a
    select_multiple answer counts once for each choice ticked). Three queries."""
    questions = [
        q for q in Question.objects.filter(survey=survey).select_related("component").order_by("order") if q.is_select
    ]
    choices: dict[str, list[Choice]] = {}
    for choice in Choice.objects.filter(survey=survey).order_by("list_name", "order"):
        choices.setdefault(choice.list_name, []).append(choice)
    counted: dict[tuple[int, str], int] = {}
    rows = (
        Answer.objects.filter(response__survey=survey, response__unit_id__in=list(unit_ids), question__in=questions)
        .values_list("question_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for question_id, value, count in rows:
        for name in value.split():
            counted[(question_id, name)] = counted.get((question_id, name), 0) + count
    charts = []
    for question in questions:
        options = choices.get(question.list_name, [])
        charts.append(
            QuestionChart(
                question,
                [c.label or c.name for c in options],
                [counted.get((question.pk, c.name), 0) for c in options],
                ["" if c.score is None else f"{c.score.normalize():f}" for c in options],
            )
        )
    return charts
