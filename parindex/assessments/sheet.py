"""A unit's assessment sheet: the criteria tree with, on each leaf, what the pages show (rule, input, scores, files,
questions). Built with a fixed number of queries whatever the size of the set."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from parindex.assessments import leafrules
from parindex.assessments.appraisal import Scope, area_of
from parindex.assessments.models import Campaign, Evidence, Question, Result, Score
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.workflow import (
    file_leaves,
    missing_among,
    self_leaves,
    source_note,
    unit_may_declare_not_applicable,
)
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.scoring.numbers import to_decimal
from parindex.scoring.rules import Formula, Ratio


@dataclass(frozen=True)
class Box:
    """One input box of a leaf as a sheet shows it: its field, and what it holds (text, or the chosen option)."""

    field: leafrules.InputField
    value: str = ""
    option: int | None = None


def boxes_for(
    fields: tuple[leafrules.InputField, ...], value: Decimal | None, inputs: Mapping[str, object] | None
) -> list[Box]:
    """The boxes filled with a stage's input: its several inputs by name, else its one value."""
    boxes = []
    for item in fields:
        raw: Decimal | None = None
        if item.key:
            typed = (inputs or {}).get(item.key)
            if typed is not None:
                try:
                    raw = to_decimal(str(typed))
                except ValueError:
                    raw = None
        else:
            raw = value
        if raw is None:
            boxes.append(Box(item))
        elif item.kind == "choice":
            boxes.append(Box(item, option=int(raw)))
        else:
            boxes.append(Box(item, value=leafrules.num(raw)))
    return boxes


def typed_boxes(fields: tuple[leafrules.InputField, ...], posted: Mapping[str, str]) -> list[Box]:
    """The boxes as just typed (a refused save is never silently put back)."""
    boxes = []
    for item in fields:
        text = str(posted.get(item.name, "") or "")
        option = int(text) if item.kind == "choice" and text.strip().isdigit() else None
        boxes.append(Box(item, value=text, option=option))
    return boxes


@dataclass
class Row:
    """One line of the sheet: an area, a criterion or a heading row, or a leaf with everything about it."""

    node: Criterion
    score: Score | None = None
    evidence: list[Evidence] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    rule_text: str = ""
    inputs: tuple[leafrules.InputField, ...] = ()
    entered_here: bool = True
    source_text: str = ""
    area_id: int | None = None
    visible: bool = True
    error: str = ""
    saved: bool = False  # the unit's sheet says "saved" beside the leaf after an autosave
    notes: list[tuple[str, str]] = field(default_factory=list)  # (level, text) beside the leaf's files, e.g. a refusal

    @property
    def is_leaf(self) -> bool:
        return self.node.is_leaf

    @property
    def is_heading(self) -> bool:
        """A row that only groups the rows after it (no input, no points), shown in its place."""
        return self.node.is_heading

    @property
    def input(self) -> leafrules.InputField | None:
        """The leaf's first (for most rules its only) input box."""
        return self.inputs[0] if self.inputs else None

    @property
    def council_scored(self) -> bool:
        return self.node.source == Criterion.Source.COUNCIL

    @property
    def appraised_here(self) -> bool:
        """A scored leaf waiting for the council's appraisal: the unit's own items and the council's."""
        return self.node.is_scored and self.node.source in (Criterion.Source.SELF, Criterion.Source.COUNCIL)

    @property
    def unit_na_allowed(self) -> bool:
        return unit_may_declare_not_applicable(self.node)

    @property
    def self_boxes(self) -> list[Box]:
        """The unit's input boxes filled with what it entered."""
        score = self.score
        return boxes_for(
            self.inputs,
            score.self_value if score is not None else None,
            score.self_inputs if score is not None else None,
        )

    @property
    def self_inputs_text(self) -> str:
        """The unit's several inputs by their labels ("Số hồ sơ đúng hạn: 45 / Tổng số hồ sơ: 50")."""
        return leafrules.inputs_text(self.node, self.score.self_inputs if self.score is not None else None)

    @property
    def self_outcome(self) -> str:
        """What the unit's ratio or formula came to ("Tỷ lệ: 90% → 2 điểm")."""
        s = self.score
        if s is None:
            return ""
        return leafrules.outcome_text(self.node, s.self_value, s.self_inputs, s.self_score, s.self_na)

    @property
    def appraised_outcome(self) -> str:
        s = self.score
        if s is None or not s.is_appraised or not s.appraised_inputs:
            return ""
        rate = _value_of(self.node, s.appraised_inputs)
        return leafrules.outcome_text(self.node, rate, s.appraised_inputs, s.appraised_score, s.appraised_na)

    @property
    def self_value_input(self) -> str:
        """The unit's input as it typed it, in the page's number format (85,5 in Vietnamese)."""
        if self.score is None or self.score.self_value is None:
            return ""
        return leafrules.num(self.score.self_value)

    @property
    def selected_option(self) -> int | None:
        if self.score is None or self.score.self_value is None:
            return None
        return int(self.score.self_value)

    @property
    def has_self(self) -> bool:
        return self.score is not None and (self.score.self_score is not None or self.score.self_na)

    @property
    def differs(self) -> bool:
        """The appraised score departs from the self score (the page highlights it)."""
        s = self.score
        return s is not None and s.is_appraised and (s.appraised_score, s.appraised_na) != (s.self_score, s.self_na)


