"""A leaf's history ("Lịch sử thay đổi") as people read it: who by their full name, what in words, the values as
the sheet shows them (1,84 điểm; the option's label, not its number; 80,11 with a decimal comma), and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from parindex.assessments.leafrules import inputs_text, num, points_text, rate_text
from parindex.assessments.models import Campaign, Evidence
from parindex.audit.display import actor_label
from parindex.audit.grouped import LEAVES_TYPE, leaf_change
from parindex.audit.models import AuditEntry
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.scoring.rules import Choice, Deduction, Formula, PerItem, Ratio


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    who: str
    what: str
    before: str
    after: str
    reason: str


def leaf_history(campaign: Campaign, unit: Unit, leaf: Criterion) -> list[HistoryRow]:
    """Every audited change of the unit's leaf in the campaign (scores, explanations, files, questions), oldest first;
    one query. An import's entry for the whole unit (:mod:`parindex.audit.grouped`) gives the leaf's change when it
    holds one."""
    entries = (
        AuditEntry.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk)
        .filter(Q(criterion_id=leaf.pk) | Q(criterion_id__isnull=True, object_type=LEAVES_TYPE))
        .select_related("actor")
        .order_by("id")
    )
    rows = []
    for entry in entries:
        before, after = entry.before, entry.after
        if entry.criterion_id is None:
            change = leaf_change(before, after, leaf.pk)
            if change is None:
                continue
            before, after = change
        rows.append(
            HistoryRow(
                at=entry.at,
                who=actor_label(entry),
                what=str(entry.get_action_display()),
                before=show_state(before, leaf),
                after=show_state(after, leaf),
                reason=entry.reason,
            )
        )
    return rows


def show_state(state: Any, leaf: Criterion) -> str:
    """One side of an entry (a score, a note, a file, a question or its answer) in words."""
    if state is None or state == {}:
        return "—"
    if not isinstance(state, dict):
        return str(state)
    if "score" in state:
        return _show_score(state, leaf)
    if "sha256" in state or "size" in state:
        return _show_file(state)
    texts = [str(state[key]) for key in ("note", "question", "answer") if state.get(key)]
    if texts or any(key in state for key in ("note", "question", "answer")):
        return " ".join(texts) or "—"
    return "; ".join(f"{key}: {value}" for key, value in state.items())


def _show_score(state: dict[str, Any], leaf: Criterion) -> str:
    if state.get("not_applicable"):
        shown = _("not applicable")
    elif state.get("score") in (None, ""):
        shown = _("no score")
    else:
        shown = points_text(_decimal(state["score"]) or Decimal(0))
    inputs = state.get("inputs")
    if isinstance(inputs, dict) and inputs:
        typed = inputs_text(leaf, inputs)
        value = state.get("value")
        if value not in (None, "") and isinstance(leaf.rule_object, Ratio | Formula):
            measured = _decimal(value)
            if measured is not None:
                label = _("rate") if isinstance(leaf.rule_object, Ratio) else _("value")
                unit = "%" if isinstance(leaf.rule_object, Ratio) else ""
                typed += f"; {label}: {rate_text(measured)}{unit}"
        return f"{shown} ({typed})" if typed else shown
    value = state.get("value")
    if value not in (None, ""):
        shown += f" ({show_input(value, leaf)})"
    return shown


def show_input(value: Any, leaf: Criterion) -> str:
    """What was typed for the rule: the chosen situation's label, a count, or a measured value with a decimal comma."""
    number = _decimal(value)
    if number is None:
        return str(value)
    rule = leaf.rule_object
    if isinstance(rule, Choice) and number == number.to_integral_value() and 1 <= number <= len(rule.options):
        return rule.options[int(number) - 1].label
    if isinstance(rule, Deduction):
        return _("%(count)s times") % {"count": num(number)}
    if isinstance(rule, PerItem):
        return _("%(count)s items") % {"count": num(number)}
    return _("value entered: %(value)s") % {"value": num(number)}


def _show_file(state: dict[str, Any]) -> str:
    size = _decimal(state.get("size"))
    parts = [str(state.get("name", ""))]
    if size is not None:
        parts.append(_("%(size)s KB") % {"size": num((size / 1024).quantize(Decimal("0.1")))})
    stage = state.get("stage")
    if stage == Evidence.Stage.SELF:
        parts.append(_("attached while self-assessing"))
    elif stage == Evidence.Stage.EXPLANATION:
        parts.append(_("attached with the explanation"))
    return parts[0] + (" (" + "; ".join(parts[1:]) + ")" if len(parts) > 1 else "")


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
