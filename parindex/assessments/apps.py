from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "parindex.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        # What the units owe in the cycle, for the reminders, the timeliness figures and the deadline board.
        from parindex.assessments.deadlines import explanation_items, self_assessment_items
        from parindex.deadlines import registry
        from parindex.deadlines.kinds import DeadlineKind

        registry.register(DeadlineKind.SELF_ASSESSMENT, self_assessment_items)
        registry.register(DeadlineKind.EXPLANATION, explanation_items)

        # The cycle's steps reach the people who act next, as notices in the bell and by e-mail.
        from parindex.assessments import notices
        from parindex.assessments.signals import results_published, step_taken, unit_sheet_context

        step_taken.connect(notices.on_step, dispatch_uid="assessments.notices.on_step")
        results_published.connect(notices.on_published, dispatch_uid="assessments.notices.on_published")
        unit_sheet_context.connect(notices.unit_sheet_reminders, dispatch_uid="assessments.notices.sheet_reminders")
