"""parindex survey-results: a hand-made questionnaire and responses give exactly the values computed by hand.

The questionnaire (testdata/hand-survey.xlsx): component a (weight 2) holds q1 (weight 1) and q2 (weight 3),
component b (weight 1) holds q3 and q4 (weight 1 each); choices 5 = 100, 4 = 60, 2 = 20, 1 = 0, 0 = "Không biết"
(not scored); minimum sample 2.

X1, four responses (testdata/hand-responses.csv):
    r1: q1 100, q2 60, q3 60, q4 —     r2: q1 60, q2 —, q3 20, q4 100
    r3: q1 —, q2 20, q3 —, q4 —        (no scored answer in b)     r4: all "không biết" (no scored answer at all)
  q1 = (100 + 60) / 2 = 80; q2 = (60 + 20) / 2 = 40; a = (1·80 + 3·40) / 4 = 50, respondents r1 r2 r3 = 3
  q3 = (60 + 20) / 2 = 40; q4 = 100; b = (40 + 100) / 2 = 70, respondents r1 r2 = 2
  total = (2·50 + 1·70) / 3 = 56.666… → 56.67, respondents 3 (r4 answered nothing with a score)
X2, two responses: r5 100 100 60 60, r6 20 60 0 100
  q1 60, q2 80 → a = (60 + 240) / 4 = 75; q3 30, q4 80 → b = 55; total = (150 + 55) / 3 = 68.333… → 68.33
X3, one response: r7 q1 100, the rest "không biết" → a 100, b none, total 100, 1 respondent: below the minimum of 2.
"""

import csv
import io
import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.audit.services import Actor
from parindex.org.models import Unit, UnitGroup
from parindex.surveys.loader import install_survey, read_survey_file
from parindex.surveys.results import survey_results
from parindex.surveys.tests.xlsforms import HAND_FORM, hand_responses, record_rows

EXPECTED_CSV = [
    ["unit", "component", "respondents", "value"],
    ["X1", "a", "3", "50.00"],
    ["X1", "b", "2", "70.00"],
    ["X1", "total", "3", "56.67"],
    ["X2", "a", "2", "75.00"],
    ["X2", "b", "2", "55.00"],
    ["X2", "total", "2", "68.33"],
    ["X3", "a", "1", "100.00"],
    ["X3", "b", "0", ""],
    ["X3", "total", "1", "100.00"],
]


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("survey_results", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def hand_survey():
    spec, data = read_survey_file(HAND_FORM)
    return install_survey(spec, Actor.command_line("tests"), data, HAND_FORM.name).survey


class HandMadeSurveyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        group = UnitGroup.objects.create(code="xa", name="Xã")
        root = Unit.objects.create(code="H", name="Huyện")
        for code, name in (("X1", "Xã Một"), ("X2", "Xã Hai"), ("X3", "Xã Ba")):
            Unit.objects.create(code=code, name=name, parent=root, group=group)
        cls.survey = hand_survey()
        record_rows(cls.survey, hand_responses())

    def test_csv_gives_the_hand_computed_values(self):
        out, err = run("--survey", "khao-sat-tay", "--format", "csv")
        self.assertEqual(list(csv.reader(io.StringIO(out))), EXPECTED_CSV)
        # the flag of a unit below its minimum sample goes to stderr: the csv header is a contract
        self.assertEqual(err.strip(), "X3: 1 người trả lời, dưới cỡ mẫu tối thiểu 2")

    def test_one_unit(self):
        out, _err = run("--survey", "khao-sat-tay", "--unit", "X2", "--format", "csv")
        self.assertEqual(list(csv.reader(io.StringIO(out))), [EXPECTED_CSV[0], *EXPECTED_CSV[4:7]])

    def test_json_carries_the_flag_and_the_counts(self):
        out, _err = run("--survey", "khao-sat-tay", "--format", "json")
        data = json.loads(out)
        self.assertEqual((data["survey"], data["min_sample"]), ("khao-sat-tay", 2))
        x1, _x2, x3 = data["units"]
        self.assertEqual((x1["unit"], x1["responses"], x1["respondents"], x1["below_minimum"]), ("X1", 4, 3, False))
        self.assertEqual(x1["total"], {"component": "total", "name": "Tổng", "respondents": 3, "value": 56.67})
        self.assertEqual(x1["components"][1], {"component": "b", "name": "Công chức", "respondents": 2, "value": 70.0})
        self.assertTrue(x3["below_minimum"])
        self.assertIsNone(x3["components"][1]["value"])

    def test_the_table_is_for_people(self):
        out, _err = run("--survey", "khao-sat-tay")
        self.assertIn("Khảo sát thử (khao-sat-tay)", out)
        x1_total = next(line for line in out.splitlines() if line.startswith("X1") and "Tổng" in line)
        self.assertIn("56,67", x1_total)
        x3_total = next(line for line in out.splitlines() if line.startswith("X3") and "Tổng" in line)
        self.assertIn("dưới cỡ mẫu tối thiểu 2", x3_total)

    def test_the_question_values_are_there_for_the_pages(self):
        x1 = survey_results(self.survey, [Unit.objects.get(code="X1").pk])[0]
        self.assertEqual(
            [(q.name, q.answers, q.value) for q in x1.questions],
            [("q1", 2, 80), ("q2", 2, 40), ("q3", 2, 40), ("q4", 1, 100)],
        )

    def test_the_results_read_in_a_fixed_number_of_queries(self):
        with self.assertNumQueries(6):
            survey_results(self.survey)
        unit_ids = list(Unit.objects.values_list("pk", flat=True))
        with self.assertNumQueries(5):
            survey_results(self.survey, unit_ids)

    def test_an_unknown_survey_or_unit_is_one_line(self):
        with self.assertRaisesMessage(CommandError, "không có cuộc khảo sát mã nope"):
            run("--survey", "nope")
        with self.assertRaisesMessage(CommandError, "không có đơn vị nào mã Z9"):
            run("--survey", "khao-sat-tay", "--unit", "Z9")
