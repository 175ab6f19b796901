"""Every CSV and Excel file written for people carries no live formula (OWASP "CSV injection"): a unit, campaign,
criterion or survey name such as ``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``, ``+1+1``, ``@SUM(1+1)`` or ``-2+3``
is written as text (CSV: a leading apostrophe; XLSX: a string cell with Excel's quote prefix), while numbers stay
numbers and the JSON for machines is unchanged."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal as D
from typing import Any, ClassVar

from django.core.management import call_command
from django.db.models import F
from django.test import SimpleTestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion, Framework
from parindex.frameworks.services import read_framework_file
from parindex.frameworks.spec import parse_framework
from parindex.frameworks.xlsx import write_xlsx
from parindex.org.models import Unit
from parindex.ratings.models import RatingRuleSet
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.surveys.models import Sample, Survey
from parindex.surveys.tests.fieldwork import answer, make_survey
from parindex.tests.district import ACTOR, TESTDATA, DistrictTestCase, TempDirMixin
from parindex.xlsxout import csv_writer, neutralise, put, save

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) for cell in row]


class NeutraliseTests(SimpleTestCase):
    def test_text_that_starts_like_a_formula_gets_an_apostrophe_and_numbers_stay_numbers(self):
        for name in HOSTILE:
            self.assertEqual(neutralise(name), "'" + name)
        for kept in (D("-2.50"), -3, 1.5, "-2.50", "+3", "Xã An Bình", "", None, "'=already"):
            self.assertEqual(neutralise(kept), kept)

    def test_the_csv_writer_neutralises_every_cell_of_every_row(self):
        out = io.StringIO()
        csv_writer(out, lineterminator="\n").writerows([["=1+1", D("-2.00")], ["ok", "@x"]])
        self.assertEqual(out.getvalue(), "'=1+1,-2.00\nok,'@x\n")

    def test_a_carriage_return_inside_a_cell_is_quoted_so_it_never_splits_the_row(self):
        out = io.StringIO()
        csv_writer(out, lineterminator="\n").writerow(["a", "\r=1+1", 2])
        self.assertEqual(list(csv.reader(io.StringIO(out.getvalue(), newline=""))), [["a", "'\r=1+1", "2"]])

    def test_an_xlsx_cell_is_text_never_a_formula_and_a_stray_formula_is_defused_before_saving(self):
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        put(sheet["A1"], "=1+1")
        put(sheet["A2"], D("-2.5"))
        sheet["A3"] = "=SUM(A1:A2)"  # written past put(): save() must still defuse it
        workbook = load_workbook(io.BytesIO(save(workbook)))
        sheet = workbook.active
        assert sheet is not None
        self.assertEqual((sheet["A1"].data_type, sheet["A1"].value, sheet["A1"].quotePrefix), ("s", "=1+1", True))
        self.assertEqual((sheet["A2"].data_type, sheet["A2"].value), ("n", -2.5))
        self.assertEqual((sheet["A3"].data_type, sheet["A3"].value), ("s", "=SUM(A1:A2)"))


class ExportFormulaTests(TempDirMixin, DistrictTestCase):
    """Hostile names on units, the campaign, a criterion and a survey; every export path written for people."""

    rules: ClassVar[RatingRuleSet]
    survey: ClassVar[Survey]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.campaign.name = HOSTILE[0]
        cls.campaign.save()
        Criterion.objects.filter(framework=cls.framework, code="1.1").update(name=HOSTILE[1])
        # as content loaded anew: the cached scoring setup (keyed by loaded_at) reads the new name
        Framework.objects.filter(pk=cls.framework.pk).update(loaded_at=F("loaded_at") + timedelta(seconds=1))
        cls.campaign.refresh_from_db()
        cls.framework = cls.campaign.framework
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        for code, points in {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"}.items():
            set_score(cls.campaign, cls.commune, leaves[code], Stage.APPRAISED, D(points), ACTOR)
        for number, name in enumerate(HOSTILE):
            unit = Unit.objects.create(code=f"X-F{number}", name=name, parent=cls.district, group=cls.communes)
            set_score(cls.campaign, unit, leaves["1.1"], Stage.APPRAISED, D("0.5"), ACTOR)
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        cls.rules, _outcome = install_rule_set(rules, meta, ACTOR)
        lifecycle.save_settings(cls.campaign, {"rating_rules": cls.rules}, Actor.of(cls.home_affairs))
        cls.survey = make_survey(min_sample=3)
        cls.survey.title = HOSTILE[3]
        cls.survey.save()
        Sample.objects.create(
            survey=cls.survey, unit=cls.commune, period="2026", population=60, size=53, margin=D("0.05"), seed="1"
        )
        hostile_unit = Unit.objects.get(code="X-F0")
        answer(cls.survey, hostile_unit, ["rat_hai_long", "hai_long", "khong"])
        answer(cls.survey, cls.commune, ["hai_long", "khong_biet", "rat_hai_long"])

    def assert_csv_is_inert(self, text: str, expected: tuple[str, ...] = HOSTILE) -> None:
        cells = csv_cells(text)
        for name in expected:
            self.assertIn("'" + name, cells, name)
            self.assertNotIn(name, cells, name)
        for cell in cells:
            if cell.startswith(FORMULA_STARTS):
                neutral = cell.replace(".", "", 1).lstrip("+-")
                self.assertTrue(neutral.isdigit(), f"live formula in CSV: {cell!r}")

    def assert_xlsx_is_inert(self, content: bytes, expected: tuple[str, ...] = HOSTILE) -> None:
        workbook = load_workbook(io.BytesIO(content))
        found: dict[str, Any] = {}
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
                    if isinstance(cell.value, str):
                        found.setdefault(cell.value, cell)
        for name in expected:
            self.assertIn(name, found, name)
            self.assertEqual(found[name].data_type, "s", name)
            self.assertTrue(found[name].quotePrefix, name)

    def get(self, name: str, *args: str) -> bytes:
        self.client.force_login(self.home_affairs)  # type: ignore[arg-type]
        response = self.client.get(reverse(name, args=args))
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_the_ranking_command_csv_writes_no_live_formula(self):
        self.assert_csv_is_inert(run("ranking", "--campaign", "c2021", "--format", "csv"))

    def test_the_ranking_json_for_machines_keeps_the_names_as_they_are(self):
        names = {row["name"] for row in json.loads(run("ranking", "--campaign", "c2021", "--format", "json"))["units"]}
        self.assertTrue(set(HOSTILE) <= names)

    def test_the_rate_heads_command_csv_writes_no_live_formula(self):
        text = run("rate_heads", "--campaign", "c2021", "--rules", self.rules.code, "--format", "csv")
        self.assert_csv_is_inert(text)

    def test_the_web_ratings_csv_writes_no_live_formula(self):
        self.assert_csv_is_inert(self.get("ratings:campaign-ratings-export", "c2021", "csv").decode("utf-8"))

    def test_the_web_ratings_xlsx_has_no_formula_cell_campaign_name_included(self):
        self.assert_xlsx_is_inert(self.get("ratings:campaign-ratings-export", "c2021", "xlsx"))

    def test_the_web_ranking_xlsx_has_no_formula_cell_campaign_name_included(self):
        self.assert_xlsx_is_inert(self.get("assessments:campaign-ranking-export", "c2021"))

    def test_the_survey_results_xlsx_has_no_formula_cell(self):
        content = self.get("surveys:results-xlsx", self.survey.code)
        self.assert_xlsx_is_inert(content, expected=(HOSTILE[0],))
        workbook = load_workbook(io.BytesIO(content))
        self.assertIn(HOSTILE[3], workbook.worksheets[0]["A1"].value)  # the title, as text

    def test_the_survey_respondents_xlsx_has_no_formula_cell(self):
        self.assert_xlsx_is_inert(self.get("surveys:respondents-xlsx", self.survey.code), expected=())

    def test_the_gap_command_csv_writes_no_live_formula_in_criterion_names(self):
        text = run("gap", "--campaign", "c2021", "--unit", "X-AN", "--format", "csv")
        self.assert_csv_is_inert(text, expected=(HOSTILE[1],))

    def test_the_plan_status_command_csv_writes_no_live_formula(self):
        self.assert_csv_is_inert(run("plan_status", "--campaign", "c2021", "--format", "csv"))

    def test_the_survey_results_command_csv_writes_no_live_formula(self):
        self.assert_csv_is_inert(run("survey_results", "--survey", self.survey.code, "--format", "csv"), expected=())

    def test_the_criteria_set_exported_to_excel_has_no_formula_cell(self):
        data = parse_framework(read_framework_file(TESTDATA / "mini-set.yaml").to_data() | {"name": HOSTILE[4]})
        path = self.dir / "set.xlsx"
        write_xlsx(data, path)
        self.assert_xlsx_is_inert(path.read_bytes(), expected=(HOSTILE[4],))
