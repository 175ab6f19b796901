"""What the periodic reports have due, for the reminders, the timeliness figures and the deadline board
(registered in :class:`parindex.reports.apps.ReportsConfig`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from parindex.deadlines.kinds import DeadlineKind
from parindex.deadlines.registry import Item
from parindex.org.models import Unit
from parindex.reports.models import ReportPeriod, ReportSubmission, report_done_at


def report_items(now: datetime, periods: Iterable[ReportPeriod] | None = None) -> list[Item]:
    """Every (periodic report, unit of its group) pair, with when the unit submitted it."""
    periods = list(periods if periods is not None else ReportPeriod.objects.select_related("group"))
    group_units: dict[int, list[int]] = defaultdict(list)
    for pk, group_id in Unit.objects.filter(is_active=True, group__isnull=False).values_list("pk", "group_id"):
        group_units[group_id].append(pk)
    sent: dict[tuple[int, int], list[ReportSubmission]] = defaultdict(list)
    for submission in ReportSubmission.objects.filter(period__in=periods).only(
        "period_id", "unit_id", "submitted_at", "review"
    ):
        sent[(submission.period_id, submission.unit_id)].append(submission)
    codes = dict(Unit.objects.filter(group__isnull=False).values_list("pk", "code"))
    return [
        Item(
            DeadlineKind.REPORT,
            f"{period.pk}:{unit_id}",
            unit_id,
            period.deadline,
            report_done_at(sent[(period.pk, unit_id)]),
            _("Periodic PAR report: %(period)s") % {"period": f"{period.get_kind_display()} {period.year}"},
            reverse("assignments:report-unit", args=[period.pk, codes[unit_id]]),
        )
        for period in periods
        for unit_id in group_units[period.group_id]
    ]
