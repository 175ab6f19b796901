from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "parindex.indicators"
    verbose_name = _("Operational indicators")

    def ready(self) -> None:
        from parindex.assessments import sources
        from parindex.frameworks import sources as framework_sources
        from parindex.indicators.models import Indicator

        labels = dict(Indicator.choices)
        sources.register("indicator", lambda code: str(labels.get(code, code)))
        # A criteria set naming an indicator that is not computed here is refused when it is loaded.
        framework_sources.register("indicator", lambda: frozenset(Indicator.values), required=True)

        # The timeliness figures follow every change the deadlines app announces, and show on a unit's to-do list
        # (the deadlines app never imports this one).
        from parindex.deadlines.signals import deadlines_changed, unit_todo_context
        from parindex.indicators import timeliness

        deadlines_changed.connect(timeliness.on_deadlines_changed, dispatch_uid="indicators.timeliness")
        unit_todo_context.connect(timeliness.unit_todo_figures, dispatch_uid="indicators.unit_todo_figures")