def _value_of(leaf: Criterion, inputs: Mapping[str, object]) -> Decimal | None:
    """A ratio's rate or a formula's value from stored inputs (the score row keeps only the unit's value)."""
    rule = leaf.rule_object
    if not isinstance(rule, Ratio | Formula):
        return None
    try:
        return rule.value_of({name: to_decimal(str(raw)) for name, raw in inputs.items()})
    except (ValueError, ArithmeticError):
        return None


@dataclass
class UnitFile:
    """Everything a unit has in a campaign, read with four queries: its scores, files, questions and result.

    The sheet's rows, its running totals and the list of what is missing all come from this one read.
    """

    campaign: Campaign
    unit: Unit
    scores: dict[int, Score]
    files: dict[int, list[Evidence]]
    questions: dict[int, list[Question]]
    result: Result | None

    @classmethod
    def load(
        cls,
        campaign: Campaign,
        unit: Unit,
        scores: dict[int, Score] | None = None,
        result: Result | None = None,
        *,
        self_assessing: bool = False,
    ) -> UnitFile:
        """Read the unit's file; ``scores`` (by leaf id) and ``result`` already in hand after a save are not read
        again. A unit ``self_assessing`` has no council questions: they are asked once it is appraised, and no step
        leads from there back to self-assessment."""
        where = {"campaign_id": campaign.pk, "unit_id": unit.pk}
        files: dict[int, list[Evidence]] = defaultdict(list)
        for evidence in Evidence.objects.filter(**where, removed_at__isnull=True):
            files[evidence.criterion_id].append(evidence)
        questions: dict[int, list[Question]] = defaultdict(list)
        for question in () if self_assessing else Question.objects.filter(**where):
            questions[question.criterion_id].append(question)
        return cls(
            campaign=campaign,
            unit=unit,
            scores=scores if scores is not None else {s.criterion_id: s for s in Score.objects.filter(**where)},
            files=files,
            questions=questions,
            result=result if result is not None else Result.objects.filter(**where).order_by().first(),
        )

    def missing(self) -> list[tuple[Criterion, str]]:
        return missing_among(file_leaves(self.campaign), self.scores, self.files)

    def totals(self) -> Totals:
        self_ids = [leaf.pk for leaf in self_leaves(self.campaign)]
        scores = self.scores.values()
        return Totals(
            result=self.result,
            leaves=len(self_ids),
            self_scored=sum(
                1 for i in self_ids if (s := self.scores.get(i)) and (s.self_score is not None or s.self_na)
            ),
            appraised=sum(1 for s in scores if s.is_appraised),
            files=sum(len(files) for files in self.files.values()),
        )


