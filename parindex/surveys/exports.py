"""Excel workbooks of a survey, for people: the results (never with respondents' personal data) and the list of
respondents for the field team. Text is written as text, never as a live formula (:mod:`parindex.xlsxout`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from parindex.surveys.charts import QuestionChart
from parindex.surveys.dashboard import FieldRow
from parindex.surveys.models import Respondent, Response, Survey
from parindex.surveys.responses import flag_label
from parindex.surveys.results import UnitResult
from parindex.surveys.sampling import channel_label
from parindex.xlsxout import Column, excel_number, put, save, style_header, write_row

TWO_DECIMALS = "0.00"
HEADER_ROW = 3


def _sheet(workbook: Workbook, title: str, heading: str, columns: Sequence[Column], first: bool = False) -> Worksheet:
    sheet = workbook.active if first else workbook.create_sheet()
    assert isinstance(sheet, Worksheet)
    sheet.title = title[:31]
    put(sheet.cell(row=1, column=1), heading).font = Font(bold=True, size=13)
    style_header(sheet, columns, row=HEADER_ROW)
    return sheet


def _heading(survey: Survey, what: str, now: datetime | None) -> str:
    when = timezone.localtime(now or timezone.now()).strftime("%d/%m/%Y %H:%M")
    return _("%(what)s · %(survey)s · exported %(when)s") % {"what": what, "survey": survey.title, "when": when}


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def _rows(sheet: Worksheet, rows: Sequence[Sequence[Any]], columns: Sequence[Column]) -> None:
    for offset, values in enumerate(rows, start=HEADER_ROW + 1):
        write_row(sheet, offset, values, columns)


def _number(value: Decimal | None) -> int | Decimal | str | None:
    return excel_number(value)


def results_xlsx(
    survey: Survey,
    results: Sequence[UnitResult],
    field: Sequence[FieldRow],
    charts: Sequence[QuestionChart],
    responses: Sequence[Response],
    now: datetime | None = None,
) -> bytes:
    """Four sheets: the results per unit and component (and total), each question's value per unit, the field work
    per unit, and the responses (way, date, flags) — no name, phone, dossier reference or link of anyone."""
    workbook = Workbook()
    columns = [
        Column(_("Unit code"), 12, text=True),
        Column(_("Unit"), 32, wrap=True),
        Column(_("Component"), 34, wrap=True),
        Column(_("Respondents"), 13, number_format="0"),
        Column(_("Value (0–100)"), 13, number_format=TWO_DECIMALS),
        Column(_("Under the minimum sample"), 14),
    ]
    sheet = _sheet(workbook, _("Results"), _heading(survey, _("Survey results"), now), columns, first=True)
    lines: list[list[Any]] = []
    for result in results:
        for figure in [*result.components, result.total]:
            lines.append(
                [
                    result.unit.code,
                    result.unit.name,
                    figure.name,
                    figure.respondents,
                    _number(figure.value),
                    _yes(result.below_minimum),
                ]
            )
    _rows(sheet, lines, columns)

    columns = [
        Column(_("Unit code"), 12, text=True),
        Column(_("Unit"), 32, wrap=True),
        Column(_("Question"), 12, text=True),
        Column(_("Question text"), 50, wrap=True),
        Column(_("Scored answers"), 13, number_format="0"),
        Column(_("Value (0–100)"), 13, number_format=TWO_DECIMALS),
    ]
    sheet = _sheet(workbook, _("Questions"), _heading(survey, _("Value of each question"), now), columns)
    _rows(
        sheet,
        [
            [r.unit.code, r.unit.name, q.name, q.label, q.answers, _number(q.value)]
            for r in results
            for q in r.questions
        ],
        columns,
    )

    columns = [
        Column(_("Question"), 12, text=True),
        Column(_("Question text"), 50, wrap=True),
        Column(_("Answer"), 30, wrap=True),
        Column(_("Score"), 9, text=True),
        Column(_("Responses"), 12, number_format="0"),
    ]
    sheet = _sheet(workbook, _("Answers"), _heading(survey, _("Distribution of the answers"), now), columns)
    _rows(
        sheet,
        [
            [chart.question.name, chart.question.label, label, score, count]
            for chart in charts
            for label, score, count in zip(chart.labels, chart.scores, chart.counts, strict=True)
        ],
        columns,
    )

    columns = [
        Column(_("Unit code"), 12, text=True),
        Column(_("Unit"), 32, wrap=True),
        Column(_("Population"), 12, number_format="0"),
        Column(_("Sample size"), 12, number_format="0"),
        Column(_("Responses"), 12, number_format="0"),
        Column(_("Completion (%)"), 13, number_format=TWO_DECIMALS),
        Column(_("Answered too fast"), 13, number_format="0"),
        Column(_("Same answer to every question"), 15, number_format="0"),
        Column(_("Under the minimum sample"), 14),
    ]
    sheet = _sheet(workbook, _("Field work"), _heading(survey, _("Field work"), now), columns)
    _rows(
        sheet,
        [
            [
                row.unit.code,
                row.unit.name,
                row.population,
                row.size,
                row.responses,
                _number(row.completion),
                row.too_fast,
                row.straight_line,
                _yes(row.under_minimum),
            ]
            for row in field
        ],
        columns,
    )

    columns = [
        Column(_("Response no."), 12, number_format="0"),
        Column(_("Unit code"), 12, text=True),
        Column(_("Unit"), 32, wrap=True),
        Column(_("Way"), 18),
        Column(_("Submitted at"), 17, text=True),
        Column(_("Flags"), 36, wrap=True),
    ]
    sheet = _sheet(workbook, _("Forms received"), _heading(survey, _("Responses recorded"), now), columns)
    _rows(
        sheet,
        [
            [
                response.pk,
                response.unit.code,
                response.unit.name,
                response.get_channel_display(),
                timezone.localtime(response.submitted_at).strftime("%d/%m/%Y %H:%M"),
                "; ".join(flag_label(flag) for flag in response.flags),
            ]
            for response in responses
        ],
        columns,
    )
    return save(workbook)


def respondents_xlsx(
    survey: Survey,
    respondents: Sequence[Respondent],
    links: Sequence[tuple[str, str]],
    personal: bool,
    now: datetime | None = None,
) -> bytes:
    """The list the field team works from: for each respondent drawn, the unit, the dossier's procedure and channel,
    the one-time link to the web form and its QR code; the dossier reference, name and phone only when ``personal``
    (Home Affairs staff)."""
    workbook = Workbook()
    columns = [
        Column(_("No."), 6, number_format="0"),
        Column(_("Unit code"), 12, text=True),
        Column(_("Unit"), 28, wrap=True),
        *(
            [
                Column(_("Dossier reference"), 20, text=True),
                Column(_("Full name"), 24, wrap=True),
                Column(_("Phone"), 14, text=True),
            ]
            if personal
            else []
        ),
        Column(_("Procedure"), 32, wrap=True),
        Column(_("Channel"), 20, wrap=True),
        Column(_("Link to the form"), 48, text=True),
        Column(_("QR code"), 48, text=True),
        Column(_("Answered on"), 16, text=True),
    ]
    sheet = _sheet(workbook, _("Drawn respondents"), _heading(survey, _("Respondents drawn"), now), columns, first=True)
    lines = []
    for number, (respondent, (link, qr)) in enumerate(zip(respondents, links, strict=True), start=1):
        used = respondent.token_used_at
        lines.append(
            [
                number,
                respondent.unit.code,
                respondent.unit.name,
                *([respondent.reference, respondent.name, respondent.phone] if personal else []),
                respondent.procedure,
                channel_label(respondent.channel) if respondent.channel else "",
                link,
                qr,
                timezone.localtime(used).strftime("%d/%m/%Y") if used else "",
            ]
        )
    _rows(sheet, lines, columns)
    return save(workbook)
