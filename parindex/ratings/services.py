"""Loading rule sets, gathering each unit's figures for a campaign, and rating its head with the reasons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Assessment, Campaign, Result
from parindex.assessments.ranking import STANDING_LABELS, Disclosure, Standing, disclosure
from parindex.assessments.scoring import read_final_scores, scoring_setup
from parindex.audit.models import Action
from parindex.audit.services import Actor, record, record_many
from parindex.dbbulk import gc_paused, insert_many, update_many
from parindex.ratings.models import DisciplinaryCase, HeadRating, RatingRuleSet
from parindex.ratings.spec import digest, rule_set_to_data
from parindex.scoring.engine import criterion_shares
from parindex.scoring.numbers import quantize_points
from parindex.scoring.rating import Check, Failure, Figures, RuleSet, rate
from parindex.tasks.services import overdue_tasks


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
    record(actor, stored.to_change(Action.RATING_RULES_LOADED, before, data))
    return stored, outcome


@dataclass(frozen=True)
class RatingRow:
    """One unit's rating as the pages and exports show it, stored (locked results) or computed now (provisional)."""

    unit_id: int
    unit_code: str
    unit_name: str
    index: Decimal | None
    level_code: str
    level_name: str
    # For every better level, its name and the conditions the unit failed, in the active language.
    missed: list[tuple[str, list[str]]]
    provisional: bool
    standing: Standing = Standing.SHOWN
    hidden: bool = False  # a unit's draft while the campaign runs: no index, no level, to anyone but the unit

    @property
    def standing_label(self) -> str:
        label = STANDING_LABELS.get(self.standing)
        return "" if label is None else str(label)

    @property
    def reasons(self) -> list[str]:
        """Every failed condition of the better levels, best level first (the exports' ``reasons``)."""
        return [reason for _level, reasons in self.missed for reason in reasons]


def _uses(rules: RuleSet, check: Check) -> bool:
    return any(c.check is check for level in rules.levels for c in level.conditions)


def campaign_figures(campaign: Campaign, rules: RuleSet, unit_ids: Iterable[int] | None = None) -> dict[int, Figures]:
    """Each unit's figures (all units, or ``unit_ids``): index, rank, band and area shares from its stored result,
    second-level criterion shares from its final scores (read only when ``rules`` look at criteria), its
    disciplinary cases in the campaign's year, and whether it submitted on time."""
    wanted = None if unit_ids is None else list(unit_ids)
    cases_qs = DisciplinaryCase.objects.filter(unit__in=campaign.units(), decided_on__year=campaign.year)
    results = Result.objects.filter(campaign=campaign).order_by()
    assessments = Assessment.objects.filter(campaign=campaign)
    if wanted is not None:
        cases_qs = cases_qs.filter(unit_id__in=wanted)
        results = results.filter(unit_id__in=wanted)
        assessments = assessments.filter(unit_id__in=wanted)
    cases: dict[int, list[str]] = defaultdict(list)
    for unit_id, kind in cases_qs.values_list("unit_id", "kind"):
        cases[unit_id].append(kind)
    # On time: submitted before the deadline; a unit whose own deadline (exceptions included) has not come yet may
    # still be, so it is not held as late before then.
    now = timezone.now()
    on_time = {
        unit_id: (submitted_at is not None and not late)
        or (submitted_at is None and (override or campaign.self_closes_at or now) > now)
        for unit_id, submitted_at, late, override in assessments.values_list(
            "unit_id", "submitted_at", "late", "deadline_override"
        )
    }
    criteria = _criteria_shares(campaign, wanted) if _uses(rules, Check.EVERY_CRITERION_MIN_PCT) else {}
    overdue = overdue_tasks(
        wanted if wanted is not None else campaign.units().values_list("pk", flat=True), campaign.year
    )
    memo: dict[str, Decimal] = {}

    def number(text: str) -> Decimal:
        value = memo.get(text)
        if value is None:
            value = memo[text] = Decimal(text)
        return value

    figures: dict[int, Figures] = {}
    for unit_id, index, rank, band, areas in results.values_list("unit_id", "index", "rank", "band", "areas"):
        figures[unit_id] = Figures(
            index=index,
            # The result keeps each area's [points, maximum, sub-index] as the recompute found them.
            areas={code: (number(p), number(m)) for code, (p, m, _i) in areas.items()},
            criteria=criteria.get(unit_id, {}),
            rank=rank,
            band=band,
            overdue_tasks=overdue.get(unit_id, 0),
            discipline=tuple(cases.get(unit_id, ())),
            # Without a deadline (a campaign loaded from files) nobody is late.
            submitted_on_time=campaign.self_closes_at is None or on_time.get(unit_id, False),
        )
    return figures


