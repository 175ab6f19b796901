"""Setting the effort marks of a criteria-set version's sub-criteria, audited."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record_many
from parindex.frameworks.models import Framework
from parindex.gaps.models import Effort, LeafEffort
from parindex.scoring.engine import LeafKind

UNSCORED_KINDS = [LeafKind.TRACKING, LeafKind.HEADING]  # a tracking row loses no point: nothing to win back


@transaction.atomic
def set_effort_marks(framework: Framework, marks: Mapping[int, str], actor: Actor, reason: str = "") -> int:
    """Set the effort of the leaves named by id in ``marks`` ("" removes the mark); leaves not named are left as
    they are. Every change is audited; returns how many marks changed. A leaf of another set, or an effort that is
    not low, medium or high, raises ValueError before anything is written."""
    leaves = {
        c.pk: c for c in framework.criteria.filter(is_leaf=True, pk__in=list(marks)).exclude(kind__in=UNSCORED_KINDS)
    }
    for pk, effort in marks.items():
        if pk not in leaves:
            raise ValueError(f"criterion {pk} is not a sub-criterion of {framework.code}")
        if effort and effort not in Effort.values:
            raise ValueError(f"effort {effort!r} is not one of {', '.join(Effort.values)}")
    existing = {m.criterion_id: m for m in LeafEffort.objects.select_for_update().filter(criterion_id__in=leaves)}
    changes: list[Change] = []
    for pk, effort in marks.items():
        mark = existing.get(pk)
        if mark is None and effort:
            mark = LeafEffort.objects.create(criterion=leaves[pk], effort=effort)
            changes.append(mark.to_change(Action.EFFORT_CHANGED, None, mark.snapshot()))
        elif mark is not None and not effort:
            before = mark.snapshot()
            mark.criterion = leaves[pk]
            change = mark.to_change(Action.EFFORT_CHANGED, before, None)
            mark.delete()
            changes.append(change)
        elif mark is not None and mark.effort != effort:
            before = mark.snapshot()
            mark.effort = effort
            mark.criterion = leaves[pk]
            mark.save(update_fields=["effort", "changed_at"])
            changes.append(mark.to_change(Action.EFFORT_CHANGED, before, mark.snapshot()))
    record_many(actor, changes, reason)
    return len(changes)
