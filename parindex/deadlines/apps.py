from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    """Deadlines, whatever carries them: the apps with deadlines register their providers (:mod:`.registry`) in their
    own ``ready()``; this app imports none of them."""

    name = "parindex.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines and reminders")
