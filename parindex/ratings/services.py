"""Loading rule sets, gathering each unit's figures for a campaign, and rating its head with the reasons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Assessment, Campaign, Result
from parindex.assessments.scoring import read_final_scores, scoring_setup
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record, record_many
from parindex.ratings.models import DisciplinaryCase, HeadRating, RatingRuleSet
from parindex.ratings.spec import digest, rule_set_to_data
from parindex.scoring.engine import compute_unit
from parindex.scoring.numbers import quantize_points
from parindex.scoring.rating import Check, Failure, Figures, Rating, RuleSet, rate


class Outcome(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


@transaction.atomic
def install_rule_set(rules: RuleSet, meta: dict[str, Any], actor: Actor) -> tuple[RatingRuleSet, Outcome]:
    """Store a validated rule set under its code: new, unchanged, or replacing the previous content (audited)."""
    data = rule_set_to_data(rules, meta)
    fingerprint = digest(rules)
    stored = RatingRuleSet.objects.select_for_update().filter(code=rules.code).first()
    if stored is not None and stored.digest == fingerprint and stored.source == data:
        return stored, Outcome.UNCHANGED
    before = None if stored is None else stored.source
    stored = stored or RatingRuleSet(code=rules.code)
    stored.name = rules.name
    stored.description = str(meta.get("description", ""))
    stored.is_sample = bool(meta.get("sample"))
    stored.source = data
    stored.digest = fingerprint
    stored.loaded_at = timezone.now()
    outcome = Outcome.CREATED if stored.pk is None else Outcome.REPLACED
    stored.save()
    record(actor, Change(Action.RATING_RULES_LOADED, "rating_rules", stored.pk, stored.code, before, data))
    return stored, outcome


@dataclass(frozen=True)
class UnitRating:
    unit_id: int
    unit_code: str
    unit_name: str
    index: Decimal | None
    rating: Rating
    reasons: list[str]


def campaign_figures(campaign: Campaign) -> dict[int, Figures]:
    """Each unit's figures: index, rank and band from its result, area and second-level criterion shares from its
    final scores, its disciplinary cases in the campaign's year, and whether it submitted on time."""
    setup = scoring_setup(campaign.framework)
    scores = read_final_scores(campaign, setup)
    second_level = {code for code, depth in setup.tree.nodes if depth == 2}
    cases: dict[int, list[str]] = defaultdict(list)
    for unit_id, kind in DisciplinaryCase.objects.filter(
        unit__in=campaign.units(), decided_on__year=campaign.year
    ).values_list("unit_id", "kind"):
        cases[unit_id].append(kind)
    on_time = {
        unit_id: submitted_at is not None and not late
        for unit_id, submitted_at, late in Assessment.objects.filter(campaign=campaign).values_list(
            "unit_id", "submitted_at", "late"
        )
    }
    figures: dict[int, Figures] = {}
    for result in Result.objects.filter(campaign=campaign).order_by():
        nodes = compute_unit(setup.tree, scores.get(result.unit_id, {})).nodes
        figures[result.unit_id] = Figures(
            index=result.index,
            areas={code: (nodes[code].points, nodes[code].max_points) for code in setup.tree.area_codes},
            criteria={code: (nodes[code].points, nodes[code].max_points) for code in second_level},
            rank=result.rank,
            band=result.band,
            # Assigned tasks are not tracked yet: no unit has an overdue one until they are.
            overdue_tasks=0,
            discipline=tuple(cases.get(result.unit_id, ())),
            # Without a deadline (a campaign loaded from files) nobody is late.
            submitted_on_time=campaign.self_closes_at is None or on_time.get(result.unit_id, False),
        )
    return figures


def rate_campaign(campaign: Campaign, rules: RuleSet) -> list[UnitRating]:
    """Every unit of the campaign rated, in ranking order, with the reasons in the active language."""
    figures = campaign_figures(campaign)
    names = dict(campaign.framework.criteria.filter(depth__lte=2).values_list("code", "name"))
    rows = []
    results = Result.objects.filter(campaign=campaign).select_related("unit").order_by("rank", "unit__code")
    for result in results:
        rating = rate(rules, figures[result.unit_id])
        reasons = [explain(failure, names) for failure in rating.reasons]
        rows.append(UnitRating(result.unit_id, result.unit.code, result.unit.name, result.index, rating, reasons))
    return rows


def _pct(value: object) -> str:
    return f"{quantize_points(Decimal(str(value))):.2f}".replace(".", ",") if value is not None else "—"


def _bar(value: object) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


