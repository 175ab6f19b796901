"""Who may see which unit: one place for the scope rules, used by every view and page.

A membership covers its unit and the unit's whole subtree. A superuser is a system administrator over everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from parindex.org.models import Membership, Unit

AnyUser = AbstractBaseUser | AnonymousUser


def _memberships(user: AnyUser, roles: Iterable[str] | None) -> list[Membership]:
    """The user's memberships (with their units), read once per user object, that is once per request: a page
    checks rights several times (the campaign, the unit, the head's buttons)."""
    cached: list[Membership] | None = getattr(user, "_parindex_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user_id=int(user.pk or 0)).select_related("unit"))
        user._parindex_memberships = cached  # type: ignore[union-attr]
    if roles is None:
        return cached
    wanted = set(roles)
    return [m for m in cached if m.role in wanted]


def memberships(user: AnyUser, roles: Iterable[str] | None = None) -> list[Membership]:
    """The user's memberships with their units (``roles`` only, when given); no query after the first."""
    if not user.is_authenticated:
        return []
    return _memberships(user, roles)


def units_for_user(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[Unit]:
    """The units the user holds one of ``roles`` on (any role when None), subtrees included."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    paths = {m.unit.path for m in _memberships(user, roles)}
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def holds_any_role(user: AnyUser, roles: Iterable[str]) -> bool:
    """Whether the user holds one of ``roles`` on some unit (no query beyond the cached memberships)."""
    if not user.is_authenticated:
        return False
    return bool(getattr(user, "is_superuser", False) or _memberships(user, roles))


def has_role(user: AnyUser, unit: Unit, roles: Iterable[str]) -> bool:
    """Whether the user holds one of ``roles`` on ``unit`` or on one of its ancestors."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    ancestors = set(unit.ancestor_ids())
    return any(m.unit_id in ancestors for m in _memberships(user, roles))


def get_unit_for_user(user: AnyUser, code: str, roles: Iterable[str] | None = None) -> Unit:
    """The unit with ``code`` if the user may act on it with one of ``roles``; 404 otherwise (no hint it exists).

    A unit the user is a member of with one of ``roles`` (an officer's own commune) is answered from the memberships
    already read, without a query: it is in its own subtree."""
    if user.is_authenticated and not getattr(user, "is_superuser", False):
        for membership in _memberships(user, roles):
            if membership.unit.code == code:
                return membership.unit
    try:
        return units_for_user(user, roles).get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
