"""The appraisal sheet as the council reads it: the unit's file grouped by area, each leaf with the unit's input by
its label, the appraiser's input shaped by the leaf's rule, what still waits for an appraisal, the questions, and
the filters. Built from a :class:`~parindex.assessments.sheet.UnitFile` plus one read of the audit log (the values
appraisers typed), so its number of queries does not grow with the set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation

from parindex.assessments import leafrules
from parindex.assessments.appraisal import Scope, council_waiting_text, unappraised_leaves, zero_by_policy
from parindex.assessments.models import Assessment, Question
from parindex.assessments.sheet import Box, Row, UnitFile, boxes_for, build_rows, hide_empty_headings, typed_boxes
from parindex.audit.models import Action, AuditEntry
from parindex.frameworks.models import Criterion
from parindex.scoring.rules import Choice, Formula, Manual, Ratio

SHOW_TODO = "todo"
SHOW_QUESTIONS = "questions"


@dataclass
class AppraisalRow(Row):
    """A sheet row with what the appraisal page adds: the unit's input in words, the appraiser's input as it stands
    (or as just typed, when a save was refused), and where the leaf stands in the appraisal."""

    declared: str = ""
    appraised_figure: str = ""  # a tracking row's figure as the appraiser corrected it
    typed: list[Box] = field(default_factory=list)
    typed_na: bool = False
    typed_reason: str = ""
    in_scope: bool = True
    editable: bool = False
    waiting: bool = False
    zero_by_policy: bool = False
    saved: bool = False
    ask_error: str = ""
    asked: bool = False

    @property
    def open_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.answer]

    @property
    def typed_value(self) -> str:
        """The first box as it stands (for most rules the only one)."""
        return self.typed[0].value if self.typed else ""

    @property
    def typed_option(self) -> int | None:
        return self.typed[0].option if self.typed else None

    @property
    def acceptable(self) -> bool:
        """Waiting, and "accept the unit's self scores" can settle it (not an item only the council scores)."""
        return self.waiting and self.editable and not self.council_scored

    def keep_typed(self, posted: str | Mapping[str, str], not_applicable: bool, reason: str) -> None:
        """Show what the appraiser typed, not what is stored: a refused save is never silently put back."""
        self.typed_na, self.typed_reason = not_applicable, reason
        self.typed = typed_boxes(self.inputs, {leafrules.SINGLE: posted} if isinstance(posted, str) else posted)


@dataclass
class Area:
    """An area (a depth-1 node) with the rows below it, and its leaves still waiting for an appraisal."""

    node: Criterion
    rows: list[AppraisalRow] = field(default_factory=list)
    waiting: int = 0
    acceptable: int = 0
    council_waiting: int = 0
    heading: bool = False  # a heading row between areas (no children), shown in its place
    shown_heading: bool = True  # such a heading hides only under a filter

    @property
    def council_note(self) -> str:
        return council_waiting_text(self.council_waiting) if self.council_waiting else ""

    @property
    def visible(self) -> bool:
        if self.heading:
            return self.shown_heading
        return any(row.visible for row in self.rows if row.is_leaf)


@dataclass
class AppraisalSheet:
    areas: list[Area]
    leaves: list[AppraisalRow]
    to_appraise: int
    appraised: int
    waiting_total: int  # every leaf of the unit still waiting, whoever covers it: closing a round waits for them
    show: str = ""
    area_filter: int | None = None

    def row(self, leaf_id: int) -> AppraisalRow | None:
        return next((row for row in self.leaves if row.node.pk == leaf_id), None)

    def area_of(self, row: AppraisalRow) -> Area | None:
        return next((area for area in self.areas if area.node.pk == row.area_id), None)

    @property
    def waiting(self) -> list[AppraisalRow]:
        """Waiting leaves the reader covers (every one for Home Affairs and viewers)."""
        return [row for row in self.leaves if row.waiting and row.in_scope]

    @property
    def acceptable(self) -> int:
        return sum(1 for row in self.waiting if row.acceptable)

    @property
    def council_waiting(self) -> int:
        """Waiting items only the council scores: accepting the unit's self scores leaves them waiting."""
        return sum(1 for row in self.waiting if row.council_scored)

    @property
    def council_note(self) -> str:
        return council_waiting_text(self.council_waiting) if self.council_waiting else ""

    @property
    def outside_scope(self) -> int:
        return self.waiting_total - len(self.waiting)

    @property
    def policy_zero(self) -> list[AppraisalRow]:
        return [row for row in self.leaves if row.zero_by_policy and row.in_scope]

    @property
    def questioned(self) -> list[AppraisalRow]:
        return [row for row in self.leaves if row.questions and row.in_scope]

    @property
    def shown(self) -> bool:
        return any(area.visible for area in self.areas)


