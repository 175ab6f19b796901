"""What the tasks have due, for the reminders, the timeliness figures and the deadline board
(registered in :class:`parindex.tasks.apps.TasksConfig`)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from parindex.deadlines.kinds import DeadlineKind
from parindex.deadlines.registry import Item
from parindex.tasks.models import TaskUnit


def task_items(now: datetime) -> list[Item]:
    """Every task's unit in charge, with when its accepted completion report was sent."""
    parts = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).select_related("task")
    return [
        Item(
            DeadlineKind.TASK,
            str(p.pk),
            p.unit_id,
            p.task.deadline,
            p.completed_at,
            _("Task %(code)s: %(content)s") % {"code": p.task.code, "content": p.task.content[:120]},
            reverse("assignments:task", args=[p.task_id]),
        )
        for p in parts
    ]
