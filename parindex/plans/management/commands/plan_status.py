from __future__ import annotations

import io
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from parindex.assessments.management.commands._campaign import campaign_or_error
from parindex.plans.services import UnitStatus, status_rows
from parindex.xlsxout import csv_writer

CSV_HEADER = ["unit", "name", "state", "actions", "done", "on_time", "overdue"]


def to_csv(rows: list[UnitStatus]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([r.unit.code, r.unit.name, r.state, r.actions, r.done, r.on_time, r.overdue])
    return out.getvalue()


def to_table(title: str, rows: list[UnitStatus]) -> str:
    """A plain-text table for people, in Vietnamese."""
    header = [_("Code"), _("Unit"), _("Improvement plan"), _("Actions"), _("Completed"), _("On time"), _("Overdue")]
    body = [
        [r.unit.code, r.unit.name, r.state_label, str(r.actions), str(r.done), str(r.on_time), str(r.overdue)]
        for r in rows
    ]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        cells = [c.rjust(widths[i]) if i >= 3 else c.ljust(widths[i]) for i, c in enumerate(line)]
        return "  ".join(cells).rstrip()

    return "\n".join([title, fmt(header), "  ".join("-" * w for w in widths), *(fmt(line) for line in body)]) + "\n"


class Command(BaseCommand):
    help = (
        "Where each unit of a campaign stands with its improvement plan. csv: header "
        "unit,name,state,actions,done,on_time,overdue, one row per unit by code; state is none, draft, submitted, "
        "returned or accepted; table: for people (Vietnamese)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--format", choices=["table", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_or_error(options["campaign"])
        rows = status_rows(campaign)
        if options["format"] == "csv":
            self.stdout.write(to_csv(rows), ending="")
        else:
            self.stdout.write(to_table(f"{campaign.name} ({campaign.code})", rows), ending="")