def explain(failure: Failure, names: dict[str, str]) -> str:
    """One failed condition with both figures, e.g. "Lĩnh vực 3 đạt 60,00% < 65%"."""
    check = failure.check
    if check is Check.INDEX_MIN:
        return _("Index %(actual)s < %(required)s") % {
            "actual": _pct(failure.actual),
            "required": _bar(failure.required),
        }
    if check is Check.EVERY_AREA_MIN_PCT:
        return _("Area %(code)s reaches %(actual)s%% < %(required)s%%") % {
            "code": failure.subject,
            "actual": _pct(failure.actual),
            "required": _bar(failure.required),
        }
    if check is Check.EVERY_CRITERION_MIN_PCT:
        return _("Criterion %(code)s reaches %(actual)s%% < %(required)s%%") % {
            "code": failure.subject,
            "actual": _pct(failure.actual),
            "required": _bar(failure.required),
        }
    if check is Check.RANK_MAX:
        if failure.actual is None:
            return _("Not ranked; rank %(required)s or better is required") % {"required": failure.required}
        return _("Rank %(actual)s > %(required)s") % {"actual": failure.actual, "required": failure.required}
    if check is Check.BAND_IN:
        return _("Band %(actual)s is not among %(required)s") % {
            "actual": failure.actual or "—",
            "required": failure.required,
        }
    if check is Check.NO_OVERDUE_TASKS:
        return _("%(count)s assigned tasks overdue") % {"count": failure.actual}
    if check is Check.NO_DISCIPLINE:
        label = dict(DisciplinaryCase.Kind.choices).get(failure.subject, failure.subject)
        return _("Disciplinary case in the year: %(kind)s") % {"kind": label}
    return _("Self-assessment not submitted on time")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def failure_data(level_code: str, failure: Failure) -> dict[str, Any]:
    return {
        "level": level_code,
        "check": failure.check.value,
        "subject": failure.subject,
        "actual": _text(failure.actual),
        "required": _text(failure.required),
    }


def failure_from(data: dict[str, Any]) -> Failure:
    return Failure(Check(data["check"]), data.get("subject", ""), data.get("actual"), data.get("required"))


@dataclass(frozen=True)
class RatingRow:
    """One row of a campaign's rating table, whether stored (locked results) or computed now (open campaign)."""

    unit_id: int
    unit_code: str
    unit_name: str
    index: Decimal | None
    level_code: str
    level_name: str
    reasons: list[str]


@transaction.atomic
def store_ratings(campaign: Campaign, actor: Actor, reason: str = "") -> int:
    """Rate every unit under the campaign's rule set and store it with the results; audit each rating that changes.
    Returns how many changed."""
    stored_rules = campaign.rating_rules
    if stored_rules is None:
        return 0
    existing = {r.unit_id: r for r in HeadRating.objects.filter(campaign=campaign)}
    figures = campaign_figures(campaign)
    changes: list[Change] = []
    for unit_id, unit_figures in figures.items():
        rating = rate(stored_rules.rules, unit_figures)
        reasons = [failure_data(level.code, f) for level, failures in rating.missed for f in failures]
        row = existing.get(unit_id) or HeadRating(campaign=campaign, unit_id=unit_id)
        before = None if row.pk is None else {"level": row.level_code, "reasons": row.reasons}
        after = {"level": rating.level.code, "reasons": reasons}
        if before == after and row.rule_set_id == stored_rules.pk:
            continue
        row.rule_set = stored_rules
        row.level_code, row.level_name, row.reasons = rating.level.code, rating.level.name, reasons
        row.save()
        changes.append(
            Change(
                Action.HEAD_RATED,
                "head_rating",
                row.pk,
                f"{campaign.code}/{unit_id}",
                before,
                after,
                campaign_id=campaign.pk,
                unit_id=unit_id,
            )
        )
    record_many(actor, changes, reason)
    return len(changes)


def rating_rows(campaign: Campaign, unit_ids: Iterable[int] | None = None) -> list[RatingRow]:
    """The rating table: stored ratings once results are locked, otherwise computed now (provisional)."""
    if campaign.rating_rules is None:
        return []
    names = dict(campaign.framework.criteria.filter(depth__lte=2).values_list("code", "name"))
    wanted = None if unit_ids is None else set(unit_ids)
    rows: list[RatingRow] = []
    if not campaign.is_open:
        stored = HeadRating.objects.filter(campaign=campaign).select_related("unit")
        index = dict(Result.objects.filter(campaign=campaign).order_by().values_list("unit_id", "index"))
        for r in sorted(stored, key=lambda r: r.unit.code):
            if wanted is None or r.unit_id in wanted:
                reasons = [explain(failure_from(d), names) for d in r.reasons]
                rows.append(
                    RatingRow(
                        r.unit_id, r.unit.code, r.unit.name, index.get(r.unit_id), r.level_code, r.level_name, reasons
                    )
                )
        return rows
    for row in rate_campaign(campaign, campaign.rating_rules.rules):
        if wanted is None or row.unit_id in wanted:
            rows.append(
                RatingRow(
                    row.unit_id,
                    row.unit_code,
                    row.unit_name,
                    row.index,
                    row.rating.level.code,
                    row.rating.level.name,
                    row.reasons,
                )
            )
    return rows
