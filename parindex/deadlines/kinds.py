"""The kinds of deadline. The values are stored (``Reminder.kind``, ``ReminderSchedule.kind``): never change one."""

from __future__ import annotations

from enum import StrEnum


class DeadlineKind(StrEnum):
    """What a deadline belongs to, in the order the reminders, the figures and the board list them."""

    REPORT = "report"  # a unit's periodic report (parindex.reports)
    TASK = "task"  # an assigned task, for the unit in charge (parindex.tasks)
    SELF_ASSESSMENT = "self_assessment"  # a unit's self-assessment in a campaign (parindex.assessments)
    EXPLANATION = "explanation"  # an explanation the appraisal council asked of a unit (parindex.assessments)
    PLAN_ACTION = "plan_action"  # an action of a unit's accepted improvement plan (parindex.plans)


# The kinds reminded on a schedule and counted in the timeliness figures. An explanation owed is only shown on the
# unit's to-do list (the council's round 2 follows either way).
SCHEDULED = (DeadlineKind.REPORT, DeadlineKind.TASK, DeadlineKind.SELF_ASSESSMENT, DeadlineKind.PLAN_ACTION)
