"""The one place that writes the audit log.

An entry is built from the object it is about: an audited model mixes in :class:`Audited` and says what its entries
name (``audit_type``; ``audit_id()``, ``audit_repr()`` and ``audit_scope()`` — the campaign, unit and leaf ids the
entry is filed under), and usually gives a ``snapshot()`` (a JSON-ready dict of its audited fields). A change is then
recorded by one call::

    before = case.snapshot()
    ...  # change and save the object
    record(actor, case.to_change(Action.DISCIPLINE_CHANGED, before, case.snapshot()), reason)

``to_change(action, before, after, **extra)`` takes keyword overrides of any :class:`Change` field (an entry that
names its object differently, e.g. ``object_repr=``). Bulk writers build the entries the same way and write them with
:func:`record_many`; where no instance exists (imports insert plain rows), the model offers a classmethod that builds
the same entry from ids (e.g. :meth:`parindex.assessments.models.Score.entry`).

Only an event with no row behind it builds its :class:`Change` directly: an operational-data file merged into the
indicator store (:func:`parindex.indicators.services.import_file`).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from parindex.audit import chain
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


class Audited:
    """Mixed into a model whose changes are audited: its entries are built from the object (see the module's doc).

    ``audit_type`` is the entry's ``object_type``; by default the entry names the object by its primary key and
    ``str()``, and files it under no campaign, unit or leaf.
    """

    audit_type: ClassVar[str]

    def audit_id(self) -> str | int:
        return self.pk  # type: ignore[attr-defined]

    def audit_repr(self) -> str:
        return str(self)

    def audit_scope(self) -> dict[str, int | None]:
        """The ``campaign_id``, ``unit_id`` and ``criterion_id`` the entry is filed under (those that apply)."""
        return {}

    def to_change(self, action: str, before: Any, after: Any, **extra: Any) -> Change:
        """The audit entry of ``action`` on this object, from ``before`` to ``after``; ``extra`` overrides any field."""
        fields: dict[str, Any] = {
            "object_type": self.audit_type,
            "object_id": self.audit_id(),
            "object_repr": self.audit_repr(),
            **self.audit_scope(),
            **extra,
        }
        return Change(action=action, before=before, after=after, **fields)


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
CHAINED_FIELDS = [*AUDIT_FIELDS, "seq", "prev_hash", "hash"]


def record(actor: Actor, change: Change, reason: str = "") -> AuditEntry:
    """Write one entry, chained (:mod:`parindex.audit.chain`), and return it (with its id)."""
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
    all of them (:mod:`parindex.dbbulk`), each chained (:mod:`parindex.audit.chain`) in the same transaction.
    Returns how many entries were written."""
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
    with transaction.atomic(savepoint=False):  # the chain's head stays locked until the entries are committed
        insert_rows(AuditEntry, CHAINED_FIELDS, chain.seal_rows(rows))
    return len(rows)
