"""``parindex survey-results`` output: csv for machines (DESIGN.md §5.4), json, and a table for people."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.surveys.models import Survey
from parindex.surveys.results import ComponentResult, UnitResult
from parindex.xlsxout import csv_writer

CSV_HEADER = ["unit", "component", "respondents", "value"]


def _machine(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _human(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def _figures(result: UnitResult) -> list[ComponentResult]:
    return [*result.components, result.total]


def to_csv(results: list[UnitResult]) -> str:
    """One row per unit and component, then the unit's ``total``; an empty value when nothing was scored. The flag of
    a unit below its minimum sample is not a column (the header is a contract): the command prints it on stderr."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for result in results:
        for figure in _figures(result):
            writer.writerow([result.unit.code, figure.code, figure.respondents, _machine(figure.value)])
    return out.getvalue()


def to_json(survey: Survey, results: list[UnitResult]) -> str:
    def number(value: Decimal | None) -> float | None:
        # A 2-decimal Decimal converts to the float whose shortest repr is the same digits (82.3 → 82.3).
        return None if value is None else float(value)

    def figure(item: ComponentResult) -> dict[str, Any]:
        return {"component": item.code, "name": item.name, "respondents": item.respondents, "value": number(item.value)}

    payload = {
        "survey": survey.code,
        "version": survey.version,
        "title": survey.title,
        "min_sample": survey.min_sample,
        "units": [
            {
                "unit": r.unit.code,
                "name": r.unit.name,
                "responses": r.responses,
                "respondents": r.respondents,
                "below_minimum": r.below_minimum,
                "components": [figure(c) for c in r.components],
                "total": figure(r.total),
            }
            for r in results
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_table(survey: Survey, results: list[UnitResult]) -> str:
    """A plain-text table for people: Vietnamese headers, decimal comma, the minimum-sample flag."""
    header = [_("Code"), _("Unit"), _("Component"), _("Respondents"), _("Value")]
    body: list[list[str]] = []
    for result in results:
        for item in _figures(result):
            flag = ""
            if item.code == result.total.code and result.below_minimum:
                flag = "  " + _("below the minimum sample of %(minimum)s") % {"minimum": survey.min_sample}
            body.append(
                [result.unit.code, result.unit.name, item.name, str(item.respondents), _human(item.value) + flag]
            )
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        cells = [line[i].rjust(widths[i]) if i == 3 else line[i].ljust(widths[i]) for i in range(len(line))]
        return "  ".join(cells).rstrip()

    title = f"{survey.title} ({survey.code})"
    return "\n".join([title, fmt(header), "  ".join("-" * w for w in widths), *(fmt(line) for line in body)]) + "\n"
