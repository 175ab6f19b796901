"""Test helpers: XLSForms written from rows, the hand-made questionnaire and its responses (testdata/).

``hand-survey.xlsx`` is :data:`HAND` written by :func:`write_xlsform` (regenerate with
``.venv/bin/python -m parindex.surveys.tests.xlsforms``); ``hand-responses.csv`` holds its responses as KoboToolbox
exports them (``_uuid``, ``unit``, one column per question, answers by choice name). The values the tests expect were
computed by hand in ``test_survey_results.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook

TESTDATA = Path(__file__).resolve().parent / "testdata"
HAND_FORM = TESTDATA / "hand-survey.xlsx"
HAND_RESPONSES = TESTDATA / "hand-responses.csv"

SURVEY_HEADER = ["type", "name", "label", "required", "component", "weight"]
CHOICES_HEADER = ["list_name", "name", "label", "score"]

# Components a (weight 2) and b (weight 1); q2 weighs 3 in a; "0" (Không biết) is not scored.
HAND: dict[str, Any] = {
    "survey": [
        SURVEY_HEADER,
        ["select_one hl", "q1", "Nơi ngồi chờ đủ chỗ", "yes", "a", ""],
        ["select_one hl", "q2", "Dễ tìm hiểu thủ tục", "yes", "a", 3],
        ["select_one hl", "q3", "Công chức lịch sự", "yes", "b", 1],
        ["select_one hl", "q4", "Công chức hướng dẫn dễ hiểu", "yes", "b", ""],
        ["text", "ghi_chu", "Góp ý", "", "", ""],
    ],
    "choices": [
        CHOICES_HEADER,
        ["hl", "5", "Rất hài lòng", 100],
        ["hl", "4", "Hài lòng", 60],
        ["hl", "2", "Không hài lòng", 20],
        ["hl", "1", "Rất không hài lòng", 0],
        ["hl", "0", "Không biết", None],
    ],
    "settings": [["form_id", "version", "form_title", "min_sample"], ["khao-sat-tay", "1", "Khảo sát thử", 2]],
    "components": [["component", "name", "weight"], ["a", "Tiếp cận dịch vụ", 2], ["b", "Công chức", 1]],
}


def write_xlsform(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with one sheet per key, rows as given (first row the header)."""
    workbook = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet(title)
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def edited(change: Any) -> dict[str, list[list[Any]]]:
    """A deep copy of :data:`HAND` passed through ``change(sheets)``."""
    sheets = {name: [list(row) for row in rows] for name, rows in HAND.items()}
    change(sheets)
    return sheets


def without_extras(sheets: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The same form as a plain XLSForm: no components sheet, no component/weight/score/min_sample columns."""
    drop = {"component", "weight", "score", "min_sample", "margin", "sample"}
    plain = {}
    for name, rows in sheets.items():
        if name == "components":
            continue
        keep = [i for i, h in enumerate(rows[0]) if h not in drop]
        plain[name] = [[row[i] if i < len(row) else None for i in keep] for row in rows]
    return plain


def hand_responses() -> list[dict[str, str]]:
    with HAND_RESPONSES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def record_rows(survey: Any, rows: list[dict[str, str]]) -> None:
    """Store response rows (as in ``hand-responses.csv``) straight through the models, without the import's checks:
    the results tests stand on their own."""
    from parindex.org.models import Unit
    from parindex.surveys.models import Answer, Choice, Question, Response

    units = {u.code: u for u in Unit.objects.all()}
    questions = {q.name: q for q in Question.objects.filter(survey=survey)}
    choices = {(c.list_name, c.name): c for c in Choice.objects.filter(survey=survey)}
    for row in rows:
        response = Response.objects.create(
            survey=survey, unit=units[row["unit"]], external_id=row.get("_uuid", ""), channel=Response.Channel.IMPORT
        )
        for name, value in row.items():
            question = questions.get(name)
            if question is None or value == "":
                continue
            choice = choices.get((question.list_name, value)) if question.is_select else None
            Answer.objects.create(response=response, question=question, choice=choice, value=value)


if __name__ == "__main__":
    write_xlsform(HAND_FORM, HAND)
    print(HAND_FORM)
