from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "parindex.assignments"
    verbose_name = _("Assigned tasks and periodic reports")
