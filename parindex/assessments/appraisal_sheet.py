"""The appraisal sheet as the council reads it: the unit's file grouped by area, each leaf with the unit's input by
its label, the appraiser's input shaped by the leaf's rule, what still waits for an appraisal, the questions, and
the filters. Built from a :class:`~parindex.assessments.sheet.UnitFile` plus one read of the audit log (the values
appraisers typed), so its number of queries does not grow with the set."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation

from parindex.assessments import leafrules
from parindex.assessments.appraisal import Scope, unappraised_leaves, zero_by_policy
from parindex.assessments.models import Assessment, Question
from parindex.assessments.sheet import Row, UnitFile, build_rows
from parindex.audit.models import Action, AuditEntry
from parindex.frameworks.models import Criterion
from parindex.scoring.rules import Choice, Manual

SHOW_TODO = "todo"
SHOW_QUESTIONS = "questions"


@dataclass
class AppraisalRow(Row):
    """A sheet row with what the appraisal page adds: the unit's input in words, the appraiser's input as it stands
    (or as just typed, when a save was refused), and where the leaf stands in the appraisal."""

    declared: str = ""
    typed_value: str = ""
    typed_option: int | None = None
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

    def keep_typed(self, value: str, not_applicable: bool, reason: str) -> None:
        """Show what the appraiser typed, not what is stored: a refused save is never silently put back."""
        self.typed_na, self.typed_reason = not_applicable, reason
        self.typed_value, self.typed_option = value, None
        if self.input is not None and self.input.kind == "choice" and value.strip().isdigit():
            self.typed_option = int(value)


@dataclass
class Area:
    """An area (a depth-1 node) with the rows below it, and its leaves still waiting for an appraisal."""

    node: Criterion
    rows: list[AppraisalRow] = field(default_factory=list)
    waiting: int = 0
    acceptable: int = 0

    @property
    def visible(self) -> bool:
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
        return sum(1 for row in self.waiting if row.editable)

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
    score, leaf, spec = row.score, row.node, row.input
    rule = leaf.rule_object
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
    elif score is not None:
        row.typed_na = score.self_na
        value = score.self_value
        if value is None and isinstance(rule, Manual):
            value = score.self_score
    if value is None:
        return
    if spec is not None and spec.kind == "choice":
        row.typed_option = int(value)
    else:
        row.typed_value = leafrules.num(value)


def _declared(row: AppraisalRow) -> str:
    """The unit's input by its meaning ("Tình huống: Đúng hạn", "Giá trị đo được: 95"); none when it typed points."""
    score, leaf = row.score, row.node
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
            areas.append(Area(node=row.node))
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
            area.acceptable += row.editable
    for row in leaves:
        matches = (
            (show != SHOW_TODO or row.waiting)
            and (show != SHOW_QUESTIONS or bool(row.questions))
            and (area_filter is None or row.area_id == area_filter)
        )
        row.visible = row.in_scope and matches
    for area in areas:
        _hide_empty_headings(area.rows)
    return AppraisalSheet(
        areas=areas,
        leaves=leaves,
        to_appraise=sum(1 for row in leaves if row.entered_here and row.in_scope),
        appraised=sum(
            1
            for row in leaves
            if row.entered_here and row.in_scope and row.score is not None and row.score.is_appraised
        ),
        waiting_total=len(waiting_ids),
        show=show,
        area_filter=area_filter,
    )


def _hide_empty_headings(rows: list[AppraisalRow]) -> None:
    """A heading shows only when a leaf below it does."""
    for i, row in enumerate(rows):
        if row.is_leaf:
            continue
        row.visible = False
        for later in rows[i + 1 :]:
            if not later.is_leaf and later.node.depth <= row.node.depth:
                break
            if later.is_leaf and later.visible:
                row.visible = True
                break
