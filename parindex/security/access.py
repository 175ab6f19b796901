"""Who must use two-step verification when the installation requires it (REQUIRE_TWO_FACTOR=1)."""

from __future__ import annotations

from parindex.org.access import AnyUser, holds_any_role
from parindex.org.models import MANAGER_ROLES


def must_use_second_factor(user: AnyUser) -> bool:
    """Home Affairs staff and administrators (the role, Django's staff and superusers): they change every unit's
    campaign, so a stolen password alone must not be enough."""
    if not user.is_authenticated:
        return False
    staff = getattr(user, "is_superuser", False) or getattr(user, "is_staff", False)
    return bool(staff or holds_any_role(user, MANAGER_ROLES))
