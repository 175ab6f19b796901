"""What the surveys app adds to the assessment cycle, which never imports it: the names of survey sources, and the
survey figures shown read-only beside a unit's self-assessment sheet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.assessments.models import Assessment, Campaign
from parindex.assessments.scoring import scoring_setup
from parindex.org.models import Unit
from parindex.surveys.access import latest_survey
from parindex.surveys.models import Component, Survey
from parindex.surveys.results import UnitResult, survey_results
from parindex.surveys.services import parse_source


def source_name(code: str) -> str:
    """``<survey code>`` or ``<survey code>:<component>`` as people read it: the survey's title (and component)."""
    survey_code, _sep, component = code.partition(":")
    survey = latest_survey(survey_code)
    if survey is None:
        return code
    if not component:
        return survey.title
    name = Component.objects.filter(survey=survey, code=component).values_list("name", flat=True).first()
    return f"{survey.title} – {name or component}"


def loaded_survey_codes() -> frozenset[str]:
    """The codes of the surveys loaded (any version): what a criteria set's ``survey:<code>`` may name."""
    return frozenset(Survey.objects.values_list("code", flat=True).distinct())


@dataclass(frozen=True)
class SurveyFigure:
    """One survey leaf's figure for the unit, as the sheet's card shows it."""

    leaf_code: str
    leaf_name: str
    survey: str
    component: str  # the component's name, "" for the survey total
    value: Decimal | None
    respondents: int
    below_minimum: bool
    min_sample: int


def unit_sheet_survey(sender: Any, campaign: Campaign, unit: Unit, assessment: Assessment, **kwargs: Any) -> dict:
    """The unit's survey figures behind its ``survey:`` leaves (nothing when the set has none)."""
    leaves = [
        (leaf, parsed)
        for leaf in scoring_setup(campaign).criteria
        if leaf.is_leaf and (parsed := parse_source(leaf.source)) is not None
    ]
    if not leaves:
        return {}
    figures = []
    found: dict[str, tuple[Any, UnitResult | None]] = {}
    for leaf, (code, component) in leaves:
        if code not in found:
            survey = latest_survey(code)
            results = survey_results(survey, [unit.pk]) if survey is not None else []
            found[code] = (survey, results[0] if results else None)
        survey, result = found[code]
        if survey is None:
            continue
        figure = result.figure(component) if result is not None else None
        figures.append(
            SurveyFigure(
                leaf_code=leaf.code,
                leaf_name=leaf.name,
                survey=survey.title,
                component=figure.name if figure is not None and component else (component or ""),
                value=figure.value if figure is not None else None,
                respondents=figure.respondents if figure is not None else 0,
                below_minimum=result.below_minimum if result is not None else True,
                min_sample=survey.min_sample,
            )
        )
    return {"survey_figures": figures}
