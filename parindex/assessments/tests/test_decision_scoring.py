"""Scoring criteria sets as decisions write them: what "not applicable" counts for, tracking rows and headings that
never count, one set run for several unit groups, and scores imported by the codes decisions print."""

from decimal import Decimal as D
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.assessments.models import Result
from parindex.assessments.ranking import area_columns
from parindex.assessments.scoring import campaign_setup, scoring_setup
from parindex.assessments.services import Stage, import_scores, open_campaign
from parindex.frameworks.services import install_framework, read_yaml
from parindex.frameworks.spec import parse_framework
from parindex.gaps.analysis import unit_gap_report
from parindex.gaps.exports import to_table
from parindex.org.models import Unit, UnitGroup
from parindex.plans.losses import losses
from parindex.tabular import ImportRejected
from parindex.tests.district import ACTOR, TempDirMixin, write

HEAD = """
year: 2025
levels: [Lĩnh vực, Tiêu chí, Tiêu chí thành phần]
bands: [{code: A, name: Tốt, min: 90}, {code: D, name: Yếu, min: 0}]
"""

# Area A: three leaves of 2 points, one per not-applicable meaning, and a tracking row; area B opens with a heading.
MEANINGS = f"""
code: na
name: Ý nghĩa của không áp dụng
{HEAD}
nodes:
  - code: A
    name: Lĩnh vực A
    children:
      - {{code: a1, name: Rời mẫu số, max: 2, rule: {{type: manual}}, not_applicable_allowed: true}}
      - code: a2
        name: Tính đủ điểm
        max: 2
        rule: {{type: manual}}
        not_applicable_allowed: true
        not_applicable_meaning: full_points
      - code: a3
        name: Tính 0 điểm
        max: 2
        rule: {{type: manual}}
        not_applicable_allowed: true
        not_applicable_meaning: zero
      - {{code: t1, name: Số hồ sơ tiếp nhận (theo dõi), kind: tracking}}
  - code: B
    name: Lĩnh vực B
    children:
      - {{code: h1, name: Nhóm tiêu chí, kind: heading}}
      - {{code: b1, name: Một tiêu chí, max: 4, rule: {{type: manual}}}}
"""

# One set for communes (xa) and agencies (co-quan): 1.1 is worth 4 for a commune and 7 for an agency, 1.2 is for
# communes only and area II for agencies only.
GROUPS = f"""
code: nhom
name: Một bộ cho hai nhóm
{HEAD}
nodes:
  - code: I
    name: Công tác chỉ đạo, điều hành
    children:
      - {{code: "1.1", name: Kế hoạch CCHC, max: 4, max_by_group: {{co-quan: 7}}, rule: {{type: manual}}}}
      - {{code: "1.2", name: Chỉ cấp xã, max: 2, applies_to: [xa], rule: {{type: manual}}}}
  - code: II
    name: Chỉ cơ quan chuyên môn
    applies_to: [co-quan]
    children:
      - {{code: "2.1", name: Rà soát văn bản, max: 3, rule: {{type: manual}}}}
"""

# Numbering restarts under each area: 3.1 under I and under III.
CODES = f"""
code: ma
name: Mã lặp lại
{HEAD}
nodes:
  - code: I
    name: Lĩnh vực một
    children:
      - {{code: "3.1", name: Ba chấm một của I, max: 2, rule: {{type: manual}}}}
      - {{code: "2.5", name: Hai chấm năm, max: 2, rule: {{type: manual}}}}
  - code: III
    name: Lĩnh vực ba
    children:
      - {{code: "3.1", name: Ba chấm một của III, max: 2, rule: {{type: manual}}}}
"""


def install(text):
    return install_framework(parse_framework(read_yaml(text)), ACTOR).framework


