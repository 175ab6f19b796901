from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "parindex.indicators"
    verbose_name = _("Operational indicators")

    def ready(self) -> None:
        from parindex.assessments import sources
        from parindex.indicators.models import Indicator

        labels = dict(Indicator.choices)
        sources.register("indicator", lambda code: str(labels.get(code, code)))