def _criteria_shares(campaign: Campaign, unit_ids: list[int] | None) -> dict[int, dict[str, tuple[Decimal, Decimal]]]:
    """Points and maximum of every second-level criterion, per unit, from the final scores."""
    setup = scoring_setup(campaign)
    if unit_ids is not None and len(unit_ids) == 1:
        scores = read_final_scores(campaign, setup, unit_id=unit_ids[0])
    else:
        scores = read_final_scores(campaign, setup)
    shares = {}
    for unit_id, unit_scores in scores.items():
        if unit_ids is None or unit_id in unit_ids:
            shares[unit_id] = criterion_shares(setup.tree, unit_scores)
    return shares


def rate_campaign(
    campaign: Campaign, rules: RuleSet, unit_ids: Iterable[int] | None = None, seen: Disclosure | None = None
) -> list[RatingRow]:
    """Units of the campaign (all, or ``unit_ids``) rated now under ``rules``, in ranking order, with the reasons in
    the active language.

    With ``seen`` (what one viewer may see, :func:`parindex.assessments.ranking.disclosure`), a unit's draft is a
    row with its name and "not submitted" only, the others are rated on the ranks the viewer is shown, and the rows
    follow those ranks (the stored order would give a draft's place away)."""
    wanted = None if unit_ids is None else list(unit_ids)
    figures = campaign_figures(campaign, rules, wanted)
    results = Result.objects.filter(campaign=campaign, unit_id__in=list(figures)).select_related("unit")
    rows = []
    for result in results.order_by(F("rank").asc(nulls_last=True), "unit__code"):
        standing = Standing.SHOWN if seen is None else seen.standing.get(result.unit_id, Standing.SHOWN)
        if seen is not None and result.unit_id in seen.hidden:
            unit = result.unit
            rows.append(RatingRow(result.unit_id, unit.code, unit.name, None, "", "", [], True, standing, True))
            continue
        unit_figures = figures[result.unit_id]
        if seen is not None:
            unit_figures = replace(unit_figures, rank=seen.ranks.get(result.unit_id))
        rating = rate(rules, unit_figures)
        rows.append(
            RatingRow(
                result.unit_id,
                result.unit.code,
                result.unit.name,
                result.index,
                rating.level.code,
                rating.level.name,
                [(level.name, [explain(f) for f in failures]) for level, failures in rating.missed],
                provisional=campaign.is_open,
                standing=standing,
            )
        )
    if seen is not None and seen.provisional:
        ranks = seen.ranks
        rows.sort(key=lambda row: (ranks.get(row.unit_id) is None, ranks.get(row.unit_id) or 0, row.unit_code))
    return rows


def _pct(value: object) -> str:
    return f"{quantize_points(Decimal(str(value))):.2f}".replace(".", ",") if value is not None else "—"


def _bar(value: object) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",")


def explain(failure: Failure) -> str:
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


@gc_paused()
@transaction.atomic
def store_ratings(campaign: Campaign, actor: Actor, reason: str = "") -> int:
    """Rate every unit under the campaign's rule set and store it with the results; audit each rating that changes.
    Returns how many changed. Rows are read as plain values and written in bulk: a lock rates thousands of units."""
    stored_rules = campaign.rating_rules
    if stored_rules is None:
        return 0
    rules = stored_rules.rules
    existing = {
        unit_id: (pk, rule_set_id, level_code, reasons)
        for pk, unit_id, rule_set_id, level_code, reasons in HeadRating.objects.filter(campaign=campaign).values_list(
            "pk", "unit_id", "rule_set_id", "level_code", "reasons"
        )
    }
    new: list[HeadRating] = []
    changed: list[HeadRating] = []
    befores: dict[int, dict[str, Any] | None] = {}
    for unit_id, unit_figures in campaign_figures(campaign, rules).items():
        rating = rate(rules, unit_figures)
        reasons = [failure_data(level.code, f) for level, failures in rating.missed for f in failures]
        row = HeadRating(
            campaign=campaign,
            unit_id=unit_id,
            rule_set=stored_rules,
            level_code=rating.level.code,
            level_name=rating.level.name,
            reasons=reasons,
        )
        old = existing.get(unit_id)
        if old is None:
            new.append(row)
            befores[unit_id] = None
            continue
        pk, rule_set_id, level_code, old_reasons = old
        if (rule_set_id, level_code, old_reasons) == (stored_rules.pk, rating.level.code, reasons):
            continue
        row.pk = pk
        changed.append(row)
        befores[unit_id] = {"level": level_code, "reasons": old_reasons}
    now = timezone.now()
    for row in (*new, *changed):
        row.computed_at = now
    fields = ["rule_set", "level_code", "level_name", "reasons", "computed_at"]
    # dbbulk rather than bulk_create: on PostgreSQL the ORM quotes thousands of JSON values one by one (COPY does not).
    insert_many(HeadRating, ["campaign", "unit", *fields], new)
    update_many(HeadRating, fields, changed)
    if new:
        ids = dict(HeadRating.objects.filter(campaign=campaign).values_list("unit_id", "pk"))
        for row in new:
            row.pk = ids[row.unit_id]
    changes = [row.to_change(Action.HEAD_RATED, befores[row.unit_id], row.snapshot()) for row in (*new, *changed)]
    record_many(actor, changes, reason)
    return len(changes)


