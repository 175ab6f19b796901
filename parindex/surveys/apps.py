from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "parindex.surveys"
    label = "surveys"
    verbose_name = _("Sociological surveys")

    def ready(self) -> None:
        from parindex.assessments import sources
        from parindex.assessments.signals import unit_sheet_context
        from parindex.frameworks import sources as framework_sources
        from parindex.surveys import receivers

        sources.register("survey", receivers.source_name)
        # A criteria set naming a survey not loaded yet loads, with a warning (the survey may come later).
        framework_sources.register("survey", receivers.loaded_survey_codes, required=False)
        unit_sheet_context.connect(receivers.unit_sheet_survey, dispatch_uid="surveys.unit_sheet_survey")
