from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "parindex.tasks"
    verbose_name = _("Assigned tasks")
