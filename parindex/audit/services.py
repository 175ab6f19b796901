"""The one place that writes the audit log."""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from parindex.audit.models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who is making a change: a signed-in user, or a command run by someone on the server."""

    user: Any
    name: str

    @classmethod
    def of(cls, user: AbstractBaseUser | AnonymousUser | None) -> Actor:
        if user is None or not user.is_authenticated:
            return cls.command_line()
        return cls(user=user, name=user.get_username())

    @classmethod
    def command_line(cls, label: str | None = None) -> Actor:
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return cls(user=None, name=label or f"cli:{who}")


@dataclass(frozen=True)
class Change:
    """One audited change, before it is written."""

    action: str
    object_type: str
    object_id: str | int
    object_repr: str
    before: Any
    after: Any
    campaign_id: int | None = None
    unit_id: int | None = None


def record(actor: Actor, change: Change, reason: str = "") -> AuditEntry:
    return record_many(actor, [change], reason)[0]


def record_many(actor: Actor, changes: Iterable[Change], reason: str = "") -> list[AuditEntry]:
    """Write many entries at once (imports and recomputes change thousands of rows; one INSERT per batch)."""
    now = timezone.now()
    entries = [
        AuditEntry(
            at=now,
            actor=actor.user,
            actor_name=actor.name[:150],
            action=c.action,
            object_type=c.object_type,
            object_id=str(c.object_id),
            object_repr=c.object_repr[:255],
            campaign_id=c.campaign_id,
            unit_id=c.unit_id,
            before=c.before,
            after=c.after,
            reason=reason,
        )
        for c in changes
    ]
    return AuditEntry.objects.bulk_create(entries, batch_size=2000)
