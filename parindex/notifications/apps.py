from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parindex.notifications"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # The cycle announces its steps; this app tells the people who act next (assessments never imports it).
        from parindex.assessments.signals import results_published, step_taken
        from parindex.notifications import steps

        step_taken.connect(steps.on_step, dispatch_uid="notifications.on_step")
        results_published.connect(steps.on_published, dispatch_uid="notifications.on_published")
