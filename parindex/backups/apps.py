from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """``backup`` and ``restore``: one archive with the database, the private files and the indicator store, checked
    against its manifest before anything is restored. No models: nothing imports this app."""

    name = "parindex.backups"
    verbose_name = _("Backups")
