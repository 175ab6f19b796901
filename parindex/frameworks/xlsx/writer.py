"""Writing a criteria set to the workbook layout: the template a Home Affairs officer starts from."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parindex.frameworks.spec import PATH_SEPARATOR, FrameworkSpec, NodeSpec, Problem, SpecError
from parindex.frameworks.xlsx.layout import (
    _ITEM_SPLIT,
    _LINE_SPLIT,
    _TEMPLATE_ROWS,
    BAND_COLUMNS,
    CRITERIA_COLUMNS,
    HELP_ROWS,
    INFO_ROWS,
    INPUT_PREFIXES,
    KIND_WORDS,
    LINE_WORDS,
    NOT_APPLICABLE_BY_WORDS,
    NOT_APPLICABLE_MEANING_WORDS,
    RULE_WORDS,
    SHEET_BANDS,
    SHEET_CRITERIA,
    SHEET_HELP,
    SHEET_INFO,
    SOURCE_WORDS,
    TOP_LEVEL_MARKS,
    ZERO_WORDS,
    _Column,
    parent_of,
)
from parindex.scoring.counted import NotApplicableDeclarer, NotApplicableMeaning
from parindex.scoring.engine import LeafKind
from parindex.scoring.numbers import plain_vi
from parindex.scoring.rules import (
    Bands,
    Choice,
    Deduction,
    Formula,
    Manual,
    PerItem,
    Proportional,
    RateScorer,
    Ratio,
    Rule,
    ZeroDenominator,
)
from parindex.xlsxout import excel_number, save, style_header, write_row

_AREA_FONT = Font(bold=True)


def _yes(value: bool) -> str:
    return "có" if value else "không"


def _check_item(text: str, where: str, field: str, problems: list[Problem]) -> None:
    if _ITEM_SPLIT.search(text):
        problems.append(Problem(where, field, _("“;” or a line break cannot be written here in Excel")))


def _score_lines(score: RateScorer | None) -> list[str]:
    if isinstance(score, Proportional):
        return [f"{LINE_WORDS['target'][0]}: {plain_vi(score.target)}"]
    if isinstance(score, Bands):
        return [f"≥{plain_vi(t.min)}: {plain_vi(t.points)}" for t in score.thresholds]
    return []


def _zero_line(word: str, on_zero: ZeroDenominator | None) -> list[str]:
    return [] if on_zero is None else [f"{word}: {ZERO_WORDS[str(on_zero)][0]}"]


def _label(text: str, where: str, field: str, problems: list[Problem]) -> str:
    if _LINE_SPLIT.search(text):
        problems.append(Problem(where, field, _("a line break cannot be written here in Excel")))
    return text


def _rule_cells(rule: Rule | None, where: str, problems: list[Problem]) -> tuple[str, str]:
    if rule is None:
        return "", ""
    if isinstance(rule, Manual):
        return RULE_WORDS["manual"][0], "" if rule.step is None else f"bước: {plain_vi(rule.step)}"
    if isinstance(rule, Choice):
        # One option per line, so a label may contain “;” — except a lone option, whose cell has no line break.
        for i, option in enumerate(rule.options, start=1):
            if _LINE_SPLIT.search(option.label) or (len(rule.options) == 1 and ";" in option.label):
                _check_item(option.label, where, f"rule.options[{i}]", problems)
        return RULE_WORDS["choice"][0], "\n".join(f"{o.label}: {plain_vi(o.points)}" for o in rule.options)
    if isinstance(rule, Bands):
        return RULE_WORDS["bands"][0], "\n".join(_score_lines(rule))
    if isinstance(rule, Proportional):
        return RULE_WORDS["proportional"][0], f"mục tiêu: {plain_vi(rule.target)}"
    if isinstance(rule, PerItem):
        return RULE_WORDS["per_item"][0], f"mỗi: {plain_vi(rule.per)}"
    if isinstance(rule, Ratio):
        # always several lines, so a label may contain “;”
        lines = [
            f"{LINE_WORDS['numerator'][0]}: {_label(rule.numerator, where, 'rule.numerator', problems)}",
            f"{LINE_WORDS['denominator'][0]}: {_label(rule.denominator, where, 'rule.denominator', problems)}",
            *_score_lines(rule.score),
            *_zero_line(LINE_WORDS["on_zero"][0], rule.on_zero),
        ]
        return RULE_WORDS["ratio"][0], "\n".join(lines)
    if isinstance(rule, Formula):
        lines = [
            f"{INPUT_PREFIXES[0]} {i.name}: {_label(i.label, where, f'rule.inputs[{n}]', problems)}"
            for n, i in enumerate(rule.inputs, start=1)
        ]
        lines.append(f"{LINE_WORDS['expression'][0]}: {_label(rule.expression, where, 'rule.expression', problems)}")
        lines += [*_score_lines(rule.score), *_zero_line(LINE_WORDS["on_zero"][1], rule.on_zero)]
        return RULE_WORDS["formula"][0], "\n".join(lines)
    assert isinstance(rule, Deduction)
    return RULE_WORDS["deduction"][0], f"mỗi lần: {plain_vi(rule.per)}"


def _source_cell(source: str) -> str:
    if source == "self":
        return ""
    if source in ("survey", "council"):
        return SOURCE_WORDS[source][0]
    if source.startswith("survey:"):
        return SOURCE_WORDS["survey"][0] + ":" + source.removeprefix("survey:")
    return "chỉ số:" + source.removeprefix("indicator:")


def _parent_cell(node: NodeSpec, parent: NodeSpec | None, above: dict[str, NodeSpec]) -> str:
    """What "Mã cha" needs so the reader finds ``parent``: nothing where the dotted code tells it, else the parent's
    code where the nearest row above with that code is the parent (``above``: the last row written with each code),
    else the parent's path ("III/3.1"; "/1" for an area whose code a row between repeats)."""
    inferred, _typed = parent_of(node.number, "")
    if parent is None:
        return "" if inferred is None else TOP_LEVEL_MARKS[0]
    if inferred is not None and above.get(inferred) is parent:
        return ""
    if above.get(parent.number) is parent:
        return parent.number
    return parent.path if PATH_SEPARATOR in parent.path else PATH_SEPARATOR + parent.path


