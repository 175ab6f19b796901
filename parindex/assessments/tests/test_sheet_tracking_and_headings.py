"""Tracking rows (a figure the decision asks for, worth no points), heading rows (grouping the rows after them) and
the decision's printed codes (3.1 under two areas) on the unit's sheet and the appraiser's."""

import re
from decimal import Decimal as D

from django.urls import reverse
from django.utils import translation

from parindex.assessments import appraisal, leafrules, workflow
from parindex.assessments.models import AppraiserAssignment, Score
from parindex.assessments.tests.decision_set import DecisionSetTestCase
from parindex.assessments.workflow import NotAllowed
from parindex.audit.services import Actor

HTMX = {"HTTP_HX_REQUEST": "true"}


class TrackingAndHeadingSheetTests(DecisionSetTestCase):
    def setUp(self):
        super().setUp()
        self.tracking = self.criteria["1.4"]
        self.unit_sheet = reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"])
        self.appraisal_sheet = reverse("assessments:appraisal-sheet", args=[self.qd.code, "X-AN"])

    def submit_something(self):
        workflow.save_self_score(self.qd, self.commune, self.criteria["1.1"], "1", False, self.officer)
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head), confirm_missing=True)

    def score(self, code):
        return Score.objects.filter(campaign=self.qd, unit=self.commune, criterion=self.criteria[code]).first()

    def test_a_tracking_row_keeps_its_figure_at_no_points_and_is_never_missing(self):
        with translation.override("vi"):
            self.assertEqual(leafrules.describe(self.tracking), "Số liệu theo dõi, không tính điểm.")
        missing = [leaf for leaf, _problem in workflow.missing_items(self.qd, self.commune)]
        self.assertNotIn(self.tracking, missing)
        self.assertIn(self.criteria["1.1"], missing)
        workflow.save_self_score(self.qd, self.commune, self.tracking, "25", False, self.officer)
        score = self.score("1.4")
        self.assertEqual((score.self_value, score.self_score, score.self_na), (D(25), D("0.00"), False))
        self.client.force_login(self.commune_officer)
        page = self.client.get(self.unit_sheet)
        self.assertContains(page, '<span class="tag">không tính điểm</span>')
        self.assertContains(page, "Số liệu")
        url = reverse("assessments:save-leaf", args=[self.qd.code, "X-AN", self.tracking.pk])
        refused = self.client.post(url, {"score_fields": "1", "value": "-3"}, **HTMX)
        self.assertContains(refused, "không được âm")
        self.assertEqual(self.score("1.4").self_value, D(25))

    def test_a_tracking_row_never_waits_for_the_appraisal_and_a_corrected_figure_needs_a_reason(self):
        workflow.save_self_score(self.qd, self.commune, self.tracking, "25", False, self.officer)
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.assertNotIn(self.tracking, appraisal.to_appraise(self.qd))
        actor = Actor.of(self.appraiser)
        with self.assertRaisesMessage(NotAllowed, "Hãy nêu lý do điều chỉnh số liệu của đơn vị."):
            appraisal.appraise(self.qd, self.commune, self.tracking, "27", False, "", actor)
        appraisal.appraise(self.qd, self.commune, self.tracking, "27", False, "Theo danh sách biên chế", actor)
        score = self.score("1.4")
        self.assertEqual((score.appraised_score, score.self_value), (D("0.00"), D(25)))
        self.client.force_login(self.appraiser)
        sheet = self.client.get(self.appraisal_sheet)
        self.assertContains(sheet, "Số liệu của đơn vị")
        self.assertContains(sheet, 'value="27"')  # the corrected figure stands in the box
        self.assertContains(sheet, "<strong>27</strong>")  # and as the appraised figure, not as 0 points

    def test_a_heading_row_shows_in_its_place_on_both_sheets(self):
        heading = self.criteria["1"]
        self.assertTrue(heading.is_heading)
        self.client.force_login(self.commune_officer)
        page = self.client.get(self.unit_sheet).content.decode()
        self.assertIn(f'id="heading-{heading.pk}"', page)
        self.assertLess(page.index(f'id="heading-{heading.pk}"'), page.index(f'id="leaf-{self.criteria["1.1"].pk}"'))
        filtered = self.client.get(self.unit_sheet, {"show": "missing"}).content.decode()
        self.assertIn(f'id="heading-{heading.pk}"', filtered)  # items after it are still missing
        self.submit_something()
        # An appraiser assigned the area only (not the unit) still sees the heading of that area.
        AppraiserAssignment.objects.create(campaign=self.qd, user=self.idle_appraiser, area=self.criteria["I"])
        for person in (self.appraiser, self.idle_appraiser):
            self.client.force_login(person)
            sheet = self.client.get(self.appraisal_sheet)
            self.assertContains(sheet, f'id="heading-{heading.pk}"')
            self.assertContains(sheet, "Nhóm tiêu chí về thể chế")

    def test_the_sheets_show_the_decisions_printed_codes_not_the_paths(self):
        self.client.force_login(self.commune_officer)
        page = self.client.get(self.unit_sheet).content.decode()
        self.assertEqual(len(re.findall(r'<span class="code">3\.1</span>', page)), 2)
        self.assertNotIn("I/3.1", page)
        self.submit_something()
        self.client.force_login(self.appraiser)
        sheet = self.client.get(self.appraisal_sheet).content.decode()
        self.assertEqual(len(re.findall(r'<span class="code">3\.1</span>', sheet)), 2)
        self.assertNotIn("I/3.1", sheet)
