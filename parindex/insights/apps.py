from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """The leaders' view across years: pages that combine the campaigns' results, the criteria sets' areas and the
    unit groups; nothing imports this app."""

    name = "parindex.insights"
    label = "insights"
    verbose_name = _("Results across years")
