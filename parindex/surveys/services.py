"""Survey figures into the index: leaves whose source is ``survey:<code>`` or ``survey:<code>:<component>``.

In every open campaign, such a leaf takes the unit's survey total (or the component's value), rounded to the
hundredth, as the input of its rule, and stores the points as the unit's self score with the value beside it (marked
as computed), exactly as ``indicator:<code>`` leaves do (:func:`parindex.indicators.services.score_linked_leaves`):
the unit cannot type over it, the appraiser can override it with a reason, locked campaigns are never touched and
every change is audited (``score.self`` entries with the reason given).

A unit below the survey's minimum sample, or with no scored answer in what the leaf reads, gets no points from the
survey: the leaf stays unscored (it counts 0, as any leaf without a score) and a score computed earlier is taken back.
The figures are recomputed after every change of responses (an import, a typed form, a web submission: the
collection code calls :func:`score_survey_leaves`) and by ``parindex score-survey-leaves``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign, Score
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.services import ScoreRow, Stage, store_scores
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.scoring.rules import RuleInputError
from parindex.surveys.access import latest_survey
from parindex.surveys.results import UnitResult, survey_results

SOURCE_PREFIX = "survey:"


def parse_source(source: str) -> tuple[str, str | None] | None:
    """``survey:<code>`` → (code, None); ``survey:<code>:<component>`` → (code, component); else None."""
    if not source.startswith(SOURCE_PREFIX):
        return None
    code, _sep, component = source.removeprefix(SOURCE_PREFIX).partition(":")
    return code, component or None


def leaf_value(result: UnitResult | None, component: str | None) -> Decimal | None:
    """The input a survey leaf takes from a unit's figures; None when it must stay unscored."""
    if result is None or result.below_minimum:
        return None
    figure = result.figure(component)
    return None if figure is None else figure.value


def score_survey_leaves(
    actor: Actor, reason: str = "", codes: Iterable[str] | None = None, unit_ids: Iterable[int] | None = None
) -> int:
    """Score every ``survey:`` leaf of every open campaign from the current figures (only the surveys ``codes`` and
    the units ``unit_ids`` when given). Returns how many scores changed; a campaign in which nothing changed is not
    recomputed."""
    wanted_codes = None if codes is None else set(codes)
    wanted_units = None if unit_ids is None else set(unit_ids)
    reason = reason or _("computed from the sociological survey")
    changed = 0
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN).select_related("framework"):
        leaves: list[tuple[Criterion, str, str | None]] = []
        for leaf in scoring_setup(campaign).criteria:
            parsed = parse_source(leaf.source) if leaf.is_leaf else None
            if parsed is not None and (wanted_codes is None or parsed[0] in wanted_codes):
                leaves.append((leaf, *parsed))
        if not leaves:
            continue
        units = campaign.units()
        if wanted_units is not None:
            units = units.filter(pk__in=wanted_units)
        unit_list = list(units.only("pk", "code"))
        if not unit_list:
            continue
        changed += _score_campaign(campaign, leaves, unit_list, actor, reason)
    return changed


def _score_campaign(
    campaign: Campaign, leaves: list[tuple[Criterion, str, str | None]], units: list[Unit], actor: Actor, reason: str
) -> int:
    unit_ids = [unit.pk for unit in units]
    results: dict[str, dict[int, UnitResult]] = {}
    for code in {code for _leaf, code, _component in leaves}:
        survey = latest_survey(code)
        results[code] = {} if survey is None else {r.unit.pk: r for r in survey_results(survey, unit_ids)}
    stored = {
        (s.unit_id, s.criterion_id): s
        for s in Score.objects.filter(
            campaign_id=campaign.pk, unit_id__in=unit_ids, criterion_id__in=[leaf.pk for leaf, _c, _k in leaves]
        )
    }
    rows: list[ScoreRow] = []
    taken_back: list[int] = []
    for leaf, code, component in leaves:
        rule = leaf.rule_object
        if rule is None:
            continue
        for unit_id in unit_ids:
            score = stored.get((unit_id, leaf.pk))
            value = leaf_value(results[code].get(unit_id), component)
            if value is None:
                if score is not None and (score.self_score is not None or score.self_value is not None):
                    rows.append(ScoreRow(unit_id, leaf, None, False))
                    taken_back.append(score.pk)
                continue
            try:
                points = rule.points(value, leaf.max_points or Decimal(0))
            except RuleInputError:
                continue
            if score is not None and score.self_score == points and score.self_value == value and not score.self_na:
                continue
            rows.append(ScoreRow(unit_id, leaf, points, False, value=value))
    if not rows:
        return 0
    with transaction.atomic():
        one_unit = next(u for u in units if u.pk == rows[0].unit_id) if len(units) == 1 else None
        result = store_scores(campaign, Stage.SELF, rows, actor, reason, unit=one_unit)
        if taken_back:
            # The input behind a score taken back goes too (the score's own change is in the audit log).
            Score.objects.filter(pk__in=taken_back).update(self_value=None)
    return result.created + result.updated
