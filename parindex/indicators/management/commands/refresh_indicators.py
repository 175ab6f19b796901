from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.indicators.services import refresh


class Command(BaseCommand):
    help = (
        "Compute every indicator again from the store (after a holiday or unit change, or at the start of a month) "
        "and score the leaves linked to them in open campaigns."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = refresh(Actor.command_line())
        self.stdout.write(
            _("%(figures)s figures computed; %(scores)s linked scores changed")
            % {"figures": done.figures, "scores": done.scores_changed}
        )
