from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    """Tasks and periodic reports were one app, ``assignments``; their models now live in ``parindex.tasks`` and
    ``parindex.reports`` on the same tables. This app holds no code, only the migrations that created those tables
    (0001) and handed the models over (0002): it stays installed so that history loads on every database."""

    name = "parindex.assignments"
    verbose_name = _("Assigned tasks and periodic reports")
