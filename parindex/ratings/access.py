"""Who may see and keep the disciplinary cases register.

Home Affairs staff (and administrators) keep it for the units in their scope. Leaders who watch those units
(viewers) read it, and a head of unit reads the cases of their own unit, since they cap the head's rating. Officers,
appraisers and everyone else see nothing of it: it names officials.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from parindex.org.access import AnyUser, has_role, holds_any_role, units_for_user
from parindex.org.models import MANAGER_ROLES, READER_ROLES, Role, Unit
from parindex.ratings.models import DisciplinaryCase

READ_ROLES = (*READER_ROLES, Role.HEAD)
EDIT_ROLES = MANAGER_ROLES


def register_units_for_user(user: AnyUser, edit: bool = False) -> QuerySet[Unit]:
    return units_for_user(user, EDIT_ROLES if edit else READ_ROLES)


def can_read_register(user: AnyUser) -> bool:
    return holds_any_role(user, READ_ROLES)


def can_edit_register(user: AnyUser) -> bool:
    return holds_any_role(user, EDIT_ROLES)


def cases_for_user(user: AnyUser) -> QuerySet[DisciplinaryCase]:
    return DisciplinaryCase.objects.filter(unit__in=register_units_for_user(user)).select_related("unit")


def get_case_for_user(user: AnyUser, pk: int) -> DisciplinaryCase:
    """A case the user may read; 404 otherwise (no hint it exists)."""
    try:
        return cases_for_user(user).get(pk=pk)
    except DisciplinaryCase.DoesNotExist:
        raise Http404 from None


def get_rw_case_for_user(user: AnyUser, pk: int) -> DisciplinaryCase:
    """A case the user keeps: 404 if they may not read it, 403 if they may read it but not change it."""
    case = get_case_for_user(user, pk)
    if not has_role(user, case.unit, EDIT_ROLES):
        raise PermissionDenied
    return case
