"""Leaves with ``source: survey:<code>[:<component>]`` take the unit's survey figure as the input of their rule, like
indicator leaves: audited, only in open campaigns, overridable by the appraiser with a reason, shown to the unit.

The figures are those computed by hand in test_survey_results.py: X1 total 56.67 and b 70.00; X2 total 68.33 and b
55.00; X3 below its minimum sample. With the set testdata/survey-set.yaml (1.1: total, max 10, proportional to 100;
1.2: component b, max 5; 2.1: a self-assessed leaf of 5 nobody scored):
    X1: 1.1 = 10 × 56.67 / 100 = 5.667 → 5.67; 1.2 = 5 × 70 / 100 = 3.50; 9.17 of 20 → index 45.85
    X2: 1.1 = 6.833 → 6.83; 1.2 = 5 × 55 / 100 = 2.75; 9.58 of 20 → index 47.90
    X3: nothing from the survey (1 respondent, minimum 2): 0 of 20.
"""

import csv
import io
import tempfile
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from parindex.assessments import appraisal, sources, workflow
from parindex.assessments.models import Campaign, Score
from parindex.assessments.services import open_campaign
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.frameworks.services import install_framework, read_framework_file
from parindex.frameworks.spec import SpecError, parse_framework
from parindex.org.models import Role, Unit, UnitGroup
from parindex.surveys.models import Response
from parindex.surveys.services import score_survey_leaves
from parindex.surveys.tests.test_survey_results import hand_survey
from parindex.surveys.tests.xlsforms import TESTDATA, hand_responses, record_rows
from parindex.tests.district import person

ACTOR = Actor.command_line("tests")
SURVEY_SET: Path = TESTDATA / "survey-set.yaml"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


class SurveyLeafTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        group = UnitGroup.objects.create(code="xa", name="Xã")
        root = Unit.objects.create(code="H", name="Huyện")
        cls.units = {
            code: Unit.objects.create(code=code, name=name, parent=root, group=group)
            for code, name in (("X1", "Xã Một"), ("X2", "Xã Hai"), ("X3", "Xã Ba"))
        }
        cls.survey = hand_survey()
        record_rows(cls.survey, hand_responses())
        framework = install_framework(read_framework_file(SURVEY_SET), ACTOR).framework
        cls.campaign = open_campaign("c2026", "survey-set", "xa", ACTOR, year=2026, owner_code="H")
        cls.leaf = {c.code: c for c in framework.criteria.filter(is_leaf=True)}

    def score(self, unit, leaf):
        return Score.objects.filter(campaign=self.campaign, unit=self.units[unit], criterion=self.leaf[leaf]).first()

    def test_the_leaves_turn_the_hand_computed_figures_into_the_right_points_in_the_ranking(self):
        changed = score_survey_leaves(ACTOR)
        self.assertEqual(changed, 4)
        rows = list(csv.reader(io.StringIO(run("ranking", "--campaign", "c2026", "--format", "csv"))))
        self.assertEqual(
            [row[:6] for row in rows[1:]],
            [
                ["1", "X2", "Xã Hai", "9.58", "20.00", "47.90"],
                ["2", "X1", "Xã Một", "9.17", "20.00", "45.85"],
                ["3", "X3", "Xã Ba", "0.00", "20.00", "0.00"],
            ],
        )
        x1 = self.score("X1", "1.1")
        self.assertEqual((x1.self_value, x1.self_score, x1.final_score), (D("56.67"), D("5.67"), D("5.67")))
        self.assertEqual(self.score("X1", "1.2").self_score, D("3.50"))
        self.assertIsNone(self.score("X3", "1.1"))  # below the minimum sample: not scored

    def test_each_score_is_audited_with_its_input_and_the_reason(self):
        score_survey_leaves(ACTOR, "nhập phiếu khảo sát")
        entry = AuditEntry.objects.get(
            action=Action.SCORE_SELF, unit_id=self.units["X2"].pk, criterion_id=self.leaf["1.2"].pk
        )
        self.assertEqual(entry.after["value"], "55")
        self.assertEqual(entry.reason, "nhập phiếu khảo sát")

    def test_scoring_again_without_a_change_writes_nothing(self):
        score_survey_leaves(ACTOR)
        entries = AuditEntry.objects.count()
        self.assertEqual(score_survey_leaves(ACTOR), 0)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_the_leaves_follow_the_responses_and_a_score_is_taken_back_below_the_minimum(self):
        score_survey_leaves(ACTOR)
        record_rows(self.survey, [{"_uuid": "uuid-r8", "unit": "X3", "q1": "4", "q2": "4", "q3": "4", "q4": "4"}])
        score_survey_leaves(ACTOR, unit_ids=[self.units["X3"].pk])
        # X3: a = (1·(100+60)/2 + 3·60) / 4 = 65; b = 60; total = (130 + 60) / 3 = 63.33 → 6.33 points
        self.assertEqual(self.score("X3", "1.1").self_score, D("6.33"))
        self.assertEqual(self.score("X3", "1.2").self_score, D("3.00"))
        Response.objects.filter(external_id="uuid-r8").delete()
        score_survey_leaves(ACTOR)
        taken_back = self.score("X3", "1.1")
        self.assertEqual((taken_back.self_score, taken_back.self_value, taken_back.final_score), (None, None, None))

    def test_a_locked_campaign_is_never_touched(self):
        Campaign.objects.filter(pk=self.campaign.pk).update(status=Campaign.Status.LOCKED)
        self.assertEqual(score_survey_leaves(ACTOR), 0)
        self.assertFalse(Score.objects.exists())

    def test_the_appraiser_overrides_a_survey_leaf_with_a_reason_and_the_survey_no_longer_moves_the_final_score(self):
        score_survey_leaves(ACTOR)
        head = person("chutich.x1", Role.HEAD, self.units["X1"])
        workflow.save_self_score(self.campaign, self.units["X1"], self.leaf["2.1"], "3", False, Actor.of(head))
        workflow.submit(self.campaign, self.units["X1"], Actor.of(head), confirm_missing=True)
        appraiser = Actor.of(person("thamdinh", Role.APPRAISER, Unit.objects.get(code="H")))
        with self.assertRaises(workflow.NotAllowed):
            appraisal.appraise(self.campaign, self.units["X1"], self.leaf["1.1"], "40", False, "", appraiser)
        appraisal.appraise(
            self.campaign, self.units["X1"], self.leaf["1.1"], "40", False, "Phiếu khảo sát thiếu tin cậy", appraiser
        )
        self.assertEqual(self.score("X1", "1.1").final_score, D("4.00"))
        record_rows(self.survey, [{"_uuid": "uuid-r9", "unit": "X1", "q1": "5", "q2": "5", "q3": "5", "q4": "5"}])
        score_survey_leaves(ACTOR)
        score = self.score("X1", "1.1")
        self.assertNotEqual(score.self_score, D("5.67"))  # the survey figure moved ...
        self.assertEqual(score.final_score, D("4.00"))  # ... the appraised score stands

    def test_the_unit_sees_its_survey_figures_read_only(self):
        score_survey_leaves(ACTOR)
        self.client.force_login(person("canbo.x1", Role.OFFICER, self.units["X1"]))
        page = self.client.get(reverse("assessments:unit-sheet", args=["c2026", "X1"]))
        self.assertContains(page, "Lấy từ kết quả điều tra xã hội học “Khảo sát thử”; đơn vị không tự nhập.")
        self.assertContains(page, "Lấy từ kết quả điều tra xã hội học “Khảo sát thử – Công chức”")
        self.assertContains(page, "Kết quả khảo sát: 56,67 → <strong>5,67</strong> điểm", html=False)
        self.assertContains(page, "số người trả lời: 3")
        self.assertNotContains(
            page, f'action="{reverse("assessments:save-leaf", args=["c2026", "X1", self.leaf["1.1"].pk])}"'
        )

    def test_a_unit_below_its_minimum_sample_is_told_so(self):
        self.client.force_login(person("canbo.x3", Role.OFFICER, self.units["X3"]))
        page = self.client.get(reverse("assessments:unit-sheet", args=["c2026", "X3"]))
        self.assertContains(page, "dưới cỡ mẫu tối thiểu 2: chưa chấm điểm theo khảo sát")

    def test_the_command_scores_the_leaves(self):
        out, err = StringIO(), StringIO()
        call_command("score_survey_leaves", "--survey", "khao-sat-tay", stdout=out, stderr=err)
        self.assertIn("4 điểm thay đổi", err.getvalue())
        self.assertEqual(self.score("X2", "1.1").self_score, D("6.83"))

    def test_the_command_dry_run_writes_nothing(self):
        call_command("score_survey_leaves", "--dry-run", stdout=StringIO(), stderr=StringIO())
        self.assertFalse(Score.objects.exists())

    def test_a_source_names_the_survey_and_its_component(self):
        self.assertEqual(sources.source_name("survey", "khao-sat-tay"), "Khảo sát thử")
        self.assertEqual(sources.source_name("survey", "khao-sat-tay:b"), "Khảo sát thử – Công chức")
        self.assertEqual(sources.source_name("survey", "chua-co"), "chua-co")


class SurveySourceSpecTests(TestCase):
    def node(self, source):
        return {
            "code": "s",
            "name": "Bộ",
            "year": 2026,
            "nodes": [{"code": "1", "name": "Lá", "max": 1, "rule": {"type": "manual"}, "source": source}],
        }

    def test_a_criteria_set_accepts_survey_sources_with_or_without_a_component(self):
        for source in ("survey", "survey:sipas-2026", "survey:sipas-2026:tiep_can", "indicator:ontime_rate"):
            with self.subTest(source):
                parse_framework(self.node(source))

    def test_a_malformed_survey_source_is_refused(self):
        for source in ("survey:", "survey:a:b:c", "survey:có-dấu", "survey:" + "x" * 60):
            with self.subTest(source), self.assertRaises(SpecError):
                parse_framework(self.node(source))

    def test_survey_sources_survive_the_excel_layout_of_a_criteria_set(self):
        install_framework(read_framework_file(SURVEY_SET), ACTOR)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "set.xlsx"
            call_command("export_framework", "survey-set", str(path), stdout=StringIO(), stderr=StringIO())
            spec = read_framework_file(path)
        sources = {leaf.code: leaf.source for leaf, _ancestors in spec.leaves()}
        self.assertEqual(sources, {"1.1": "survey:khao-sat-tay", "1.2": "survey:khao-sat-tay:b", "2.1": "self"})
