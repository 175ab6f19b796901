"""The one interface between the apps with deadlines and those that follow them (reminders, timeliness figures, the
deadline board). Each app with deadlines registers, in its ``AppConfig.ready()``, one provider per kind it owns: a
callable ``(now) -> Iterable[Item]`` listing every deadline of that kind, done or not. The followers read them through
:func:`items` and import no model of those apps.

    from parindex.deadlines import registry
    registry.register(DeadlineKind.TASK, task_items)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from parindex.deadlines.core import Standing, standing
from parindex.deadlines.kinds import DeadlineKind


@dataclass(frozen=True)
class Item:
    """One deadline a unit owed: its kind, its key within the kind, the unit, when it was due and when it was done
    (None: not yet), with what the pages and reminders say of it. ``running`` is False once what it belongs to has
    closed (a campaign no longer open): it still counts for timeliness, but is no longer owed nor reminded."""

    kind: DeadlineKind
    key: str
    unit_id: int
    due: datetime
    done: datetime | None
    subject: str = ""
    link: str = ""
    running: bool = True

    def standing(self, now: datetime) -> Standing:
        return standing(self.due, self.done, now)


Provider = Callable[[datetime], Iterable[Item]]

_providers: dict[DeadlineKind, Provider] = {}


def register(kind: DeadlineKind, provider: Provider) -> None:
    """Make ``provider`` the source of the deadlines of ``kind`` (registering again replaces it: ``ready()`` may run
    more than once)."""
    _providers[DeadlineKind(kind)] = provider


def registered() -> list[DeadlineKind]:
    return [kind for kind in DeadlineKind if kind in _providers]


def items(now: datetime, kinds: Iterable[DeadlineKind] | None = None) -> list[Item]:
    """Every deadline of the given kinds (default: all), kind by kind in the order of :class:`DeadlineKind`. A kind
    nobody registered has no deadline."""
    wanted = set(DeadlineKind) if kinds is None else {DeadlineKind(k) for k in kinds}
    found: list[Item] = []
    for kind in DeadlineKind:
        if kind in wanted and kind in _providers:
            found.extend(_providers[kind](now))
    return found
