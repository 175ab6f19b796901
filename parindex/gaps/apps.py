from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapsConfig(AppConfig):
    """Where each unit lost its points and what would move it up (a capability above the cycle: it reads the cycle's
    results and adds to the unit's sheet and the overview through the cycle's signals)."""

    name = "parindex.gaps"
    label = "gaps"
    verbose_name = _("Points lost")

    def ready(self) -> None:
        from parindex.assessments.signals import overview_context, unit_sheet_context
        from parindex.gaps import receivers

        unit_sheet_context.connect(receivers.unit_sheet_gaps, dispatch_uid="gaps.unit_sheet_gaps")
        overview_context.connect(receivers.overview_gaps, dispatch_uid="gaps.overview_gaps")
