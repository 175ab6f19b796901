"""Who sees which indicators, and who brings in the operational data.

The dashboard is the committee's view: Home Affairs, administrators, appraisers and leaders (viewers) see the units
in their scope. A unit's own people see their unit's page. Only Home Affairs staff and administrators import files.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from parindex.indicators.models import ImportBatch
from parindex.org.access import AnyUser, holds_any_role, units_for_user
from parindex.org.models import MANAGER_ROLES, OVERSIGHT_ROLES, Unit

IMPORT_ROLES = MANAGER_ROLES


def can_see_dashboard(user: AnyUser) -> bool:
    return holds_any_role(user, OVERSIGHT_ROLES)


def can_import(user: AnyUser) -> bool:
    return holds_any_role(user, IMPORT_ROLES)


def dashboard_units(user: AnyUser) -> QuerySet[Unit]:
    if not can_see_dashboard(user):
        raise PermissionDenied
    return units_for_user(user, OVERSIGHT_ROLES)


def get_indicator_unit_for_user(user: AnyUser, code: str) -> Unit:
    """A unit whose indicators the user may read (any role on it or above it); 404 otherwise."""
    try:
        return units_for_user(user).get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None


def get_batch_for_user(user: AnyUser, pk: int) -> ImportBatch:
    """An import the user may follow: those who import see every import (a colleague's too); 403 for others."""
    if not can_import(user):
        raise PermissionDenied
    try:
        return ImportBatch.objects.select_related("created_by").get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None
