"""The demo's operational data: this year's one-stop dossiers and document-system logins of every unit, up to
today, written as the software would export them and imported through the same checks as any file.

Each unit has a profile (how much it receives online, by post, how punctual it is, how its officials use the
document system), so the dashboard shows strong and weak units and the auto-scored items get real figures.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from parindex.audit.services import Actor
from parindex.deadlines.models import Holiday
from parindex.indicators import store
from parindex.indicators.models import Target
from parindex.indicators.reference import SAMPLES, load_holidays, load_targets, set_target
from parindex.indicators.services import import_file
from parindex.org.models import Unit

DOSSIER_HEADER = [
    "dossier_id",
    "unit",
    "procedure",
    "received_at",
    "due_at",
    "returned_at",
    "submission",
    "return_by",
    "recorded",
    "apology",
]
PROCEDURES = [
    ("Chứng thực bản sao từ bản chính", 1),
    ("Đăng ký khai sinh", 1),
    ("Đăng ký kết hôn", 3),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", 15),
    ("Đăng ký hộ kinh doanh", 3),
    ("Xác nhận tình trạng hôn nhân", 3),
]


def _workdays(year: int, until: date) -> list[date]:
    holidays = set(Holiday.objects.filter(day__year=year).values_list("day", flat=True))
    day, days = date(year, 1, 1), []
    while day <= until:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def _add_workdays(start: date, count: int, workdays: set[date]) -> date:
    day = start
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and (day in workdays or day > max(workdays)):
            count -= 1
    return day


def _fmt(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%d/%m/%Y %H:%M")


def write_files(folder: Path, rng: random.Random, until: date) -> tuple[Path, Path]:
    """One year of dossiers and logins (1 January to ``until``) for every unit with a group, as CSV files."""
    year = until.year
    days = _workdays(year, until)
    day_set = set(days)
    units = list(Unit.objects.filter(group__isnull=False, is_active=True).order_by("code"))
    dossiers, logins = folder / f"ho-so-{year}.csv", folder / f"dang-nhap-{year}.csv"
    with (
        open(dossiers, "w", encoding="utf-8", newline="") as d_file,
        open(logins, "w", encoding="utf-8", newline="") as l_file,
    ):
        d_out, l_out = csv.writer(d_file), csv.writer(l_file)
        d_out.writerow(DOSSIER_HEADER)
        l_out.writerow(["user", "unit", "at"])
        for n, unit in enumerate(units):
            online = rng.uniform(0.25, 0.75)  # share received online
            full = rng.uniform(0.25, 0.6)  # of which fully online
            postal = rng.uniform(0.02, 0.2)
            punctual = rng.uniform(0.9, 0.995)
            apologises = rng.uniform(0.3, 1.0)
            recorded = 1.0 if rng.random() < 0.5 else rng.uniform(0.9, 0.99)
            diligence = rng.uniform(0.65, 0.99)  # chance an official logs in 4+ times on a working day
            per_day = rng.uniform(2.0, 6.0)
            seq = 0
            for day in days:
                for _i in range(int(per_day) + (1 if rng.random() < per_day % 1 else 0)):
                    seq += 1
                    procedure, duration = rng.choice(PROCEDURES)
                    received = datetime.combine(day, time(rng.randint(7, 16), rng.choice([0, 15, 30, 45])))
                    due = datetime.combine(_add_workdays(day, duration, day_set), time(17, 0))
                    draw = rng.random()
                    if draw < postal:
                        submission = "postal"
                    elif draw < postal + online:
                        submission = "online_full" if rng.random() < full else "online_partial"
                    else:
                        submission = "direct"
                    returned: datetime | None = None
                    if due.date() <= until or rng.random() < 0.3:
                        if rng.random() < punctual:
                            returned = received + (due - received) * rng.uniform(0.2, 0.98)
                        else:
                            returned = due + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 6))
                        if returned.date() > until:
                            returned = None
                    late = returned is not None and returned > due
                    return_by = (
                        "postal" if rng.random() < postal else ("online" if submission == "online_full" else "direct")
                    )
                    d_out.writerow(
                        [
                            f"{unit.code}-{year}-{seq:05d}",
                            unit.code,
                            procedure,
                            _fmt(received),
                            _fmt(due),
                            _fmt(returned),
                            submission,
                            return_by,
                            1 if rng.random() < recorded else 0,
                            1 if late and rng.random() < apologises else 0,
                        ]
                    )
            officials = [f"{unit.code.lower()}.cb{k}" for k in range(1, rng.randint(4, 8))]
            for day in days:
                for official in officials:
                    count = rng.randint(4, 7) if rng.random() < diligence else rng.randint(0, 3)
                    for _k in range(count):
                        moment = datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59)))
                        l_out.writerow([official, unit.code, moment.strftime("%Y-%m-%d %H:%M")])
            if n % 7 == 0:  # a few weekend logins, which do not count
                saturday = next((d for d in days if d.weekday() == 4), None)
                if saturday:
                    l_out.writerow([officials[0], unit.code, f"{saturday + timedelta(days=1)} 09:00"])
    return dossiers, logins


def load_operations(work: Path, rng: random.Random, actor: Actor) -> None:
    """Holidays, the sample targets and this year's data, imported like any export (safe to run again)."""
    load_holidays(SAMPLES / "holidays-vn.yaml")
    load_targets(SAMPLES / "targets-sample.yaml", actor)
    until = timezone.localdate()
    # The sample targets are written for one year; the demo's year is always the current one.
    for target in Target.objects.filter(year=2026):
        set_target(target.indicator, until.year, target.minimum, actor)
    dossiers, logins = write_files(work, rng, until)
    store.clear()
    import_file("dossiers", dossiers, actor)
    import_file("logins", logins, actor)
