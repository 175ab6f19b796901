"""Deadlines, whatever carries them (an assigned task, a periodic report, a self-assessment window): where a thing
stands against its deadline, and when to remind whom. Plain Python, no Django: the services feed it dates.

A reminder schedule says: some days before the deadline, on the day, then every few days after it; past the
deadline, after ``escalate_after`` reminders to the unit, the next goes to the unit's head and the following ones to
the leadership above it. Reminders go out at ``send_at`` local time on working days: one that would fall on a
weekend or holiday moves to the working day before the deadline's side of it (earlier before the deadline, later
after it), so nobody is reminded on a Sunday and no reminder before the deadline comes after it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum


class Standing(StrEnum):
    """Where a deadline-bearing thing stands (the states the pages show)."""

    PENDING = "pending"  # not done, deadline not passed
    ON_TIME = "on_time"  # done by the deadline
    LATE = "late"  # done after the deadline
    OVERDUE = "overdue"  # not done, deadline passed


def standing(due: datetime, done: datetime | None, now: datetime) -> Standing:
    if done is not None:
        return Standing.ON_TIME if done <= due else Standing.LATE
    return Standing.OVERDUE if now > due else Standing.PENDING


class Level(StrEnum):
    """Who a reminder goes to."""

    UNIT = "unit"  # the unit's officers and head
    HEAD = "head"  # the head of the unit
    LEADERSHIP = "leadership"  # the leaders above the unit, and its head


@dataclass(frozen=True)
class Schedule:
    before_days: tuple[int, ...] = (7, 2)
    on_the_day: bool = True
    every_days_after: int = 2
    escalate_after: int = 3
    max_after: int = 8
    send_at: time = time(8, 0)

    def __post_init__(self) -> None:
        if any(d <= 0 for d in self.before_days) or self.every_days_after <= 0 or self.escalate_after < 0:
            raise ValueError("days before and between reminders must be positive")


@dataclass(frozen=True)
class Slot:
    """One planned reminder: its number (1, 2, …, in time order), when it goes out and to whom."""

    step: int
    at: datetime
    level: Level
    after_deadline: bool


def _working(day: date, days_off: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in days_off


def _shift(day: date, step: int, days_off: Collection[date]) -> date:
    while not _working(day, days_off):
        day += timedelta(days=step)
    return day


def slots(due: datetime, schedule: Schedule, zone: tzinfo, days_off: Collection[date] = ()) -> list[Slot]:
    """Every reminder of one deadline (an aware datetime), in time order."""
    local_due = due.astimezone(zone)
    due_day = local_due.date()

    def at(day: date) -> datetime:
        return datetime.combine(day, schedule.send_at, tzinfo=zone)

    planned: list[tuple[datetime, Level, bool]] = []
    before_days = sorted(set(schedule.before_days), reverse=True)
    for days in before_days:
        moment = at(_shift(due_day - timedelta(days=days), -1, days_off))
        if moment < due:
            planned.append((moment, Level.UNIT, False))
    if schedule.on_the_day:
        moment = at(_shift(due_day, -1, days_off))
        if moment >= due:  # a deadline before the morning reminder: remind an hour before it
            moment = due - timedelta(hours=1)
        planned.append((moment, Level.UNIT, False))
    day = due_day
    for k in range(1, schedule.max_after + 1):
        day = _shift(day + timedelta(days=schedule.every_days_after), 1, days_off)
        if k <= schedule.escalate_after:
            level = Level.UNIT
        elif k == schedule.escalate_after + 1:
            level = Level.HEAD
        else:
            level = Level.LEADERSHIP
        planned.append((at(day), level, True))
    unique: dict[datetime, tuple[Level, bool]] = {}
    for moment, level, after in planned:
        unique.setdefault(moment, (level, after))  # two "before" reminders may land on the same Friday
    ordered = sorted(unique.items())
    return [Slot(step, moment, level, after) for step, (moment, (level, after)) in enumerate(ordered, start=1)]
