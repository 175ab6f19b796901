"""Opening campaigns and changing scores: every score change goes through here and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Assessment, Campaign, Score, stage_snapshot
from parindex.assessments.score_writes import ScoreColumns, read_score_columns, write_import
from parindex.assessments.scoring import ScoringSetup, recompute_campaign, recompute_unit, scoring_setup
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record_many
from parindex.dbbulk import gc_paused, insert_rows, update_many
from parindex.frameworks.models import Criterion, CriterionLookup, Framework, UnknownCriterion
from parindex.org.access import has_role
from parindex.org.models import MANAGER_ROLES, Unit, UnitGroup, common_ancestor_ids, nearest_common_ancestor
from parindex.scoring.numbers import plain, plain_vi, quantize_points, to_decimal
from parindex.tabular import (
    MAX_NOTE_LENGTH,
    ImportRejected,
    RowProblem,
    Table,
    length_problem,
    non_ascii_digits,
    read_csv,
)

# How people write "not applicable" in a score cell.
NOT_APPLICABLE_MARKS = {"na", "n/a", "kad", "không áp dụng", "khong ap dung", "-"}


SCORE_UPDATE_FIELDS = [
    "self_value",
    "self_score",
    "self_na",
    "appraised_score",
    "appraised_na",
    "final_score",
    "final_na",
    "note",
    "appraisal_note",
    "round1_score",
    "round1_na",
    "updated_at",
]
SCORE_INSERT_FIELDS = ["campaign", "unit", "criterion", *SCORE_UPDATE_FIELDS]


class Stage(StrEnum):
    SELF = "self"
    APPRAISED = "appraised"

    @property
    def action(self) -> str:
        """The audit action of a score changed at this stage."""
        return Action.SCORE_SELF if self is Stage.SELF else Action.SCORE_APPRAISED


class CampaignError(ValueError):
    """A campaign cannot be opened or changed as asked (the message says why, in the user's language)."""


def ensure_open(campaign: Campaign) -> None:
    """Scores change only while a campaign is open: locked or published results change by an audited re-opening."""
    # Read from the database, not the caller's copy: another request may have locked the results meanwhile.
    status = Campaign.objects.filter(pk=campaign.pk).values_list("status", flat=True).first()
    if status != Campaign.Status.OPEN:
        raise CampaignError(
            _("the results of campaign %(code)s are locked: they can only change after an audited re-opening")
            % {"code": campaign.code}
        )


def ensure_assessments(campaign: Campaign) -> None:
    """Every unit of the campaign's group has its assessment row (units added to the group later get one too)."""
    have = set(Assessment.objects.filter(campaign_id=campaign.pk).values_list("unit_id", flat=True))
    missing = [uid for uid in campaign.units().values_list("id", flat=True) if uid not in have]
    Assessment.objects.bulk_create(
        [Assessment(campaign_id=campaign.pk, unit_id=uid) for uid in missing], ignore_conflicts=True
    )


def campaign_owner(group: UnitGroup, owner_code: str = "") -> Unit:
    """The unit that runs a campaign of ``group``: ``owner_code``, which must be each of the group's units or above
    it, or by default the nearest common ancestor of the group's units (the single root for a group without units).
    """
    units = list(Unit.objects.filter(group=group, is_active=True).only("pk", "code", "name", "path"))
    if owner_code:
        owner = Unit.objects.filter(code=owner_code).first()
        if owner is None:
            raise CampaignError(_("there is no unit with code %(code)s") % {"code": owner_code})
        outside = next((unit for unit in units if not owner.contains(unit)), None)
        if outside is not None:
            raise CampaignError(
                _("%(owner)s cannot run a campaign of group %(group)s: %(unit)s is not under it")
                % {"owner": owner.name, "group": group.name, "unit": outside.name}
            )
        return owner
    if units:
        common = nearest_common_ancestor(units)
        if common is None:
            raise CampaignError(
                _("the units of group %(group)s are not under one common unit: name the unit that runs the campaign")
                % {"group": group.name}
            )
        return common
    roots = list(Unit.objects.filter(parent__isnull=True)[:2])
    if len(roots) != 1:
        raise CampaignError(
            _("group %(group)s has no unit yet: name the unit that runs the campaign") % {"group": group.name}
        )
    return roots[0]


def possible_owners(scope: QuerySet[Unit]) -> QuerySet[Unit]:
    """The units of ``scope`` that can run a campaign of some group: each of the group's units or above them all."""
    paths: dict[int, list[str]] = {}
    for group_id, path in Unit.objects.filter(group__isnull=False, is_active=True).values_list("group_id", "path"):
        paths.setdefault(group_id, []).append(path)
    ids = {unit_id for group_paths in paths.values() for unit_id in common_ancestor_ids(group_paths)}
    return scope.filter(pk__in=ids).order_by("path")


@transaction.atomic
def open_campaign(
    code: str,
    framework_code: str,
    group_code: str,
    actor: Actor,
    year: int | None = None,
    name: str = "",
    owner_code: str = "",
) -> Campaign:
    """Open a campaign of the set's newest version over the group's units, run by ``owner_code`` (by default the
    nearest common ancestor of the units). A person may only open a campaign run by a unit in their Home Affairs or
    administrator scope; the command line may open any."""
    framework = Framework.objects.filter(code=framework_code).order_by("-version").first()
    if framework is None:
        raise CampaignError(_("there is no criteria set with code %(code)s") % {"code": framework_code})
    group = UnitGroup.objects.filter(code=group_code).first()
    if group is None:
        raise CampaignError(_("there is no unit group with code %(code)s") % {"code": group_code})
    if Campaign.objects.filter(code=code).exists():
        raise CampaignError(_("a campaign with code %(code)s already exists") % {"code": code})
    owner = campaign_owner(group, owner_code)
    if actor.user is not None and not has_role(actor.user, owner, MANAGER_ROLES):
        raise CampaignError(
            _("%(owner)s is outside your scope: you may only open campaigns run by a unit you manage")
            % {"owner": owner.name}
        )
    year = year or framework.year
    campaign = Campaign.objects.create(
        code=code,
        name=name or _("PAR index %(year)s – %(group)s") % {"year": year, "group": group.name},
        framework=framework,
        group=group,
        owner=owner,
        year=year,
    )
    opened = {
        "framework": f"{framework.code} v{framework.version}",
        "group": group.code,
        "owner": owner.code,
        "year": year,
    }
    record_many(actor, [campaign.to_change(Action.CAMPAIGN_OPENED, None, opened)])
    ensure_assessments(campaign)
    recompute_campaign(campaign, actor)
    return campaign


@dataclass(frozen=True)
class ScoresImported:
    created: int
    updated: int
    unchanged: int


def _set_stage(score: Score, stage: Stage, points: Decimal | None, na: bool) -> None:
    if stage is Stage.SELF:
        score.self_score, score.self_na = points, na
    else:
        score.appraised_score, score.appraised_na = points, na
    score.resolve_final()


def parse_score(raw: str, leaf: Criterion) -> tuple[Decimal | None, bool]:
    """A score cell: points in 0..max with at most two decimals, or a not-applicable mark where the leaf allows it."""
    if raw.strip().lower() in NOT_APPLICABLE_MARKS:
        if not leaf.not_applicable_allowed:
            raise ValueError(_("criterion %(code)s cannot be marked not applicable") % {"code": leaf.code})
        return None, True
    try:
        points = to_decimal(raw)
    except ValueError:
        if non_ascii_digits(raw):
            raise ValueError(_("score “%(value)s” is not a number: use only the digits 0–9") % {"value": raw}) from None
        raise ValueError(_("score “%(value)s” is not a number") % {"value": raw[:40]}) from None
    maximum = leaf.max_points or Decimal(0)
    if points < 0 or points > maximum:
        raise ValueError(
            _("score %(value)s is outside 0..%(max)s for criterion %(code)s")
            % {"value": raw, "max": plain_vi(maximum), "code": leaf.code}
        )
    if points != quantize_points(points):
        raise ValueError(_("score %(value)s has more than two decimals") % {"value": raw})
    return quantize_points(points), False


def _name_leaf(
    campaign: Campaign, setup: ScoringSetup, lookup: CriterionLookup, typed: str
) -> tuple[Criterion | None, str]:
    """The leaf a score row names (by its identity, its path or its printed code when unique in the set), as the
    campaign runs it (the unit group's maximum), or why the row cannot name it."""
    try:
        named = lookup.find(typed)
    except UnknownCriterion as exc:
        return None, str(exc)
    if named is None:
        return None, _("unknown criterion %(code)s") % {"code": typed}
    leaf = setup.by_id.get(named.pk)
    if leaf is None:
        return None, _("criterion %(code)s does not apply to the units of campaign %(campaign)s") % {
            "code": typed,
            "campaign": campaign.code,
        }
    if not leaf.is_leaf:
        return None, _("criterion %(code)s is not a leaf: score its sub-criteria instead") % {"code": typed}
    return leaf, ""


def _unit_may_not(leaf: Criterion, not_applicable: bool) -> list[str]:
    """Why a self score of ``leaf`` cannot be stored: an item the appraisal council scores, or one only the council
    may declare not applicable."""
    if leaf.source == Criterion.Source.COUNCIL:
        return [
            _("criterion %(code)s is scored by the appraisal council: import it as an appraised score")
            % {"code": leaf.code}
        ]
    if not_applicable and leaf.not_applicable_by == Criterion.NotApplicableDeclarer.COUNCIL:
        return [_("only the appraisal council may declare criterion %(code)s not applicable") % {"code": leaf.code}]
    return []


@gc_paused()
def import_scores(
    campaign: Campaign, path: Path | str, stage: Stage, actor: Actor, reason: str = "", encoding: str | None = None
) -> ScoresImported:
    """Load ``unit,criterion,score[,note]`` rows into one stage; all rows or none, then recompute the results. A row
    names its leaf by the leaf's identity, its path ("I/3.1") or its printed code ("3.1") when no other item of the
    set prints the same one; a printed code that repeats is refused with the paths to write instead.

    Set-based (:mod:`parindex.assessments.score_writes`): the file is read as columns, each distinct unit code, leaf
    name and (cell, leaf) is checked once and the columns are mapped through those answers; only a file with a
    problem is read again row by row, to report every bad row with its line. One audit entry per unit."""
    ensure_open(campaign)
    checked = _checked_columns(campaign, stage, read_score_columns(path, encoding))
    if checked is None:
        table = read_csv(path, required=("unit", "criterion", "score"), optional=("note",), encoding=encoding)
        checked = _checked_rows(campaign, stage, table)
    reason = reason or _("import of %(file)s") % {"file": Path(path).name}
    with transaction.atomic():
        written = write_import(campaign.pk, stage is Stage.SELF, stage.action, checked, actor, reason, timezone.now())
        recompute_campaign(campaign, actor, reason)
    return ScoresImported(created=written.created, updated=written.updated, unchanged=written.unchanged)


CheckedRows = tuple[list[int], list[int], list[tuple[Decimal | None, bool]], list[str]]


def _checked_columns(campaign: Campaign, stage: Stage, columns: ScoreColumns | None) -> CheckedRows | None:
    """The file's rows as (unit ids, leaf ids, cells, notes) when every row is good, checked per distinct value;
    None when some row is not (or the file needs the general reader), for :func:`_checked_rows` to say which."""
    if columns is None or not columns.lines:
        return None
    in_campaign = set(campaign.units().values_list("id", flat=True))
    unit_of = {code: uid for code, uid in Unit.objects.values_list("code", "id") if uid in in_campaign}
    if not set(columns.units) <= unit_of.keys():
        return None
    setup = scoring_setup(campaign)
    lookup = campaign.framework.criterion_lookup(campaign.framework.criteria.order_by("position"))
    leaf_of: dict[str, Criterion] = {}
    for typed in set(columns.criteria):
        leaf, problem = _name_leaf(campaign, setup, lookup, typed)
        if problem or leaf is None:
            return None
        leaf_of[typed] = leaf
    # Two rows of one unit and printed leaf code (however each names the leaf) are a duplicate.
    code_of = {typed: leaf.code for typed, leaf in leaf_of.items()}
    if len(set(zip(columns.units, map(code_of.__getitem__, columns.criteria), strict=True))) != len(columns.units):
        return None
    leaf_ids = [leaf_of[typed].pk for typed in columns.criteria]
    unit_ids = [unit_of[code] for code in columns.units]
    cell_of: dict[tuple[str, int], tuple[Decimal | None, bool]] = {}
    for raw, leaf_id in set(zip(columns.scores, leaf_ids, strict=True)):
        leaf = setup.by_id[leaf_id]
        try:
            cell = parse_score(raw, leaf)
        except ValueError:
            return None
        if stage is Stage.SELF and _unit_may_not(leaf, cell[1]):
            return None
        cell_of[(raw, leaf_id)] = cell
    if max(map(len, columns.notes)) > MAX_NOTE_LENGTH:
        return None
    cells = list(map(cell_of.__getitem__, zip(columns.scores, leaf_ids, strict=True)))
    return unit_ids, leaf_ids, cells, columns.notes


def _checked_rows(campaign: Campaign, stage: Stage, table: Table) -> CheckedRows:
    """Every row checked in turn: the rows as (unit ids, leaf ids, cells, notes), or every bad row reported with its
    line (:class:`ImportRejected`)."""
    units = dict(Unit.objects.values_list("code", "id"))
    in_campaign = set(campaign.units().values_list("id", flat=True))
    framework = campaign.framework
    setup = scoring_setup(campaign)
    lookup = framework.criterion_lookup(framework.criteria.order_by("position"))
    note_label = _("the note")
    problems: list[RowProblem] = []
    seen: dict[tuple[str, str], int] = {}
    # A file holds few distinct values per leaf: each (text, leaf) is parsed once, with its error message if any.
    cell_cache: dict[tuple[str, int], tuple[Decimal | None, bool] | str] = {}
    named_leaves: dict[str, tuple[Criterion | None, str]] = {}
    parsed: CheckedRows = ([], [], [], [])
    for line, cells in table.rows:
        unit_code, leaf_code, raw = cells["unit"], cells["criterion"], cells["score"]
        row_problems: list[str] = []
        points: Decimal | None = None
        na = False
        unit_id = units.get(unit_code)
        if unit_id is None:
            row_problems.append(_("unknown unit %(code)s") % {"code": unit_code})
        elif unit_id not in in_campaign:
            row_problems.append(
                _("unit %(code)s is not assessed in campaign %(campaign)s")
                % {"code": unit_code, "campaign": campaign.code}
            )
        resolved = named_leaves.get(leaf_code)
        if resolved is None:
            resolved = named_leaves[leaf_code] = _name_leaf(campaign, setup, lookup, leaf_code)
        leaf, problem = resolved
        if problem:
            row_problems.append(problem)
        elif leaf is not None:
            leaf_code = leaf.code
        key = (unit_code, leaf_code)
        if key in seen:
            row_problems.append(
                _("duplicate row for unit %(unit)s, criterion %(code)s (first on line %(first)s)")
                % {"unit": unit_code, "code": leaf_code, "first": seen[key]}
            )
        else:
            seen[key] = line
        if leaf is not None and leaf.is_leaf:
            parsed_cell = cell_cache.get((raw, leaf.pk))
            if parsed_cell is None:
                try:
                    parsed_cell = cell_cache[(raw, leaf.pk)] = parse_score(raw, leaf)
                except ValueError as exc:
                    parsed_cell = cell_cache[(raw, leaf.pk)] = str(exc)
            if isinstance(parsed_cell, str):
                row_problems.append(parsed_cell)
            else:
                points, na = parsed_cell
                if stage is Stage.SELF:
                    row_problems += _unit_may_not(leaf, na)
        if too_long := length_problem(note_label, cells.get("note", ""), MAX_NOTE_LENGTH):
            row_problems.append(too_long)
        problems.extend(RowProblem(line, message) for message in row_problems)
        if not row_problems and unit_id is not None and leaf is not None:
            parsed[0].append(unit_id)
            parsed[1].append(leaf.pk)
            parsed[2].append((points, na))
            parsed[3].append(cells.get("note", ""))
    if problems:
        raise ImportRejected(problems)
    if not parsed[0]:
        raise ImportRejected([RowProblem(0, _("the file has no score rows"))])
    return parsed


@dataclass(frozen=True)
class ScoreRow:
    """One score to store in bulk; ``value`` is the input behind a self score (a computed indicator, say)."""

    unit_id: int
    leaf: Criterion
    points: Decimal | None
    not_applicable: bool
    note: str = ""
    value: Decimal | None = None


def store_scores(
    campaign: Campaign, stage: Stage, rows: list[ScoreRow], actor: Actor, reason: str, unit: Unit | None = None
) -> ScoresImported:
    """Write many checked scores of one stage at once, audit each change and recompute the campaign's results.

    With ``unit``, every row is that unit's: only its scores are read (locked) and only it is recomputed."""
    with transaction.atomic():
        stored = Score.objects.filter(campaign_id=campaign.pk)
        if unit is not None:
            stored = stored.filter(unit_id=unit.pk).select_for_update()
        existing = {(s.unit_id, s.criterion_id): s for s in stored}
        now = timezone.now()
        new_rows: list[tuple[Any, ...]] = []
        to_update: list[Score] = []
        changes: list[Change] = []
        action = stage.action
        unchanged = 0
        # One payload object per distinct (points, na): the bulk writer then encodes each distinct one once.
        payloads: dict[tuple[Decimal | None, bool], dict[str, Any]] = {}
        for row in rows:
            unit_id, leaf, points, na, note, value = (
                row.unit_id,
                row.leaf,
                row.points,
                row.not_applicable,
                row.note,
                row.value,
            )
            score = existing.get((unit_id, leaf.pk))
            if score is None:
                # A new score goes in as a plain row (no model instance: imports run to 350,000 rows); with only
                # this stage set, the final score is this stage's.
                own = (points, na)
                self_part, appraised_part = (own, (None, False)) if stage is Stage.SELF else ((None, False), own)
                self_value = value if stage is Stage.SELF else None
                new_rows.append(
                    (
                        campaign.pk,
                        unit_id,
                        leaf.pk,
                        self_value,
                        *self_part,
                        *appraised_part,
                        *own,
                        note,
                        "",
                        None,
                        False,
                        now,
                    )
                )
                if self_value is None:
                    after = payloads.get(own) or payloads.setdefault(own, stage_snapshot(points, na))
                else:
                    after = {**stage_snapshot(points, na), "value": plain(self_value)}
                changes.append(Score.entry(action, campaign.pk, unit_id, leaf.pk, None, after))
                continue
            before = score.snapshot(stage)
            _set_stage(score, stage, points, na)
            if stage is Stage.SELF and value is not None:
                score.self_value = value
            if before == score.snapshot(stage) and (not note or note == score.note):
                unchanged += 1
                continue
            if note:
                score.note = note
            score.updated_at = now
            to_update.append(score)
            changes.append(score.to_change(action, before, score.snapshot(stage)))
        insert_rows(Score, SCORE_INSERT_FIELDS, new_rows)
        update_many(Score, SCORE_UPDATE_FIELDS, to_update)
        record_many(actor, changes, reason)
        if unit is not None:
            recompute_unit(campaign, unit, actor, reason)
        else:
            recompute_campaign(campaign, actor, reason)
    return ScoresImported(created=len(new_rows), updated=len(to_update), unchanged=unchanged)


@transaction.atomic
def set_score(
    campaign: Campaign,
    unit: Unit,
    leaf: Criterion,
    stage: Stage,
    points: Decimal | None,
    actor: Actor,
    reason: str = "",
    not_applicable: bool = False,
    value: Decimal | None = None,
    inputs: dict[str, str] | None = None,
    not_applicable_by_rule: bool = False,
) -> Score:
    """Change one score (a page, an API call), audit it and recompute that unit's result and the group's ranks.

    ``value`` is the input behind the score (a ratio, a count, an option number): kept beside a self score, and in
    the audit entry of an appraised one. ``inputs`` are the several inputs of a ratio or a formula (name → plain
    decimal string), kept beside the stage's score and in its audit entry. ``not_applicable_by_rule``: the leaf's
    rule made it not applicable (a ratio's zero denominator), which needs no declaration allowed on the leaf.
    """
    ensure_open(campaign)
    points, not_applicable = checked_points(campaign, leaf, points, not_applicable, not_applicable_by_rule)
    score, created = Score.objects.select_for_update().get_or_create(
        campaign_id=campaign.pk, unit_id=unit.pk, criterion_id=leaf.pk
    )
    change = stage_change(score, stage, points, not_applicable, value, inputs, created=created)
    if change is None:
        return score
    score.save()
    record_many(actor, [change], reason)
    recompute_unit(campaign, unit, actor, reason)
    return score


def checked_points(
    campaign: Campaign, leaf: Criterion, points: Decimal | None, not_applicable: bool, by_rule: bool = False
) -> tuple[Decimal | None, bool]:
    """The points and not-applicable mark a leaf of the campaign takes, or ValueError saying why not. ``by_rule``:
    the leaf's rule made it not applicable (a ratio's zero denominator), which needs no declaration allowed."""
    if not leaf.is_leaf or leaf.framework_id != campaign.framework_id:
        raise ValueError(_("criterion %(code)s is not a leaf of this campaign's set") % {"code": leaf.code})
    if points is not None:
        return parse_score(str(points), leaf)
    if not_applicable and not leaf.not_applicable_allowed and not by_rule:
        raise ValueError(_("criterion %(code)s cannot be marked not applicable") % {"code": leaf.code})
    return points, not_applicable


def stage_change(
    score: Score,
    stage: Stage,
    points: Decimal | None,
    not_applicable: bool,
    value: Decimal | None,
    inputs: dict[str, str] | None,
    *,
    created: bool,
) -> Change | None:
    """Put one stage's points (and the input behind them) on ``score`` in memory and return the audit entry of the
    change, or None when nothing changed. The caller saves the row; a ``created`` row has no "before"."""
    before = None if created else score.snapshot(stage)
    inputs_before = score.self_inputs if stage is Stage.SELF else score.appraised_inputs
    _set_stage(score, stage, points, not_applicable)
    if stage is Stage.SELF:
        score.self_value = value
        score.self_inputs = inputs
    else:
        score.appraised_inputs = inputs
    if before == score.snapshot(stage) and (inputs_before or None) == (inputs or None):
        return None
    change = score.to_change(stage.action, before, score.snapshot(stage))
    if stage is Stage.APPRAISED and value is not None:
        change.after["value"] = plain(value)
    if inputs:
        change.after["inputs"] = dict(inputs)
    if inputs_before and isinstance(change.before, dict):
        change.before["inputs"] = dict(inputs_before)
    return change
