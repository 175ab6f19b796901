"""Importing responses exported by KoboToolbox or ODK Central (``parindex import-responses`` and the upload page).

One row per response. Columns are named by the questions' XLSForm ``name``; Kobo may prefix group paths
(``grp_dichvu/q1``) and ODK Central joins them with a dash (``grp_dichvu-q1``): the question's name at the end is
what counts (a column headed by a question's label is understood too). Answers are the choices' ``name`` (a label is
understood too). A ``unit`` column holds the unit's code (or name); the response id comes from ``_uuid``,
``meta/instanceID`` (``meta-instanceID``), ``KEY`` or ``_id``, the first found in that order (``uuid:`` prefixes are
dropped, so Kobo's ``_uuid`` and ``instanceID`` give the same id). An optional ``token`` column links a response to a
drawn respondent. The export's own columns (``_submission_time``, ``start``, ``end``, ``deviceid``…) are read where
useful and otherwise ignored; other unknown columns are ignored and named in a note.

All or nothing: every bad row is reported with its line (the spreadsheet's row number for XLSX), nothing is written
when one is bad. Re-importing the same response ids replaces those responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.org.services import UnitLookup
from parindex.surveys.models import Question, Respondent, Response, Survey
from parindex.surveys.responses import NOT_ASKED, Questionnaire, ResponseDraft, Saved, save_imported
from parindex.tabular import (
    ImportRejected,
    RowProblem,
    cell_text,
    code_problem,
    fold,
    is_iso_moment,
    read_first_sheet,
    stream_csv,
)

MAX_PROBLEMS = 2000
ACCEPTED_SUFFIXES = (".csv", ".txt", ".xlsx")
# Response id columns, best first (compared folded, on the last part of a group path).
ID_COLUMNS = ("_uuid", "instanceid", "key", "_id")
TOKEN_COLUMNS = ("token", "respondent_token")
STARTED_COLUMNS = ("start",)
SUBMITTED_COLUMNS = ("end", "_submission_time", "submissiondate")
# What KoboToolbox and ODK Central add to every export: ignored without a note.
EXPORT_COLUMNS = {
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_version_",
    "_tags",
    "_index",
    "_parent_index",
    "_parent_table_name",
    "_attachments",
    "_geolocation",
    "_xform_id_string",
    "_media_all_received",
    "_total_media",
    "_attachments_count",
    "start",
    "end",
    "today",
    "deviceid",
    "instanceid",
    "instancename",
    "deprecatedid",
    "key",
    "parent_key",
    "submissiondate",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "edits",
    "formversion",
    "uuid",
}


@dataclass
class Columns:
    """Where each thing is in the file's header (positions)."""

    questions: dict[int, Question] = field(default_factory=dict)
    unit: int | None = None
    ids: dict[str, int] = field(default_factory=dict)
    token: int | None = None
    started: int | None = None
    submitted: int | None = None
    ignored: list[str] = field(default_factory=list)

    def id_column(self) -> int | None:
        return next((self.ids[name] for name in ID_COLUMNS if name in self.ids), None)


@dataclass
class Checked:
    """A file that passed every check: its responses ready to save, and notes for the person importing."""

    drafts: list[ResponseDraft]
    notes: list[str]
    replacing: int


@dataclass
class Imported:
    saved: Saved
    notes: list[str]


def _last(text: str) -> str:
    return text.rsplit("/", 1)[-1]


def locate(header: list[str], questionnaire: Questionnaire) -> Columns:
    """Read the header; ImportRejected (line 1) when the unit or id column is missing, when no question of the
    survey is there, or when two columns answer the same question."""
    found = Columns()
    items = {q.name: q for q in questionnaire.items}
    by_label: dict[str, list[Question]] = {}
    for asked in questionnaire.questions:
        if asked.label:
            by_label.setdefault(fold(asked.label), []).append(asked)
    longest_first = sorted(items, key=len, reverse=True)
    seen: dict[str, str] = {}
    problems: list[RowProblem] = []
    for position, raw in enumerate(header):
        text = raw.strip()
        if not text:
            continue
        last = _last(text)
        special = fold(last.rsplit("-", 1)[-1]) if last.rsplit("-", 1)[0].casefold() == "meta" else fold(last)
        question: Question | None = items.get(text) or items.get(last)
        parts = text.split("/")
        if question is None and len(parts) >= 2 and parts[-2] in items and items[parts[-2]].type == "select_multiple":
            continue  # Kobo's one-column-per-choice split of a select_multiple: the main column has the answer
        if question is None and special not in EXPORT_COLUMNS and special != "unit":
            question = next((items[n] for n in longest_first if last.endswith("-" + n)), None)
        if question is None and len(by_label.get(fold(text), [])) == 1:
            question = by_label[fold(text)][0]
        if special == "unit" and (question is None or question.name == "unit"):
            found.unit = position if found.unit is None else found.unit
            continue
        if question is not None:
            if question.type in NOT_ASKED:
                continue
            if question.name in seen:
                problems.append(
                    RowProblem(
                        1,
                        _("two columns answer question %(question)s: “%(first)s” and “%(second)s”")
                        % {"question": question.name, "first": seen[question.name], "second": text},
                    )
                )
                continue
            seen[question.name] = text
            found.questions[position] = question
        elif special in ID_COLUMNS:
            found.ids.setdefault(special, position)
        elif special in TOKEN_COLUMNS:
            found.token = position
        elif special in STARTED_COLUMNS:
            found.started = position
        elif special in SUBMITTED_COLUMNS:
            if found.submitted is None or special == "end":
                found.submitted = position
        elif special not in EXPORT_COLUMNS and not special.startswith("_"):
            found.ignored.append(text)
    if found.unit is None:
        problems.append(RowProblem(1, _("there is no “unit” column (the unit's code for each response)")))
    if found.id_column() is None:
        problems.append(
            RowProblem(
                1,
                _("there is no response id column: export the file with one of %(columns)s")
                % {"columns": "_uuid, meta/instanceID, KEY, _id"},
            )
        )
    if not found.questions:
        problems.append(
            RowProblem(
                1,
                _("no column is a question of survey %(survey)s: is this an export of that questionnaire?")
                % {"survey": questionnaire.survey.code},
            )
        )
    if problems:
        raise ImportRejected(problems)
    return found


