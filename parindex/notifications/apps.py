from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reminders, their schedules and the notices of the cycle's steps were this app; their models now live in
    ``parindex.deadlines`` on the same tables (the public holidays came there from ``indicators`` too). This app holds
    no code, only the migrations that created those tables and handed the models over: it stays installed so that
    history loads on every database."""

    name = "parindex.notifications"
    verbose_name = _("Reminders")
