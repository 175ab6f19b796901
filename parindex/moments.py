"""Dates and times as people read them on every page, notice and message: "17:00 ngày 15/11/2021"."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def when(moment: datetime) -> str:
    """A deadline as people read it: 17:00 ngày 15/11/2021 (local time)."""
    local = timezone.localtime(moment)
    return _("%(time)s on %(date)s") % {
        "time": formats.time_format(local, "H:i"),
        "date": formats.date_format(local, "SHORT_DATE_FORMAT"),
    }
