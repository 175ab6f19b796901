from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "parindex.tasks"
    verbose_name = _("Assigned tasks")

    def ready(self) -> None:
        # What the tasks have due, for the reminders, the timeliness figures and the deadline board.
        from parindex.deadlines import registry
        from parindex.deadlines.kinds import DeadlineKind
        from parindex.tasks.deadlines import task_items

        registry.register(DeadlineKind.TASK, task_items)
