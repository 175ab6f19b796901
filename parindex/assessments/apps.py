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
