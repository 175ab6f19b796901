"""The calendar of periodic reports: a YAML file (default: the shipped sample ``samples/report-calendar.yaml``) giving
each kind of report its day, month and time, read and checked with every problem listed. Planning a year from it is
:func:`parindex.reports.services.plan_reports`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.frameworks.services import read_yaml
from parindex.frameworks.spec import SpecError
from parindex.reports.models import ReportPeriod

SAMPLE_CALENDAR = Path(__file__).resolve().parent / "samples" / "report-calendar.yaml"
YEARS = (2000, 2100)

SHORT = {
    ReportPeriod.Kind.Q1: gettext_lazy("first quarter"),
    ReportPeriod.Kind.H1: gettext_lazy("six months"),
    ReportPeriod.Kind.Q3: gettext_lazy("third quarter"),
    ReportPeriod.Kind.YEAR: gettext_lazy("year"),
}


class CalendarRejected(ValueError):
    """A calendar file that cannot be used: every problem, in the user's language."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CalendarEntry:
    kind: str
    day: int
    month: int
    at: time

    def label(self) -> str:
        return str(SHORT[ReportPeriod.Kind(self.kind)])

    def due_text(self) -> str:
        """ "15/03": the day and month, as the calendar file writes them."""
        return f"{self.day:02d}/{self.month:02d}"


@dataclass(frozen=True)
class Calendar:
    """A calendar of periodic reports as read from its file; ``sample`` when it says it is one."""

    name: str
    zone: ZoneInfo
    entries: tuple[CalendarEntry, ...]
    sample: bool
    path: Path

    def deadlines(self, year: int) -> dict[str, datetime]:
        """Each kind's deadline in ``year`` (an aware datetime in the calendar's zone)."""
        problems, result = [], {}
        for entry in self.entries:
            try:
                day = date(year, entry.month, entry.day)
            except ValueError:
                problems.append(
                    _("report “%(kind)s”: %(day)02d/%(month)02d does not exist in %(year)s")
                    % {"kind": entry.kind, "day": entry.day, "month": entry.month, "year": year}
                )
                continue
            result[entry.kind] = datetime.combine(day, entry.at, tzinfo=self.zone)
        if problems:
            raise CalendarRejected(problems)
        return result


def _parse_entry(index: int, raw: Any) -> tuple[CalendarEntry | None, list[str]]:
    where = _("report %(number)s") % {"number": index}
    if not isinstance(raw, dict):
        return None, [_("%(where)s: expected kind, due and at") % {"where": where}]
    problems = []
    unknown = sorted(set(raw) - {"kind", "due", "at"})
    if unknown:
        problems.append(_("%(where)s: unknown field “%(field)s”") % {"where": where, "field": ", ".join(unknown)})
    kind = str(raw.get("kind", "")).strip()
    if kind not in ReportPeriod.Kind.values:
        problems.append(
            _("%(where)s: unknown kind “%(kind)s”; known: %(known)s")
            % {"where": where, "kind": kind, "known": ", ".join(ReportPeriod.Kind.values)}
        )
    day = month = 0
    try:
        day, month = (int(part) for part in str(raw.get("due", "")).split("/"))
        date(2000, month, day)  # a leap year: 29/02 is checked against the planned year
    except ValueError:
        problems.append(
            _("%(where)s: “%(value)s” is not a day and month (dd/mm)") % {"where": where, "value": raw.get("due", "")}
        )
    at = time(17, 0)
    if "at" in raw:
        try:
            at = time.fromisoformat(str(raw["at"]).strip())
        except ValueError:
            problems.append(
                _("%(where)s: “%(value)s” is not a time of day (hh:mm)") % {"where": where, "value": raw["at"]}
            )
    if problems:
        return None, problems
    return CalendarEntry(kind, day, month, at.replace(second=0, microsecond=0)), []


def read_calendar(path: Path | str | None = None) -> Calendar:
    """Read and check a calendar file (every problem listed); the shipped sample when ``path`` is None."""
    path = Path(path) if path else SAMPLE_CALENDAR
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CalendarRejected(
            [_("cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror or exc}]
        ) from None
    except SpecError as exc:
        raise CalendarRejected([str(p) for p in exc.problems]) from None
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list) or not data["reports"]:
        raise CalendarRejected([_("the calendar must hold a list of reports under “reports”")])
    problems: list[str] = []
    try:
        zone = ZoneInfo(str(data.get("time_zone") or "Asia/Ho_Chi_Minh"))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(_("unknown time zone “%(zone)s”") % {"zone": data.get("time_zone")})
        zone = ZoneInfo("Asia/Ho_Chi_Minh")
    entries: list[CalendarEntry] = []
    for index, raw in enumerate(data["reports"], start=1):
        entry, found = _parse_entry(index, raw)
        problems += found
        if entry is None:
            continue
        if any(e.kind == entry.kind for e in entries):
            problems.append(_("report “%(kind)s” is listed twice") % {"kind": entry.kind})
        entries.append(entry)
    if problems:
        raise CalendarRejected(problems)
    order = list(ReportPeriod.Kind.values)
    return Calendar(
        name=str(data.get("name") or path.stem),
        zone=zone,
        entries=tuple(sorted(entries, key=lambda e: order.index(e.kind))),
        sample=data.get("sample") is True,
        path=path,
    )
