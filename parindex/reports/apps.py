from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "parindex.reports"
    verbose_name = _("Periodic reports")

    def ready(self) -> None:
        # What the periodic reports have due, for the reminders, the timeliness figures and the deadline board.
        from parindex.deadlines import registry
        from parindex.deadlines.kinds import DeadlineKind
        from parindex.reports.deadlines import report_items

        registry.register(DeadlineKind.REPORT, report_items)
