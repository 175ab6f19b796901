"""The one place that writes the audit log."""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from parindex.audit.models import AuditEntry
from parindex.dbbulk import insert_rows


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


@dataclass(slots=True)  # not frozen: imports build one per score, and frozen construction costs twice as much
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
    criterion_id: int | None = None


AUDIT_FIELDS = [
    "at",
    "actor",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "campaign_id",
    "unit_id",
    "criterion_id",
    "before",
    "after",
    "reason",
]


def record(actor: Actor, change: Change, reason: str = "") -> AuditEntry:
    """Write one entry and return it (with its id)."""
    return AuditEntry.objects.create(
        actor=actor.user,
        actor_name=actor.name[:150],
        action=change.action,
        object_type=change.object_type,
        object_id=str(change.object_id),
        object_repr=change.object_repr[:255],
        campaign_id=change.campaign_id,
        unit_id=change.unit_id,
        criterion_id=change.criterion_id,
        before=change.before,
        after=change.after,
        reason=reason,
    )


def record_many(actor: Actor, changes: Iterable[Change], reason: str = "") -> int:
    """Write many entries at once: imports and recomputes change thousands of rows, so one prepared INSERT runs for
    all of them (:mod:`parindex.dbbulk`). Returns how many entries were written."""
    now = timezone.now()
    user_id = actor.user.pk if actor.user is not None else None
    name = actor.name[:150]
    rows = [
        (
            now,
            user_id,
            name,
            c.action,
            c.object_type,
            str(c.object_id),
            c.object_repr[:255],
            c.campaign_id,
            c.unit_id,
            c.criterion_id,
            c.before,
            c.after,
            reason,
        )
        for c in changes
    ]
    insert_rows(AuditEntry, AUDIT_FIELDS, rows)
    return len(rows)
