"""The history of a task as people read it: who changed what on the task, its units and its reports, when and why,
each field labelled and shown as the pages show it (units by name, dates dd/mm/yyyy)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from parindex.audit.display import actor_label
from parindex.audit.models import AuditEntry
from parindex.org.models import Unit
from parindex.review import Review
from parindex.tasks.models import Task, TaskReport
from parindex.tasks.services import show_day, show_moment

FIELD_LABELS = {
    "code": gettext_lazy("code"),
    "document_number": gettext_lazy("document number"),
    "document_date": gettext_lazy("document date"),
    "signer": gettext_lazy("signed by"),
    "issuer": gettext_lazy("assigned by"),
    "content": gettext_lazy("content"),
    "deadline": gettext_lazy("completion deadline"),
    "lead": gettext_lazy("unit in charge"),
    "coordinating": gettext_lazy("coordinating units"),
    "unit": gettext_lazy("unit"),
    "kind": gettext_lazy("kind of report"),
    "text": gettext_lazy("report"),
    "file": gettext_lazy("file"),
    "started_at": gettext_lazy("first progress report"),
    "review": gettext_lazy("review"),
    "note": gettext_lazy("review note"),
    "completed_at": gettext_lazy("completed at"),
}
_HIDDEN = {"size", "sha256"}


_UNIT_KEYS = ("issuer", "lead", "coordinating", "unit")  # the log keeps units by code; people read their names


def _show_value(key: str, value: Any, names: Mapping[str, str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key in _UNIT_KEYS:
        codes = value if isinstance(value, list) else [value]
        return "; ".join(names.get(str(code), str(code)) for code in codes)
    if key in ("deadline", "started_at", "completed_at"):
        return show_moment(datetime.fromisoformat(value))
    if key == "document_date":
        return show_day(date.fromisoformat(value))
    if key == "kind" and value in TaskReport.Kind.values:
        return str(TaskReport.Kind(value).label)
    if key == "review" and value in Review.values:
        return str(Review(value).label)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@dataclass
class HistoryEntry:
    entry: AuditEntry
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    who: str = ""  # the person's full name
    about: str = ""  # what the entry is about, units by name


def describe(entry: AuditEntry, names: Mapping[str, str] | None = None) -> HistoryEntry:
    """The fields an entry changed, labelled and formatted as people read them: (field, before, after); ``names``
    gives units' names by code."""
    names = names or {}
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in _HIDDEN or before.get(key) == after.get(key):
            continue
        label = str(FIELD_LABELS.get(key, key))
        changes.append((label, _show_value(key, before.get(key), names), _show_value(key, after.get(key), names)))
    about = " / ".join(names.get(part, part) for part in entry.object_repr.split(" / "))
    return HistoryEntry(entry, changes, who=actor_label(entry), about=about)


def _unit_codes(entries: Sequence[AuditEntry]) -> set[str]:
    codes: set[str] = set()
    for entry in entries:
        for state in (entry.before, entry.after):
            if not isinstance(state, dict):
                continue
            for key in _UNIT_KEYS:
                value = state.get(key)
                codes.update(str(v) for v in (value if isinstance(value, list) else [value]) if v)
        codes.update(entry.object_repr.split(" / ")[1:])
    return codes


def history(task: Task, part_ids: Sequence[int], report_ids: Sequence[int]) -> list[HistoryEntry]:
    """Who changed what on the task, its units and its reports, when and why, oldest first.

    Task entries carry no campaign, and the audit log's one index starts with the campaign: asking for entries
    without one skips every score entry, whatever the issuer or units were when an entry was written.
    """
    about = Q(object_type="task", object_id=str(task.pk))
    if part_ids:
        about |= Q(object_type="task_unit", object_id__in=[str(pk) for pk in part_ids])
    if report_ids:
        about |= Q(object_type="task_report", object_id__in=[str(pk) for pk in report_ids])
    entries = list(AuditEntry.objects.filter(about, campaign_id__isnull=True).select_related("actor").order_by("id"))
    names = dict(Unit.objects.filter(code__in=_unit_codes(entries)).values_list("code", "name"))
    return [describe(entry, names) for entry in entries]