class DecisionScoringCase(TempDirMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.communes = UnitGroup.objects.create(code="xa", name="UBND xã")
        cls.agencies = UnitGroup.objects.create(code="co-quan", name="Cơ quan chuyên môn")
        cls.district = Unit.objects.create(code="H", name="UBND huyện")
        cls.commune = Unit.objects.create(code="X1", name="Xã Một", parent=cls.district, group=cls.communes)
        cls.agency = Unit.objects.create(code="C1", name="Phòng Một", parent=cls.district, group=cls.agencies)

    def scores(self, campaign, text):
        path = write(self.dir, "scores.csv", "unit,criterion,score\n" + text)
        return import_scores(campaign, path, Stage.APPRAISED, ACTOR)

    def result(self, campaign, unit):
        return Result.objects.get(campaign=campaign, unit=unit)


class NotApplicableMeaningTests(DecisionScoringCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        install(MEANINGS)
        cls.campaign = open_campaign("na2025", "na", "xa", ACTOR)

    def area_a(self):
        points, maximum, index = self.result(self.campaign, self.commune).areas["A"]
        return D(points), D(maximum), D(index)

    def test_a_leaf_that_leaves_the_denominator_rescales_the_area(self):
        self.scores(self.campaign, "X1,a1,na\nX1,a2,1\nX1,a3,1\n")
        self.assertEqual(self.area_a(), (D(2), D(4), D("50.00")))  # 100 × (1 + 1) / (2 + 2)

    def test_a_leaf_counted_as_full_points_earns_its_maximum(self):
        self.scores(self.campaign, "X1,a1,1\nX1,a2,na\nX1,a3,1\n")
        self.assertEqual(self.area_a(), (D(4), D(6), D("66.67")))  # 100 × (1 + 2 + 1) / 6

    def test_a_leaf_counted_as_zero_keeps_its_maximum(self):
        self.scores(self.campaign, "X1,a1,1\nX1,a2,1\nX1,a3,na\n")
        self.assertEqual(self.area_a(), (D(2), D(6), D("33.33")))  # 100 × (1 + 1 + 0) / 6

    def test_each_meaning_at_once_gives_the_index_computed_by_hand(self):
        self.scores(self.campaign, "X1,a1,na\nX1,a2,na\nX1,a3,na\nX1,b1,3\n")
        self.assertEqual(self.area_a(), (D(2), D(4), D("50.00")))  # a1 out; a2 2 of 2; a3 0 of 2
        result = self.result(self.campaign, self.commune)
        # 100 × (2 + 0 + 3) / (2 + 2 + 4)
        self.assertEqual((result.points, result.max_points, result.index), (D(5), D(8), D("62.50")))

    def test_points_lost_follow_the_meaning_in_the_gap_and_the_plan(self):
        self.scores(self.campaign, "X1,a1,na\nX1,a2,na\nX1,a3,na\nX1,b1,4\n")
        gap = unit_gap_report(self.campaign, self.commune)
        self.assertIsNotNone(gap)
        lost = {row.code: row.lost for row in gap.leaves}
        self.assertEqual(lost, {"a2": D(0), "a3": D(2), "b1": D(0)})  # a1 has left the maximum: no row
        self.assertEqual(gap.lost, gap.result.max_points - gap.result.points)
        self.assertEqual([(loss.leaf.code, loss.lost) for loss in losses(self.campaign, self.commune)], [("a3", D(2))])

    def test_tracking_rows_and_headings_never_count(self):
        framework = self.campaign.framework
        self.assertEqual(framework.max_points, D(10))
        setup = campaign_setup(self.campaign)
        self.assertEqual([leaf.code for leaf in setup.tree.leaves], ["a1", "a2", "a3", "b1"])
        self.assertEqual([leaf.code for leaf in setup.scored_leaves], ["a1", "a2", "a3", "b1"])
        self.scores(self.campaign, "X1,a1,2\nX1,t1,0\n")
        result = self.result(self.campaign, self.commune)
        self.assertEqual((result.points, result.max_points, result.missing), (D(2), D(10), 3))  # a2, a3, b1


class UnitGroupTests(DecisionScoringCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.framework = install(GROUPS)
        cls.for_communes = open_campaign("xa2025", "nhom", "xa", ACTOR)
        cls.for_agencies = open_campaign("cq2025", "nhom", "co-quan", ACTOR)

    def test_each_group_gets_its_items_at_its_maxima(self):
        communes, agencies = campaign_setup(self.for_communes), campaign_setup(self.for_agencies)
        self.assertEqual([(c.code, c.max_points) for c in communes.criteria], [("I", 6), ("1.1", 4), ("1.2", 2)])
        self.assertEqual(
            [(c.code, c.max_points) for c in agencies.criteria], [("I", 7), ("1.1", 7), ("II", 3), ("2.1", 3)]
        )
        self.assertEqual([a.code for a in area_columns(self.for_communes)], ["I"])
        self.assertEqual([a.code for a in area_columns(self.for_agencies)], ["I", "II"])

    def test_the_stored_criteria_are_left_as_loaded(self):
        campaign_setup(self.for_agencies)
        stored = dict(self.framework.criteria.values_list("code", "max_points"))
        self.assertEqual((stored["1.1"], stored["I"]), (D(4), D(6)))
        self.assertEqual(
            scoring_setup(self.framework).criterion(self.framework.criteria.get(code="1.1").pk).max_points, 4
        )

    def test_the_same_set_gives_each_group_its_own_maximum_and_index(self):
        self.scores(self.for_communes, "X1,1.1,3\nX1,1.2,2\n")
        self.scores(self.for_agencies, "C1,1.1,5\nC1,2.1,3\n")
        commune = self.result(self.for_communes, self.commune)
        agency = self.result(self.for_agencies, self.agency)
        self.assertEqual((commune.points, commune.max_points, commune.index), (D(5), D(6), D("83.33")))  # 100 × 5/6
        self.assertEqual((agency.points, agency.max_points, agency.index), (D(8), D(10), D("80.00")))  # 100 × 8/10
        self.assertEqual(set(agency.areas), {"I", "II"})
        self.assertEqual(agency.areas["I"], ["5.00", "7.00", "71.43"])
        self.assertEqual(set(commune.areas), {"I"})

    def test_a_score_is_checked_against_the_group_maximum(self):
        with self.assertRaises(ImportRejected) as ctx:
            self.scores(self.for_communes, "X1,1.1,5\n")
        self.assertIn("0..4", str(ctx.exception.problems[0]))
        self.scores(self.for_agencies, "C1,1.1,7\n")
        self.assertEqual(self.result(self.for_agencies, self.agency).points, D(7))

    def test_an_item_of_another_group_is_refused_with_its_line(self):
        with self.assertRaises(ImportRejected) as ctx:
            self.scores(self.for_communes, "X1,1.1,1\nX1,2.1,1\n")
        problems = ctx.exception.problems
        self.assertEqual([p.line for p in problems], [3])
        self.assertIn("2.1", problems[0].message)


class PrintedCodeTests(DecisionScoringCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.framework = install(CODES)
        cls.campaign = open_campaign("ma2025", "ma", "xa", ACTOR)

    def test_identities_are_printed_codes_unless_they_repeat(self):
        rows = list(self.framework.criteria.order_by("position").values_list("code", "number", "path"))
        self.assertEqual(
            rows,
            [
                ("I", "I", "I"),
                ("I/3.1", "3.1", "I/3.1"),
                ("2.5", "2.5", "I/2.5"),
                ("III", "III", "III"),
                ("III/3.1", "3.1", "III/3.1"),
            ],
        )

    def test_an_import_names_a_leaf_by_identity_path_or_unique_printed_code(self):
        self.scores(self.campaign, "X1,I/3.1,1\nX1,III / 3.1,2\nX1,I/2.5,0.5\n")
        self.assertEqual(self.result(self.campaign, self.commune).points, D("3.5"))
        self.scores(self.campaign, "X1,2.5,2\n")
        self.assertEqual(self.result(self.campaign, self.commune).points, D(5))

    def test_a_repeated_printed_code_is_refused_naming_both_places(self):
        with self.assertRaises(ImportRejected) as ctx:
            self.scores(self.campaign, "X1,2.5,1\nX1,3.1,1\n")
        [problem] = ctx.exception.problems
        self.assertEqual(problem.line, 3)
        self.assertEqual(problem.message, "mã 3.1 có ở lĩnh vực I và lĩnh vực III: ghi I/3.1 hoặc III/3.1")

    def test_the_path_and_the_identity_of_one_leaf_are_one_row(self):
        with self.assertRaises(ImportRejected) as ctx:
            self.scores(self.campaign, "X1,2.5,1\nX1,I/2.5,1\n")
        self.assertEqual([p.line for p in ctx.exception.problems], [3])

    def test_the_command_line_reports_the_ambiguity_with_its_line(self):
        path = write(self.dir, "scores.csv", "unit,criterion,score\nX1,3.1,1\n")
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("import_scores", str(path), "--campaign", "ma2025", stdout=StringIO(), stderr=err)
        self.assertIn("2", err.getvalue())
        self.assertIn("ghi I/3.1 hoặc III/3.1", err.getvalue())

    def test_the_gap_table_prints_the_codes_as_the_decision_does(self):
        self.scores(self.campaign, "X1,I/3.1,1\nX1,III/3.1,2\nX1,2.5,2\n")
        report = unit_gap_report(self.campaign, self.commune)
        self.assertIsNotNone(report)
        self.assertEqual([row.code for row in report.leaves], ["I/3.1", "2.5", "III/3.1"])
        table = to_table(report)
        self.assertIn("3.1  Ba chấm một của I", table)
        self.assertNotIn("I/3.1", table)