def discard_ratings(campaign: Campaign, actor: Actor, reason: str = "") -> int:
    """Remove the ratings a lock stored (re-opening the results takes back what the lock wrote); each removal is
    audited with the level it had. Returns how many were removed."""
    stored = list(HeadRating.objects.filter(campaign=campaign).only("pk", "campaign", "unit", "level_code", "reasons"))
    if not stored:
        return 0
    HeadRating.objects.filter(pk__in=[row.pk for row in stored]).delete()
    for row in stored:
        row.campaign = campaign  # each entry names the campaign by its code: read once, not once per rating
    record_many(actor, [row.to_change(Action.HEAD_RATED, row.snapshot(), None) for row in stored], reason)
    return len(stored)


class Reasons:
    """:func:`explain` with a memory: each distinct failed condition is worded once (units share most of them, and
    wording one, a translation lookup and two number formats, costs more than finding it again)."""

    def __init__(self) -> None:
        self.memo: dict[tuple[Any, ...], str] = {}

    def __call__(self, failure: Failure) -> str:
        key = (failure.check, failure.subject, failure.actual, failure.required)
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = explain(failure)
        return text

    def stored(self, data: dict[str, Any]) -> str:
        """A reason as stored with a rating (strings, see :func:`failure_data`)."""
        key = (data["check"], data.get("subject", ""), data.get("actual"), data.get("required"))
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = explain(failure_from(data))
        return text


def stored_ratings(campaign: Campaign, unit_ids: Iterable[int] | None = None) -> list[RatingRow]:
    """The ratings stored when the results were locked, in ranking order. Two queries, read as plain values (the
    campaign's page shows thousands of them), each distinct reason worded once."""
    stored = HeadRating.objects.filter(campaign=campaign)
    if unit_ids is not None:
        stored = stored.filter(unit_id__in=list(unit_ids))
    ranking = {
        unit_id: (rank, index)
        for unit_id, rank, index in Result.objects.filter(campaign=campaign).values_list("unit_id", "rank", "index")
    }
    rules = campaign.rating_rules
    level_names = {} if rules is None else {level.code: level.name for level in rules.rules.levels}
    reasons = Reasons()
    rows = []
    for unit_id, code, name, level_code, level_name, data in stored.values_list(
        "unit_id", "unit__code", "unit__name", "level_code", "level_name", "reasons"
    ):
        missed: dict[str, list[str]] = {}
        for reason in data:
            missed.setdefault(reason["level"], []).append(reasons.stored(reason))
        rows.append(
            RatingRow(
                unit_id,
                code,
                name,
                ranking.get(unit_id, (None, None))[1],
                level_code,
                level_name,
                [(level_names.get(level, level), texts) for level, texts in missed.items()],
                provisional=False,
            )
        )

    def order(row: RatingRow) -> tuple[bool, int, str]:
        rank = ranking.get(row.unit_id, (None, None))[0]
        return (rank is None, rank or 0, row.unit_code)

    return sorted(rows, key=order)


def unit_rating(campaign: Campaign, unit_id: int) -> RatingRow | None:
    """One unit's rating for its own page, or None without a rule set or a result. While the campaign runs it is
    rated on the rank the unit is shown (among the units whose figures may be shown, and itself)."""
    seen = disclosure(campaign, own_unit_ids=[unit_id]) if campaign.is_open else None
    rows = rating_rows(campaign, [unit_id], seen)
    return rows[0] if rows else None


def rating_rows(
    campaign: Campaign, unit_ids: Iterable[int] | None = None, seen: Disclosure | None = None
) -> list[RatingRow]:
    """The campaign's rating table under its own rule set: stored once results are locked, otherwise computed now
    (provisional), as the viewer of ``seen`` may see it. Empty when the campaign has no rule set."""
    if campaign.rating_rules is None:
        return []
    if campaign.is_open:
        return rate_campaign(campaign, campaign.rating_rules.rules, unit_ids, seen)
    rows = stored_ratings(campaign, unit_ids)
    if seen is None:
        return rows
    return [replace(row, standing=seen.standing.get(row.unit_id, Standing.SHOWN)) for row in rows]


def published_levels(campaign: Campaign) -> dict[int, str]:
    """Unit id → the name of its head's level as stored with the results (what the public page shows). One query."""
    return dict(HeadRating.objects.filter(campaign=campaign).values_list("unit_id", "level_name"))