@contextmanager
def read_rows(path: Path) -> Iterator[tuple[list[str], Iterator[tuple[int, list[Any]]]]]:
    """(header, rows with their line) of a CSV in any encoding Excel or the export tools write, or of the first
    sheet of an XLSX (Kobo's repeat groups, on other sheets, are not read)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        sheet = read_first_sheet(path)
        yield [cell_text(v) for v in sheet[0]], ((i, row) for i, row in enumerate(sheet[1:], start=2))
        return
    with stream_csv(path) as stream:
        yield stream.header, iter(stream.rows)


def parse_moment(value: Any) -> datetime | None:
    """An export's time (ISO, with or without offset, or a workbook date); None when absent or unreadable (these
    columns only inform the too-fast check, they never refuse a row)."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = cell_text(value)
        if not text:
            return None
        if not is_iso_moment(text):  # a run of digits would otherwise read as a date
            return None
        try:
            moment = datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", text.replace("Z", "+00:00")))
        except ValueError:
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


MAX_RESPONSE_ID = Response._meta.get_field("external_id").max_length or 100


def response_id(value: Any) -> str:
    text = cell_text(value)
    return text[5:] if text.casefold().startswith("uuid:") else text


class _Checker:
    def __init__(self, survey: Survey, questionnaire: Questionnaire, columns: Columns, allowed: set[int] | None):
        self.survey, self.questionnaire, self.columns, self.allowed = survey, questionnaire, columns, allowed
        self.units = UnitLookup()
        self.ids: dict[str, int] = {}
        self.tokens: dict[str, int] = {}
        self.respondents: dict[str, Respondent] = {}
        if columns.token is not None:
            self.respondents = {r.token: r for r in Respondent.objects.filter(survey=survey).only("pk", "token")}

    def cell(self, cells: list[Any], position: int | None) -> Any:
        return cells[position] if position is not None and position < len(cells) else None

    def row(self, line: int, cells: list[Any]) -> tuple[ResponseDraft | None, list[str], str]:
        """The row as a draft, or its problems; and its token ("" without)."""
        problems: list[str] = []
        external_id = response_id(self.cell(cells, self.columns.id_column()))
        if not external_id:
            problems.append(_("the response id is empty"))
        elif bad := code_problem(external_id, MAX_RESPONSE_ID):
            problems.append(_("the response id: %(problem)s") % {"problem": bad})
        elif external_id in self.ids:
            problems.append(
                _("response %(id)s appears twice (first on line %(line)s)")
                % {"id": external_id, "line": self.ids[external_id]}
            )
        else:
            self.ids[external_id] = line
        unit_text = cell_text(self.cell(cells, self.columns.unit))
        unit = self.units.get(unit_text) if unit_text else None
        if not unit_text:
            problems.append(_("the unit is empty"))
        elif unit is None:
            problems.append(_("unknown unit “%(unit)s”: use a unit code from the unit list") % {"unit": unit_text})
        elif self.allowed is not None and unit.pk not in self.allowed:
            problems.append(_("unit “%(unit)s” is outside the units you manage") % {"unit": unit_text})
        token = cell_text(self.cell(cells, self.columns.token))
        respondent = self.respondents.get(token) if token else None
        if token and respondent is None:
            problems.append(_("no respondent of this survey has the link code %(token)s") % {"token": token})
        elif token in self.tokens:
            problems.append(
                _("the same respondent answers twice (first on line %(line)s)") % {"line": self.tokens[token]}
            )
        elif token:
            self.tokens[token] = line
        answers = []
        for position, question in self.columns.questions.items():
            text = cell_text(self.cell(cells, position))
            if not text:
                continue
            try:
                answers.append(self.questionnaire.answer(question, text))
            except ValueError as exc:
                problems.append(str(exc))
        if problems or unit is None:
            return None, problems, token
        started = parse_moment(self.cell(cells, self.columns.started))
        submitted = parse_moment(self.cell(cells, self.columns.submitted))
        draft = ResponseDraft(
            unit_id=unit.pk,
            answers=answers,
            channel=Response.Channel.IMPORT,
            external_id=external_id,
            respondent_id=respondent.pk if respondent else None,
            started_at=started,
            submitted_at=submitted,
            flags=self.questionnaire.flags(answers, started, submitted),
            line=line,
        )
        return draft, [], token


