"""Points per item ("0,5 điểm cho mỗi trường hợp, tối đa 2 điểm") and a formula over two rates on the sheets: each
explained in words, read by its rule on the unit's sheet and on the appraiser's, with exact points."""

from decimal import Decimal as D

from django.urls import reverse
from django.utils import translation

from parindex.assessments import appraisal, leafrules, workflow
from parindex.assessments.models import Score
from parindex.assessments.tests.decision_set import DecisionSetTestCase
from parindex.assessments.workflow import NotAllowed
from parindex.audit.services import Actor

HTMX = {"HTTP_HX_REQUEST": "true"}


class PerItemAndFormulaSheetTests(DecisionSetTestCase):
    def save(self, code, fields):
        return workflow.save_self_score(self.qd, self.commune, self.criteria[code], fields, False, self.officer)

    def post(self, code, **fields):
        url = reverse("assessments:save-leaf", args=[self.qd.code, "X-AN", self.criteria[code].pk])
        return self.client.post(url, {"score_fields": "1", **fields}, **HTMX)

    def score(self, code):
        return Score.objects.get(campaign=self.qd, unit=self.commune, criterion=self.criteria[code])

    def test_points_per_item_are_explained_and_capped_at_the_maximum(self):
        with translation.override("vi"):
            self.assertEqual(
                leafrules.describe(self.criteria["1.1"]),
                "Nhập số trường hợp: 0,5 điểm cho mỗi trường hợp, tối đa 2 điểm.",
            )
        self.save("1.1", "3")
        self.assertEqual((self.score("1.1").self_value, self.score("1.1").self_score), (D(3), D("1.50")))
        self.save("1.1", "5")
        self.assertEqual(self.score("1.1").self_score, D("2.00"))
        self.client.force_login(self.commune_officer)
        response = self.post("1.1", value="1,5")
        self.assertContains(response, "số nguyên")
        self.assertEqual(self.score("1.1").self_score, D("2.00"))
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(page, "Số trường hợp")

    def test_a_formula_is_shown_with_its_inputs_labels_and_scored_exactly(self):
        formula = self.criteria["I/3.1"]
        with translation.override("vi"):
            self.assertEqual(
                leafrules.describe(formula),
                "Nhập Tỷ lệ quá hạn, Tỷ lệ phản ánh; giá trị = 100 − (Tỷ lệ quá hạn + Tỷ lệ phản ánh). "
                "Điểm = giá trị × 2 / 100, tối đa 2 điểm.",
            )
        self.client.force_login(self.commune_officer)
        response = self.post("I/3.1", in_qua_han="5", in_phan_anh="2,5")
        self.assertContains(response, "Giá trị: 92,5 → 1,85 điểm")
        score = self.score("I/3.1")
        self.assertEqual((score.self_value, score.self_score), (D("92.5000"), D("1.85")))
        self.assertEqual(score.self_inputs, {"qua_han": "5", "phan_anh": "2.5"})
        response = self.post("I/3.1", in_qua_han="5", in_phan_anh="")
        self.assertContains(response, "hãy nhập đủ các số liệu: còn trống Tỷ lệ phản ánh")
        self.assertEqual(self.score("I/3.1").self_score, D("1.85"))
        page = self.client.get(reverse("assessments:unit-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(page, 'name="in_phan_anh" inputmode="decimal"')
        self.assertContains(page, 'value="2,5"')

    def test_the_appraiser_enters_a_formulas_inputs_and_a_per_item_count(self):
        self.save("I/3.1", {"in_qua_han": "5", "in_phan_anh": "2,5"})
        self.save("1.1", "4")
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        actor = Actor.of(self.appraiser)
        formula = self.criteria["I/3.1"]
        with self.assertRaisesMessage(NotAllowed, "lý do"):
            appraisal.appraise(
                self.qd, self.commune, formula, {"in_qua_han": "10", "in_phan_anh": "5"}, False, "", actor
            )
        appraisal.appraise(
            self.qd, self.commune, formula, {"in_qua_han": "10", "in_phan_anh": "5"}, False, "Quá hạn 10%", actor
        )
        self.assertEqual(self.score("I/3.1").appraised_score, D("1.70"))  # (100 − 15) × 2 / 100
        appraisal.appraise(self.qd, self.commune, self.criteria["1.1"], "2", False, "Chỉ 2 quy chế", actor)
        self.assertEqual(self.score("1.1").appraised_score, D("1.00"))
        self.client.force_login(self.appraiser)
        sheet = self.client.get(reverse("assessments:appraisal-sheet", args=[self.qd.code, "X-AN"]))
        self.assertContains(sheet, "Tỷ lệ quá hạn: 5; Tỷ lệ phản ánh: 2,5")  # the unit's inputs by their labels
        self.assertContains(sheet, "Giá trị: 85 → 1,7 điểm")  # what the appraised inputs come to
