"""Reading and validating a questionnaire written as an XLSForm (sheets ``survey``, ``choices``, ``settings``).

The file is the one survey people already use on KoboToolbox and ODK Central; parindex reads a few extra columns
(DESIGN.md §5.4): ``survey.component`` and ``survey.weight``, ``choices.score`` (0..100, empty = not scored), an
optional ``components`` sheet (``component``, ``name``, ``weight``) and, in ``settings``, ``min_sample``,
``margin`` and ``sample``. Every problem is collected and names its sheet and row (the spreadsheet's own row number);
no file, however malformed, ends in a traceback. When our own checks pass, the form is handed to ``pyxform`` without
our extra columns (so a file without them is exactly what pyxform validates) and pyxform's errors are reported too.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.scoring.numbers import HUNDRED, ZERO, plain, plain_vi, to_decimal
from parindex.tabular import ImportRejected, cell_text, check_workbook_size, fold

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{0,49}$")
SHEETS = ("survey", "choices", "settings")
COMPONENTS_SHEET = "components"
# Our columns, removed before pyxform sees the file.
EXTRA_COLUMNS = {
    "survey": {"component", "weight"},
    "choices": {"score"},
    "settings": {"min_sample", "margin", "sample"},
}
GROUP_TYPES = {"begin_group", "end_group", "begin_repeat", "end_repeat"}
SELECT_TYPES = {"select_one", "select_multiple"}
YES = {"yes", "true", "true()", "1", "có", "x"}
MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MIN_SAMPLE = 30
DEFAULT_MARGIN = Decimal("0.05")
# The component a form without any gets: every scored question in one.
WHOLE_FORM = "all"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the form: the sheet, its row (0 = the sheet or the file as a whole) and what."""

    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        if self.row == 0:
            return _("%(sheet)s: %(message)s") % {"sheet": self.sheet, "message": self.message}
        return _("%(sheet)s, row %(row)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


class SurveyFormError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ComponentSpec:
    code: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class QuestionSpec:
    name: str
    label: str
    hint: str
    type: str
    list_name: str
    required: bool
    component: str  # "" for an unscored question
    weight: Decimal


@dataclass(frozen=True)
class ChoiceSpec:
    list_name: str
    name: str
    label: str
    score: Decimal | None


@dataclass
class SurveySpec:
    code: str
    version: str
    title: str
    sample: bool = False
    min_sample: int = DEFAULT_MIN_SAMPLE
    margin: Decimal = DEFAULT_MARGIN
    components: list[ComponentSpec] = field(default_factory=list)
    questions: list[QuestionSpec] = field(default_factory=list)
    choices: list[ChoiceSpec] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready content, decimals as exact text."""

        def clean(value: Any) -> Any:
            if isinstance(value, Decimal):
                return plain(value)
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list):
                return [clean(v) for v in value]
            return value

        return dict(clean(asdict(self)))

    def digest(self) -> str:
        text = json.dumps(self.to_data(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def scored_questions(self) -> list[QuestionSpec]:
        return [q for q in self.questions if q.component]


@dataclass
class _Sheet:
    title: str  # as the file spells it
    header: list[str]  # folded
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row number, folded header -> raw value)
    raw: list[tuple[Any, ...]]  # every row as read, header included, for the copy handed to pyxform


def _open(data: bytes) -> dict[str, _Sheet]:
    from openpyxl import load_workbook

    try:
        check_workbook_size(io.BytesIO(data))
    except ImportRejected as exc:
        raise SurveyFormError([Problem("", 0, str(exc))]) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key, value errors) for a foreign or damaged file
        raise SurveyFormError([Problem("", 0, _("cannot read the workbook: is it a valid .xlsx file?"))]) from None
    sheets: dict[str, _Sheet] = {}
    try:
        for worksheet in workbook.worksheets:
            raw = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
            header = [fold(cell_text(v)) for v in raw[0]] if raw else []
            rows = []
            for number, values in enumerate(raw[1:], start=2):
                if all(cell_text(v) == "" for v in values):
                    continue
                rows.append((number, {h: v for h, v in zip(header, values, strict=False) if h}))
            sheets.setdefault(fold(worksheet.title), _Sheet(worksheet.title, header, rows, raw))
    except Exception:
        raise SurveyFormError([Problem("", 0, _("cannot read the workbook: is it a valid .xlsx file?"))]) from None
    finally:
        workbook.close()
    return sheets


def _column(header: list[str], name: str) -> str | None:
    """The column ``name``, or its first translation (``label::Tiếng Việt (vi)``)."""
    if name in header:
        return name
    return next((h for h in header if h.startswith(name + "::")), None)


def _text(row: dict[str, Any], column: str | None) -> str:
    return cell_text(row.get(column)) if column else ""


class _Reader:
    def __init__(self, sheets: dict[str, _Sheet]) -> None:
        self.sheets = sheets
        self.problems: list[Problem] = []

    def problem(self, sheet: str, row: int, message: str) -> None:
        self.problems.append(Problem(sheet, row, message))

    def number(self, sheet: str, row: int, raw: Any, what: str) -> Decimal | None:
        try:
            return to_decimal(raw)
        except ValueError:
            self.problem(sheet, row, _("%(what)s “%(value)s” is not a number") % {"what": what, "value": raw})
            return None

    def weight(self, sheet: str, row: int, raw: Any) -> Decimal:
        if cell_text(raw) == "":
            return Decimal(1)
        value = self.number(sheet, row, raw, _("weight"))
        if value is None:
            return Decimal(1)
        if value <= ZERO:
            self.problem(sheet, row, _("weight %(value)s must be greater than 0") % {"value": plain_vi(value)})
        elif value != value.quantize(Decimal("0.0001")):
            self.problem(sheet, row, _("weight %(value)s has more than four decimals") % {"value": plain_vi(value)})
        return value

    def read(self) -> SurveySpec:
        for name in ("survey", "settings"):
            if name not in self.sheets:
                self.problem(name, 0, _("the sheet is missing"))
        if self.problems:
            raise SurveyFormError(self.problems)
        spec = self.settings(self.sheets["settings"])
        declared = self.components(self.sheets[COMPONENTS_SHEET]) if COMPONENTS_SHEET in self.sheets else None
        choices = self.choices(self.sheets["choices"]) if "choices" in self.sheets else []
        spec.choices = choices
        spec.questions, spec.components = self.questions(self.sheets["survey"], choices, declared)
        if self.problems:
            raise SurveyFormError(self.problems)
        return spec

    def settings(self, sheet: _Sheet) -> SurveySpec:
        title = sheet.title
        row_number, row = sheet.rows[0] if sheet.rows else (2, {})
        code = _text(row, "form_id")
        if not code:
            self.problem(title, row_number, _("form_id is missing: it is the survey's code"))
        elif not CODE_RE.match(code):
            self.problem(
                title,
                row_number,
                _("form_id “%(code)s” may only hold letters, digits, dots, hyphens and underscores (50 at most)")
                % {"code": code},
            )
        spec = SurveySpec(
            code=code,
            version=_text(row, "version")[:50],
            title=_text(row, _column(sheet.header, "form_title")) or code,
            sample=fold(_text(row, "sample")) in YES,
        )
        if _text(row, "min_sample"):
            value = self.number(title, row_number, row["min_sample"], "min_sample")
            if value is not None and (value < 1 or value != int(value)):
                self.problem(title, row_number, _("min_sample must be a whole number of at least 1"))
            elif value is not None:
                spec.min_sample = int(value)
        if _text(row, "margin"):
            value = self.number(title, row_number, row["margin"], "margin")
            if value is not None and not (ZERO < value < 1):
                self.problem(title, row_number, _("margin must be between 0 and 1 (e.g. 0.05 for 5%)"))
            elif value is not None:
                spec.margin = value
        return spec

    def components(self, sheet: _Sheet) -> list[tuple[int, ComponentSpec]]:
        if "component" not in sheet.header:
            self.problem(sheet.title, 1, _("the column “component” is missing"))
            return []
        name_column = _column(sheet.header, "name")
        seen: dict[str, int] = {}
        found = []
        for number, row in sheet.rows:
            code = _text(row, "component")
            if not code:
                self.problem(sheet.title, number, _("the component code is empty"))
                continue
            if not CODE_RE.match(code):
                self.problem(
                    sheet.title,
                    number,
                    _("component “%(code)s” may only hold letters, digits, dots, hyphens and underscores")
                    % {"code": code},
                )
            if code in seen:
                self.problem(
                    sheet.title,
                    number,
                    _("component “%(code)s” is already on row %(row)s") % {"code": code, "row": seen[code]},
                )
                continue
            seen[code] = number
            weight = self.weight(sheet.title, number, row.get("weight"))
            found.append((number, ComponentSpec(code, _text(row, name_column) or code, weight)))
        return found

    def choices(self, sheet: _Sheet) -> list[ChoiceSpec]:
        title = sheet.title
        missing = [needed for needed in ("list_name", "name") if needed not in sheet.header]
        for needed in missing:
            self.problem(title, 1, _("the column “%(column)s” is missing") % {"column": needed})
        if missing:
            return []
        label_column = _column(sheet.header, "label")
        seen: dict[tuple[str, str], int] = {}
        found = []
        for number, row in sheet.rows:
            list_name, name = _text(row, "list_name"), _text(row, "name")
            if not list_name or not name:
                self.problem(title, number, _("list_name and name must both be filled in"))
                continue
            if (list_name, name) in seen:
                self.problem(
                    title,
                    number,
                    _("choice “%(name)s” is already in list “%(list)s” on row %(row)s")
                    % {"name": name, "list": list_name, "row": seen[(list_name, name)]},
                )
                continue
            seen[(list_name, name)] = number
            score: Decimal | None = None
            if _text(row, "score"):
                score = self.number(title, number, row["score"], _("score"))
                if score is not None and not (ZERO <= score <= HUNDRED):
                    self.problem(title, number, _("score %(value)s is outside 0..100") % {"value": plain_vi(score)})
                elif score is not None and score != score.quantize(Decimal("0.01")):
                    self.problem(
                        title, number, _("score %(value)s has more than two decimals") % {"value": plain_vi(score)}
                    )
            found.append(ChoiceSpec(list_name, name, _text(row, label_column), score))
        return found

    def questions(
        self, sheet: _Sheet, choices: list[ChoiceSpec], declared: list[tuple[int, ComponentSpec]] | None
    ) -> tuple[list[QuestionSpec], list[ComponentSpec]]:
        title = sheet.title
        missing = [needed for needed in ("type", "name") if needed not in sheet.header]
        for needed in missing:
            self.problem(title, 1, _("the column “%(column)s” is missing") % {"column": needed})
        if missing:
            return [], []
        lists = {c.list_name for c in choices}
        scored_lists = {c.list_name for c in choices if c.score is not None}
        label_column, hint_column = _column(sheet.header, "label"), _column(sheet.header, "hint")
        has_components = declared is not None or any(_text(row, "component") for _n, row in sheet.rows)
        components = {spec.code: spec for _n, spec in declared or []}
        order: list[str] = [spec.code for _n, spec in declared or []]
        seen: dict[str, int] = {}
        questions = []
        for number, row in sheet.rows:
            words = _text(row, "type").split()
            kind = "_".join(words[:2]) if words[:1] in (["begin"], ["end"]) else (words[0] if words else "")
            if not kind or kind in GROUP_TYPES:
                continue
            list_name = words[1] if kind in SELECT_TYPES and len(words) > 1 else ""
            name = _text(row, "name")
            if not name:
                self.problem(title, number, _("the question has no name"))
                continue
            if name in seen:
                self.problem(
                    title,
                    number,
                    _("the name “%(name)s” is already used on row %(row)s") % {"name": name, "row": seen[name]},
                )
                continue
            seen[name] = number
            if kind in SELECT_TYPES and not list_name:
                self.problem(title, number, _("%(type)s needs a choice list after it") % {"type": kind})
            elif kind in SELECT_TYPES and list_name not in lists:
                self.problem(title, number, _("choice list “%(list)s” does not exist") % {"list": list_name})
            component = _text(row, "component")
            scorable = kind == "select_one" and list_name in scored_lists
            if component and not scorable and (kind not in SELECT_TYPES or list_name in lists):
                self.problem(
                    title,
                    number,
                    _(
                        "question “%(name)s” is in component “%(component)s” but cannot be scored: only a select_one "
                        "whose list has scored choices can"
                    )
                    % {"name": name, "component": component},
                )
            elif scorable and not component and has_components:
                self.problem(
                    title,
                    number,
                    _("question “%(name)s” has scored answers: give it a component") % {"name": name},
                )
            elif scorable and not component:
                component = WHOLE_FORM
            if component and component not in components:
                if declared is not None:
                    self.problem(
                        title,
                        number,
                        _("component “%(component)s” is not in the components sheet") % {"component": component},
                    )
                elif component == WHOLE_FORM or CODE_RE.match(component):
                    components[component] = ComponentSpec(
                        component, _("All questions") if component == WHOLE_FORM else component, Decimal(1)
                    )
                    order.append(component)
                else:
                    self.problem(
                        title,
                        number,
                        _("component “%(code)s” may only hold letters, digits, dots, hyphens and underscores")
                        % {"code": component},
                    )
            weight = self.weight(title, number, row.get("weight"))
            questions.append(
                QuestionSpec(
                    name=name,
                    label=_text(row, label_column),
                    hint=_text(row, hint_column),
                    type=kind,
                    list_name=list_name,
                    required=fold(_text(row, "required")) in YES,
                    component=component if scorable else "",
                    weight=weight,
                )
            )
        used = {q.component for q in questions if q.component}
        for number, spec in declared or []:
            if spec.code not in used:
                self.problem(
                    COMPONENTS_SHEET,
                    number,
                    _("component “%(component)s” has no scored question") % {"component": spec.code},
                )
        if not used and not self.problems:
            self.problem(title, 0, _("no question can be scored: give the choices of a select_one a score"))
        return questions, [components[code] for code in order if code in used]


def _without_extras(sheets: dict[str, _Sheet]) -> bytes:
    """The workbook as pyxform should see it: our columns and sheet left out."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for key, sheet in sheets.items():
        if key == COMPONENTS_SHEET:
            continue
        extras = EXTRA_COLUMNS.get(key, set())
        keep = [i for i, h in enumerate(sheet.header) if h not in extras]
        target = workbook.create_sheet(sheet.title)
        for values in sheet.raw:
            target.append([values[i] if i < len(values) else None for i in keep])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pyxform_problems(data: bytes) -> list[Problem]:
    """What pyxform says of a workbook (empty when it converts)."""
    from pyxform.xls2xform import convert

    try:
        convert(data, file_type=".xlsx", warnings=[])
    except Exception as exc:  # pyxform raises its own errors and, for odd input, plain Python ones
        return [Problem("XLSForm", 0, _("pyxform refuses the form: %(error)s") % {"error": str(exc).strip()})]
    return []


def read_xlsform(data: bytes) -> SurveySpec:
    """Validate an XLSForm's bytes; raises :class:`SurveyFormError` with every problem."""
    if not data:
        raise SurveyFormError([Problem("", 0, _("the file is empty"))])
    if len(data) > MAX_BYTES:
        raise SurveyFormError([Problem("", 0, _("the file is larger than 20 MB: is it a questionnaire?"))])
    sheets = _open(data)
    spec = _Reader(sheets).read()
    problems = pyxform_problems(_without_extras(sheets))
    if problems:
        raise SurveyFormError(problems)
    return spec
