"""The campaign a command names with --campaign (a module Django does not list as a command: leading underscore)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign


def campaign_or_error(code: str) -> Campaign:
    campaign = Campaign.objects.select_related("framework", "group").filter(code=code).first()
    if campaign is None:
        raise CommandError(_("there is no campaign with code %(code)s") % {"code": code})
    return campaign
