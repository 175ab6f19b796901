"""A unit's assessment sheet: the criteria tree with, on each leaf, what the pages show (rule, input, scores, files,
questions). Built with a fixed number of queries whatever the size of the set."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from parindex.assessments import leafrules
from parindex.assessments.appraisal import Scope, area_of
from parindex.assessments.models import Campaign, Evidence, Question, Result, Score
from parindex.assessments.workflow import source_note
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit


@dataclass
class Row:
    """One line of the sheet: an area or criterion heading, or a leaf with everything about it."""

    node: Criterion
    score: Score | None = None
    evidence: list[Evidence] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    rule_text: str = ""
    input: leafrules.InputSpec | None = None
    entered_here: bool = True
    source_text: str = ""
    area_id: int | None = None
    visible: bool = True
    error: str = ""

    @property
    def is_leaf(self) -> bool:
        return self.node.is_leaf

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


def build_rows(campaign: Campaign, unit: Unit, scope: Scope | None = None, leaf_id: int | None = None) -> list[Row]:
    """Rows in display order; with ``scope`` (an appraiser's), leaves outside it are marked not visible.

    With ``leaf_id`` only that leaf's row is built (the HTMX fragment after a save).
    """
    criteria = list(campaign.framework.criteria.order_by("position"))
    by_id = {c.pk: c for c in criteria}
    scores = Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk)
    files = Evidence.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, removed_at__isnull=True)
    questions = Question.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk)
    if leaf_id is not None:
        scores, files, questions = (
            scores.filter(criterion_id=leaf_id),
            files.filter(criterion_id=leaf_id),
            questions.filter(criterion_id=leaf_id),
        )
    score_by_leaf = {s.criterion_id: s for s in scores}
    files_by_leaf: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in files:
        files_by_leaf[evidence.criterion_id].append(evidence)
    questions_by_leaf: dict[int, list[Question]] = defaultdict(list)
    for question in questions:
        questions_by_leaf[question.criterion_id].append(question)
    rows: list[Row] = []
    for node in criteria:
        if leaf_id is not None and node.pk != leaf_id:
            continue
        row = Row(node=node)
        if node.is_leaf:
            row.score = score_by_leaf.get(node.pk)
            row.evidence = files_by_leaf.get(node.pk, [])
            row.questions = questions_by_leaf.get(node.pk, [])
            row.rule_text = leafrules.describe(node)
            row.input = leafrules.input_spec(node)
            row.entered_here = node.source == "self"
            row.source_text = "" if row.entered_here else source_note(node)
            row.area_id = area_of(node, by_id)
            if scope is not None:
                row.visible = scope.covers_leaf(unit.pk, row.area_id)
        rows.append(row)
    if scope is not None:
        _hide_empty_headings(rows)
    return rows


def _hide_empty_headings(rows: list[Row]) -> None:
    """An appraiser assigned to one area sees only that area's headings."""
    for i, row in enumerate(rows):
        if row.is_leaf:
            continue
        depth = row.node.depth
        row.visible = False
        for later in rows[i + 1 :]:
            if not later.is_leaf and later.node.depth <= depth:
                break
            if later.is_leaf and later.visible:
                row.visible = True
                break


@dataclass(frozen=True)
class Totals:
    """The running figures shown beside the sheet."""

    result: Result | None
    self_points: Decimal
    leaves: int
    self_scored: int
    appraised: int
    files: int


def totals(campaign: Campaign, unit: Unit, rows: list[Row]) -> Totals:
    leaves = [r for r in rows if r.is_leaf and r.entered_here]
    return Totals(
        result=Result.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).first(),
        self_points=sum((r.score.self_score for r in leaves if r.score and r.score.self_score is not None), Decimal(0)),
        leaves=len(leaves),
        self_scored=sum(1 for r in leaves if r.has_self),
        appraised=sum(1 for r in rows if r.is_leaf and r.score is not None and r.score.is_appraised),
        files=sum(len(r.evidence) for r in rows),
    )