def appraised_inputs(file: UnitFile) -> dict[int, tuple[str, Decimal]]:
    """Per leaf, the latest appraised score's audited (score, typed value), for leaves appraised from the page."""
    latest: dict[int, object] = {}
    entries = AuditEntry.objects.filter(
        campaign_id=file.campaign.pk, unit_id=file.unit.pk, action=Action.SCORE_APPRAISED
    ).order_by("id")
    for criterion_id, after in entries.values_list("criterion_id", "after"):
        if criterion_id is not None:
            latest[criterion_id] = after
    typed: dict[int, tuple[str, Decimal]] = {}
    for criterion_id, after in latest.items():
        if isinstance(after, dict) and after.get("value") is not None:
            try:
                typed[criterion_id] = (str(after.get("score")), Decimal(str(after["value"])))
            except InvalidOperation:
                continue
    return typed


def _prefill(row: AppraisalRow, typed: dict[int, tuple[str, Decimal]]) -> None:
    """The appraiser's input as it stands: the value typed for the appraised score, else the unit's own input (so
    saving unchanged confirms the self score)."""
    score, leaf = row.score, row.node
    rule = leaf.rule_object
    if isinstance(rule, Ratio | Formula):
        inputs = None
        if score is not None and score.is_appraised:
            row.typed_na = score.appraised_na and not score.appraised_inputs
            inputs = score.appraised_inputs
            same = (score.appraised_score, score.appraised_na) == (score.self_score, score.self_na)
            if inputs is None and same:
                inputs = score.self_inputs
        elif score is not None:
            row.typed_na = score.self_na and not score.self_inputs
            inputs = score.self_inputs
        row.typed = boxes_for(row.inputs, None, inputs)
        return
    value: Decimal | None = None
    if score is not None and score.is_appraised:
        row.typed_na = score.appraised_na
        if not score.appraised_na:
            audited = typed.get(leaf.pk)
            if audited is not None and audited[0] == str(score.appraised_score):
                value = audited[1]
            elif (score.appraised_score, False) == (score.self_score, score.self_na):
                value = score.self_value
            if value is None and isinstance(rule, Manual):
                value = score.appraised_score
            if value is None and isinstance(rule, Choice):
                matching = [i for i, o in enumerate(rule.options, start=1) if o.points == score.appraised_score]
                value = Decimal(matching[0]) if matching else None
        if leaf.is_tracking and value is not None:
            row.appraised_figure = leafrules.value_text(leaf, value)
    elif score is not None:
        row.typed_na = score.self_na
        value = score.self_value
        if value is None and isinstance(rule, Manual):
            value = score.self_score
    row.typed = boxes_for(row.inputs, value, None)


def _declared(row: AppraisalRow) -> str:
    """The unit's input by its meaning ("Tình huống: Đúng hạn", "Giá trị đo được: 95", "Số hồ sơ đúng hạn: 45 /
    Tổng số hồ sơ: 50"); none when it typed points."""
    score, leaf = row.score, row.node
    if score is not None and score.self_inputs:
        return row.self_inputs_text
    if score is None or score.self_value is None or isinstance(leaf.rule_object, Manual) or row.input is None:
        return ""
    return f"{row.input.label}: {leafrules.value_text(leaf, score.self_value)}"


def build_sheet(
    file: UnitFile,
    assessment: Assessment,
    scope: Scope | None,
    *,
    can_appraise: bool,
    show: str = "",
    area_filter: int | None = None,
    now: datetime | None = None,
) -> AppraisalSheet:
    """The rows grouped by area, with the filters applied (``show``: ``todo`` or ``questions``; one area)."""
    waiting_ids = {leaf.pk for leaf in unappraised_leaves(assessment, file.scores, now)}
    typed = appraised_inputs(file)
    areas: list[Area] = []
    leaves: list[AppraisalRow] = []
    for base in build_rows(file, scope):
        row = AppraisalRow(**{f.name: getattr(base, f.name) for f in fields(Row) if f.init})
        if row.node.depth <= 1 or not areas:
            areas.append(Area(node=row.node, heading=row.is_heading))
            if not row.is_leaf:
                continue  # the area's own heading is its summary line
        area = areas[-1]
        area.rows.append(row)
        if not row.is_leaf:
            continue
        row.area_id = area.node.pk
        leaves.append(row)
        row.in_scope = row.visible
        row.editable = can_appraise and scope is not None and row.visible
        row.waiting = row.node.pk in waiting_ids
        row.zero_by_policy = zero_by_policy(assessment, row.node, row.score, now)
        row.declared = _declared(row)
        _prefill(row, typed)
        if row.waiting:
            area.waiting += 1
            area.acceptable += row.acceptable
            area.council_waiting += row.council_scored
    for row in leaves:
        matches = (
            (show != SHOW_TODO or row.waiting)
            and (show != SHOW_QUESTIONS or bool(row.questions))
            and (area_filter is None or row.area_id == area_filter)
        )
        row.visible = row.in_scope and matches
    for area in areas:
        hide_empty_headings(area.rows)
        if area.heading:
            area.shown_heading = show == "" and area_filter is None
    return AppraisalSheet(
        areas=areas,
        leaves=leaves,
        to_appraise=sum(1 for row in leaves if row.appraised_here and row.in_scope),
        appraised=sum(
            1
            for row in leaves
            if row.appraised_here and row.in_scope and row.score is not None and row.score.is_appraised
        ),
        waiting_total=len(waiting_ids),
        show=show,
        area_filter=area_filter,
    )