def check_file(survey: Survey, path: Path | str, allowed_units: set[int] | None = None) -> Checked:
    """Check every row; ImportRejected lists every bad row with its line (the file is refused whole)."""
    path = Path(path)
    if path.suffix.lower() not in ACCEPTED_SUFFIXES:
        raise ImportRejected([RowProblem(0, _("only CSV or XLSX files are accepted (an old .xls: save it as .xlsx)"))])
    if not path.is_file():
        raise ImportRejected([RowProblem(0, _("cannot read the file: %(error)s") % {"error": path})])
    questionnaire = Questionnaire(survey)
    problems: list[RowProblem] = []
    total_problems = 0
    drafts: list[ResponseDraft] = []
    with read_rows(path) as (header, rows):
        columns = locate(header, questionnaire)
        checker = _Checker(survey, questionnaire, columns, allowed_units)
        for line, cells in rows:
            if not any(cell_text(c) for c in cells):
                continue
            draft, row_problems, _token = checker.row(line, cells)
            if row_problems:
                total_problems += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(RowProblem(line, "; ".join(row_problems)))
            elif draft is not None:
                drafts.append(draft)
    if not problems and not drafts:
        raise ImportRejected([RowProblem(0, _("the file has no data rows"))])
    stored = _against_stored(survey, drafts)
    problems.extend(stored)
    total_problems += len(stored)
    if total_problems > len(problems):
        problems.append(RowProblem(0, _("and %(count)s more bad rows") % {"count": total_problems - len(problems)}))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    replacing = Response.objects.filter(survey=survey, external_id__in=[d.external_id for d in drafts]).count()
    return Checked(drafts=drafts, notes=_notes(columns, questionnaire), replacing=replacing)


def _against_stored(survey: Survey, drafts: list[ResponseDraft]) -> list[RowProblem]:
    """Rows that clash with what is stored: an id recorded another way (typed, web form), a respondent who already
    answered in another response."""
    problems = []
    by_id = {d.external_id: d for d in drafts}
    for external_id, channel in (
        Response.objects.filter(survey=survey, external_id__in=list(by_id))
        .exclude(channel=Response.Channel.IMPORT)
        .values_list("external_id", "channel")
    ):
        problems.append(
            RowProblem(
                by_id[external_id].line,
                _("response %(id)s was recorded another way (%(channel)s): it is not replaced by an import")
                % {"id": external_id, "channel": Response.Channel(channel).label},
            )
        )
    linked = {d.respondent_id: d for d in drafts if d.respondent_id}
    if linked:
        answered = Response.objects.filter(respondent_id__in=list(linked)).values_list("respondent_id", "external_id")
        for respondent_id, external_id in answered:
            draft = linked[respondent_id]
            if external_id != draft.external_id:
                problems.append(RowProblem(draft.line, _("this respondent has already answered")))
    return problems


def _notes(columns: Columns, questionnaire: Questionnaire) -> list[str]:
    notes = []
    if columns.ignored:
        notes.append(
            _("columns that are not questions of this survey, ignored: %(columns)s")
            % {"columns": ", ".join(columns.ignored)}
        )
    present = {q.name for q in columns.questions.values()}
    missing = [q.name for q in questionnaire.questions if q.name not in present]
    if missing:
        notes.append(_("questions with no column in the file: %(names)s") % {"names": ", ".join(missing)})
    return notes


def import_file(
    survey: Survey,
    path: Path | str,
    actor: Actor,
    allowed_units: set[int] | None = None,
    filename: str = "",
) -> Imported:
    """Check the file and save its responses (replacing those with the same ids), all or nothing; audited."""
    checked = check_file(survey, path, allowed_units)
    now = timezone.now()
    try:
        with transaction.atomic():
            saved = save_imported(survey, checked.drafts, actor, filename or Path(path).name, now)
            linked = [d.respondent_id for d in checked.drafts if d.respondent_id]
            Respondent.objects.filter(pk__in=linked, token_used_at__isnull=True).update(token_used_at=now)
    except IntegrityError:  # a respondent answered on the web form while the file was being read
        raise ImportRejected(
            [RowProblem(0, _("a respondent of the file answered on the web form meanwhile: import the file again"))]
        ) from None
    return Imported(saved=saved, notes=checked.notes)
