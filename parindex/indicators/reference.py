"""The reference data of the indicators, loaded from YAML: public holidays (working days) and yearly targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.deadlines.models import Holiday
from parindex.frameworks.services import read_yaml
from parindex.frameworks.spec import SpecError
from parindex.indicators.models import Indicator, Target
from parindex.tabular import ImportRejected, RowProblem

SAMPLES = Path(__file__).resolve().parent / "samples"


def _entries(path: Path, key: str) -> list[dict[str, Any]]:
    try:
        data = read_yaml(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportRejected([RowProblem(0, _("cannot read the file: %(error)s") % {"error": exc.strerror})]) from None
    except SpecError as exc:
        raise ImportRejected([RowProblem(0, str(problem)) for problem in exc.problems]) from None
    except ValueError as exc:  # a date YAML reads as one but cannot exist, e.g. 2026-13-01
        raise ImportRejected([RowProblem(0, _("not valid YAML: %(error)s") % {"error": exc})]) from None
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ImportRejected([RowProblem(0, _("the file must hold a list under “%(key)s”") % {"key": key})])
    return entries


@transaction.atomic
def load_holidays(path: Path) -> int:
    """Add or rename the listed holidays; every entry checked first (all or nothing). Returns how many."""
    problems: list[RowProblem] = []
    parsed: list[tuple[date, str]] = []
    for i, entry in enumerate(_entries(path, "holidays"), start=1):
        day, name = (entry or {}).get("day"), str((entry or {}).get("name", "")).strip()
        if not isinstance(day, date):
            try:
                day = date.fromisoformat(str(day))
            except ValueError:
                problems.append(RowProblem(i, _("“%(value)s” is not a date (yyyy-mm-dd)") % {"value": day}))
                continue
        if not name:
            problems.append(RowProblem(i, _("the holiday needs a name")))
            continue
        parsed.append((day, name))
    if problems:
        raise ImportRejected(problems)
    for day, name in parsed:
        Holiday.objects.update_or_create(day=day, defaults={"name": name})
    return len(parsed)


@dataclass(frozen=True)
class TargetsLoaded:
    created: int
    changed: int


@transaction.atomic
def load_targets(path: Path, actor: Actor) -> TargetsLoaded:
    """Set the listed yearly targets (audited when one changes); all or nothing."""
    problems: list[RowProblem] = []
    parsed: list[tuple[str, int, Decimal]] = []
    codes = set(Indicator.values)
    for i, entry in enumerate(_entries(path, "targets"), start=1):
        entry = entry or {}
        indicator, year, raw = str(entry.get("indicator", "")), entry.get("year"), entry.get("minimum")
        if indicator not in codes:
            problems.append(
                RowProblem(
                    i,
                    _("unknown indicator “%(code)s”; known: %(known)s")
                    % {"code": indicator, "known": ", ".join(sorted(codes))},
                )
            )
        try:
            year = int(str(year))
        except ValueError:
            year = None
        if year is None or not 2000 <= year <= 2100:
            problems.append(RowProblem(i, _("the year must be a number such as 2026")))
        try:
            minimum = Decimal(str(raw))
        except InvalidOperation:
            minimum = Decimal(-1)
        if not Decimal(0) <= minimum <= Decimal(100):
            problems.append(RowProblem(i, _("the target must be a percentage from 0 to 100")))
        if indicator in codes and isinstance(year, int):
            parsed.append((indicator, year, minimum))
    if problems:
        raise ImportRejected(problems)
    created = changed = 0
    for indicator, year, minimum in parsed:
        created_now, changed_now = set_target(indicator, year, minimum, actor)
        created += created_now
        changed += changed_now
    return TargetsLoaded(created, changed)


def set_target(indicator: str, year: int, minimum: Decimal, actor: Actor, reason: str = "") -> tuple[int, int]:
    """Create or change one target, audited; returns (created, changed) as 0/1."""
    target = Target.objects.filter(indicator=indicator, year=year).first()
    before = None if target is None else str(target.minimum)
    if target is not None and target.minimum == minimum:
        return 0, 0
    target = target or Target(indicator=indicator, year=year)
    target.minimum = minimum
    target.save()
    record(actor, target.to_change(Action.TARGET_CHANGED, before, str(minimum)), reason)
    return (1, 0) if before is None else (0, 1)