def build_rows(file: UnitFile, scope: Scope | None = None, leaf_id: int | None = None) -> list[Row]:
    """Rows in display order; with ``scope`` (an appraiser's), leaves outside it are marked not visible.

    With ``leaf_id`` only that leaf's row is built (the HTMX fragment after a save).
    """
    setup = scoring_setup(file.campaign)
    criteria, by_id = setup.criteria, setup.by_id
    rows: list[Row] = []
    for node in criteria:
        if leaf_id is not None and node.pk != leaf_id:
            continue
        row = Row(node=node)
        if node.is_leaf:
            row.score = file.scores.get(node.pk)
            row.evidence = file.files.get(node.pk, [])
            row.questions = file.questions.get(node.pk, [])
            row.rule_text = leafrules.describe(node)
            row.inputs = leafrules.input_fields(node)
            row.entered_here = node.source == Criterion.Source.SELF
            row.source_text = "" if row.entered_here else source_note(node)
            row.area_id = area_of(node, by_id)
            if scope is not None:
                row.visible = scope.covers_leaf(file.unit.pk, row.area_id)
        rows.append(row)
    if scope is not None:
        _hide_empty_headings(rows)
    return rows


def _hide_empty_headings(rows: list[Row]) -> None:
    """An appraiser assigned to one area sees only that area's headings."""
    hide_empty_headings(rows)


def hide_empty_headings(rows: Sequence[Row]) -> None:
    """A heading shows when a leaf it covers shows: an area or a criterion the leaves under it; a heading row (which
    has no children) the leaves after it, up to the next heading row or node at its level or above."""
    for i, row in enumerate(rows):
        if row.is_leaf:
            continue
        depth = row.node.depth
        row.visible = False
        for later in rows[i + 1 :]:
            at = later.node.depth
            if row.is_heading:
                if at < depth or (later.is_heading and at <= depth):
                    break
            elif at <= depth:
                break
            if later.is_leaf and later.visible:
                row.visible = True
                break


@dataclass
class AreaGroup:
    """An area of the sheet with everything under it, so the page can fold it; ``head`` is the area's own row."""

    head: Row
    rows: list[Row]

    @property
    def visible(self) -> bool:
        if self.head.is_heading:
            return self.head.visible  # a heading row between areas: shown in its place, hidden only by a filter
        return any(row.visible for row in self.rows if row.is_leaf)

    @property
    def own_leaves(self) -> list[Row]:
        """The scored leaves the unit enters itself (not those computed from an indicator or the survey, nor those the
        council scores, nor tracking rows)."""
        return [row for row in self.rows if row.is_leaf and row.entered_here and row.node.is_scored]

    @property
    def done(self) -> int:
        return sum(1 for row in self.own_leaves if row.has_self)


def by_area(rows: list[Row], keep: Callable[[Row], bool] | None = None) -> list[AreaGroup]:
    """The rows grouped under their areas (depth-1 nodes). With ``keep``, only the leaves it accepts stay visible,
    and headings and areas left with no visible leaf are hidden too (the sheet's filters)."""
    groups: list[AreaGroup] = []
    for row in rows:
        if row.node.depth <= 1 or not groups:
            groups.append(AreaGroup(head=row, rows=[]))
        groups[-1].rows.append(row)
    if keep is not None:
        for row in rows:
            if row.is_leaf:
                row.visible = row.visible and keep(row)
        _hide_empty_headings(rows)
    return groups


@dataclass(frozen=True)
class SheetFilter:
    """What the unit's sheet shows: every leaf, those still missing something, or those the council asked about;
    in every area or in one."""

    MISSING = "missing"
    QUESTIONS = "questions"

    show: str = ""
    area_id: int | None = None

    @classmethod
    def read(cls, show: str, area: str, area_ids: Container[int]) -> SheetFilter:
        """From the page's query string; anything it does not know shows everything."""
        area_id = int(area) if area.isdigit() and int(area) in area_ids else None
        return cls(show if show in (cls.MISSING, cls.QUESTIONS) else "", area_id)

    @property
    def active(self) -> bool:
        return bool(self.show) or self.area_id is not None

    def keeps(self, row: Row, missing: Container[int], questioned: Container[int]) -> bool:
        if self.show == self.MISSING and row.node.pk not in missing:
            return False
        if self.show == self.QUESTIONS and row.node.pk not in questioned:
            return False
        return self.area_id is None or row.area_id == self.area_id


@dataclass(frozen=True)
class Totals:
    """The running figures shown beside the sheet."""

    result: Result | None
    leaves: int
    self_scored: int
    appraised: int
    files: int
