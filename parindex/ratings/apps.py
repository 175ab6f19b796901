from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "parindex.ratings"
    verbose_name = _("Head ratings")

    def ready(self) -> None:
        from parindex.assessments.signals import results_locked, results_reopened, unit_sheet_context
        from parindex.ratings import receivers

        unit_sheet_context.connect(receivers.unit_sheet_rating, dispatch_uid="ratings.unit_sheet_rating")
        # The head ratings are stored with the lock and removed by a re-opening, in the same transaction.
        results_locked.connect(receivers.store_with_the_lock, dispatch_uid="ratings.store_with_the_lock")
        results_reopened.connect(receivers.discard_on_reopening, dispatch_uid="ratings.discard_on_reopening")