def _add_list(worksheet: Worksheet, column: int, words: Iterable[str]) -> None:
    """A drop-down of the keywords; typing something else stays allowed (English names are accepted too)."""
    letter = get_column_letter(column)
    validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    validation.showErrorMessage = False
    validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS}")
    worksheet.add_data_validation(validation)


def write_xlsx(spec: FrameworkSpec, path: Path | str) -> None:
    """Write a criteria set in the layout :func:`read_xlsx` reads (also the template an officer starts from).

    Raises :class:`SpecError` for the few texts the layout cannot hold (a ";" or a line break inside one item).
    """
    problems: list[Problem] = []
    workbook = Workbook()
    info = workbook.active
    assert isinstance(info, Worksheet)
    info.title = SHEET_INFO
    info_layout = (_Column("label", "Thông tin", (), 24), _Column("value", "Giá trị", (), 70, wrap=True))
    style_header(info, info_layout)
    for level in spec.levels:
        _check_item(level, _("the criteria set"), "levels", problems)
    values: dict[str, Any] = {
        "code": spec.code,
        "name": spec.name,
        "year": spec.year,
        "levels": "; ".join(spec.levels),
        "bonus_cap": excel_number(spec.bonus_cap),
        "penalty_cap": excel_number(spec.penalty_cap),
        "description": spec.description,
        "sample": _yes(spec.sample),
    }
    for row, (key, label) in enumerate(INFO_ROWS, start=2):
        write_row(info, row, [label, values[key]], info_layout)
        info.cell(row=row, column=1).font = _AREA_FONT
    # a code such as "01" must stay text
    info.cell(row=2, column=2).number_format = "@"

    bands = workbook.create_sheet(SHEET_BANDS)
    style_header(bands, BAND_COLUMNS)
    for row, band in enumerate(spec.bands, start=2):
        write_row(bands, row, [band.code, band.name, excel_number(band.min)], BAND_COLUMNS)

    criteria = workbook.create_sheet(SHEET_CRITERIA)
    style_header(criteria, CRITERIA_COLUMNS)
    keys = [c.key for c in CRITERIA_COLUMNS]
    above: dict[str, NodeSpec] = {}
    for row, (node, ancestors) in enumerate(spec.walk(), start=2):
        where = _("node %(code)s") % {"code": node.code}
        cells: dict[str, Any] = {
            "code": node.number,
            "parent": _parent_cell(node, ancestors[-1] if ancestors else None, above),
            "name": node.name,
            "max": "" if node.kind is LeafKind.TRACKING else excel_number(node.max_points),
            "evidence": node.evidence,
            "applies_to": "; ".join(node.applies_to),
            "max_by_group": "; ".join(f"{g}: {plain_vi(v)}" for g, v in sorted(node.max_by_group.items())),
        }
        if node.kind is LeafKind.HEADING:
            cells["kind"] = KIND_WORDS[node.kind][0]
        elif node.is_leaf:
            cells["rule"], cells["options"] = _rule_cells(node.rule, where, problems)
            cells["kind"] = "" if node.kind is LeafKind.NORMAL else KIND_WORDS[node.kind][0]
            cells["evidence_required"] = _yes(node.evidence_required)
            cells["source"] = _source_cell(node.source)
            cells["not_applicable_allowed"] = "có" if node.not_applicable_allowed else ""
            if node.not_applicable_meaning is not NotApplicableMeaning.LEAVES_DENOMINATOR:
                meaning = str(node.not_applicable_meaning)
                cells["not_applicable_meaning"] = NOT_APPLICABLE_MEANING_WORDS[meaning][0]
            if node.not_applicable_by is not NotApplicableDeclarer.UNIT:
                cells["not_applicable_by"] = NOT_APPLICABLE_BY_WORDS[str(node.not_applicable_by)][0]
        above[node.number] = node
        write_row(criteria, row, [cells.get(key, "") for key in keys], CRITERIA_COLUMNS)
        if not ancestors:
            for column in range(1, len(keys) + 1):
                criteria.cell(row=row, column=column).font = _AREA_FONT
    _add_list(criteria, keys.index("rule") + 1, (words[0] for words in RULE_WORDS.values()))
    _add_list(criteria, keys.index("kind") + 1, (words[0] for words in KIND_WORDS.values()))
    _add_list(criteria, keys.index("source") + 1, (words[0] for words in SOURCE_WORDS.values()))
    _add_list(
        criteria,
        keys.index("not_applicable_meaning") + 1,
        (words[0] for words in NOT_APPLICABLE_MEANING_WORDS.values()),
    )
    _add_list(criteria, keys.index("not_applicable_by") + 1, (words[0] for words in NOT_APPLICABLE_BY_WORDS.values()))
    for key in ("evidence_required", "not_applicable_allowed"):
        _add_list(criteria, keys.index(key) + 1, ("có", "không"))
    guide = workbook.create_sheet(SHEET_HELP)
    guide_layout = (_Column("subject", "Cột", (), 26), _Column("how", "Cách ghi", (), 110, wrap=True))
    style_header(guide, guide_layout)
    for row, (subject, how) in enumerate(HELP_ROWS, start=2):
        write_row(guide, row, [subject, how], guide_layout)
        guide.cell(row=row, column=1).font = _AREA_FONT
    if problems:
        raise SpecError(problems)
    save(workbook, path)
