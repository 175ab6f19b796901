from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "parindex.ratings"
    verbose_name = _("Head ratings")
