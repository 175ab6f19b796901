from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parindex.notifications"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # The cycle announces its steps; this app tells the people who act next (assessments never imports it).
        from parindex.assessments.signals import results_published, step_taken, unit_sheet_context
        from parindex.notifications import steps

        step_taken.connect(steps.on_step, dispatch_uid="notifications.on_step")
        results_published.connect(steps.on_published, dispatch_uid="notifications.on_published")
        unit_sheet_context.connect(steps.unit_sheet_reminders, dispatch_uid="notifications.unit_sheet_reminders")

        # Tasks and periodic reports announce what moves their deadlines; the timeliness figures follow (neither
        # app imports this one).
        from parindex.notifications import timeliness
        from parindex.reports.signals import deadlines_changed as reports_changed
        from parindex.tasks.signals import deadlines_changed as tasks_changed

        tasks_changed.connect(timeliness.on_deadlines_changed, dispatch_uid="notifications.tasks_timeliness")
        reports_changed.connect(timeliness.on_deadlines_changed, dispatch_uid="notifications.reports_timeliness")
