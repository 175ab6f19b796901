"""The appraisal input follows each leaf's rule exactly as the self-assessment input does, and each save answers beside
the leaf (HTMX) or on the page (no JavaScript), keeping what was typed when it is refused."""

from decimal import Decimal as D

from django.urls import reverse

from parindex.assessments import workflow
from parindex.assessments.models import Question, Score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase

HTMX = {"HTTP_HX_REQUEST": "true"}


class AppraisalInputTests(DistrictTestCase):
    def setUp(self):
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        officer = Actor.of(self.commune_officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.1"], "1", False, officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.2"], "95", False, officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.3"], "1", False, officer)
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.sheet = reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"])
        self.client.force_login(self.appraiser)

    def post(self, code, value, reason="", htmx=False, **extra):
        url = reverse("assessments:appraise-leaf", args=["c2021", "X-AN", self.leaf[code].pk])
        return self.client.post(url, {"value": value, "reason": reason, **extra}, **(HTMX if htmx else {}))

    def score(self, code):
        return Score.objects.get(campaign=self.campaign, unit=self.commune, criterion=self.leaf[code])

    def test_a_decimal_on_a_choice_leaf_is_refused_with_a_clear_message(self):
        response = self.post("1.1", "0,70", reason="Chậm", htmx=True)
        self.assertContains(response, "Hãy chọn một trong các trường hợp đã liệt kê")
        self.assertFalse(self.score("1.1").is_appraised)

    def test_a_choice_leaf_is_appraised_by_its_option_and_the_option_is_audited(self):
        self.post("1.1", "2", reason="Ban hành chậm 5 ngày")
        self.assertEqual(self.score("1.1").appraised_score, D("0.50"))
        entry = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED, criterion_id=self.leaf["1.1"].pk).get()
        self.assertEqual(entry.after["value"], "2")

    def test_a_bands_leaf_takes_the_measured_value_and_its_band_gives_the_points(self):
        self.post("1.2", "75", reason="Chỉ hoàn thành 75% kế hoạch")
        self.assertEqual(self.score("1.2").appraised_score, D("1.00"))
        response = self.post("1.2", "nhiều", reason="x", htmx=True)
        self.assertContains(response, "không phải là số")
        self.assertEqual(self.score("1.2").appraised_score, D("1.00"))

    def test_a_deduction_leaf_takes_a_whole_count(self):
        response = self.post("1.3", "1,5", reason="x", htmx=True)
        self.assertContains(response, "số nguyên")
        self.post("1.3", "2", reason="Chậm 2 báo cáo")
        self.assertEqual(self.score("1.3").appraised_score, D("0.50"))

    def test_a_manual_leaf_takes_points_in_its_steps(self):
        response = self.post("2.2", "0,3", reason="x", htmx=True)
        self.assertContains(response, "bội số của 0,25")
        self.post("2.2", "1,75", reason="Rà soát chưa đủ")
        self.assertEqual(self.score("2.2").appraised_score, D("1.75"))

    def test_the_units_choice_is_shown_by_its_label_and_the_options_by_label_and_points(self):
        page = self.client.get(self.sheet)
        leaf = page.content.decode().split(f'id="leaf-{self.leaf["1.1"].pk}"')[1].split("</section>")[0]
        self.assertIn("Trường hợp: Đúng hạn", leaf)
        self.assertIn('<option value="2">Chậm (0,5 điểm)</option>', leaf)
        self.assertIn('<option value="1" selected>Đúng hạn (1 điểm)</option>', leaf)
        self.assertNotIn("giá trị kê khai", leaf.lower())
        measured = page.content.decode().split(f'id="leaf-{self.leaf["1.2"].pk}"')[1].split("</section>")[0]
        self.assertIn("Giá trị đạt được: 95", measured)
        self.assertIn('name="value" inputmode="decimal" autocomplete="off" size="8" value="95"', measured)

    def test_the_value_typed_for_a_changed_score_stands_in_the_input_after_a_reload(self):
        self.post("1.2", "75", reason="Chỉ hoàn thành 75% kế hoạch")
        measured = self.client.get(self.sheet).content.decode().split(f'id="leaf-{self.leaf["1.2"].pk}"')[1]
        self.assertIn('value="75"', measured.split("</section>")[0])

    def test_a_htmx_save_answers_with_the_leaf_and_a_saved_mark(self):
        response = self.post("1.1", "1", htmx=True)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertTrue(html.startswith(f'<section class="leaf" id="leaf-{self.leaf["1.1"].pk}"'))
        self.assertIn("✓ đã lưu", html)
        self.assertIn('id="appraisal-side" hx-swap-oob="true"', html)
        self.assertEqual(self.score("1.1").appraised_score, D("1.00"))

    def test_a_changed_score_without_a_reason_is_refused_beside_the_leaf_and_what_was_typed_stays(self):
        response = self.post("1.2", "75", htmx=True)
        html = response.content.decode()
        self.assertIn("Hãy nêu lý do thay đổi điểm tự chấm của đơn vị.", html)
        self.assertIn('value="75"', html)  # not silently put back to the unit's 95
        self.assertNotIn("đã lưu", html)
        self.assertFalse(self.score("1.2").is_appraised)

    def test_without_javascript_a_refusal_answers_with_the_page_and_the_typed_value(self):
        response = self.post("1.2", "75", reason="")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "assessments/appraisal_sheet.html")
        html = response.content.decode()
        leaf = html.split(f'id="leaf-{self.leaf["1.2"].pk}"')[1].split("</section>")[0]
        self.assertIn("Hãy nêu lý do", leaf)
        self.assertIn('value="75"', leaf)
        ok = self.post("1.2", "75", reason="Chỉ hoàn thành 75% kế hoạch")
        self.assertRedirects(ok, self.sheet + f"#leaf-{self.leaf['1.2'].pk}", fetch_redirect_response=False)

    def test_saving_a_changed_score_again_unchanged_needs_no_new_reason(self):
        self.post("1.1", "2", reason="Ban hành chậm")
        response = self.post("1.1", "2", htmx=True)
        self.assertContains(response, "✓ đã lưu")
        self.assertEqual(self.score("1.1").appraisal_note, "Ban hành chậm")

    def test_asking_through_htmx_answers_beside_the_leaf(self):
        url = reverse("assessments:ask", args=["c2021", "X-AN", self.leaf["1.1"].pk])
        empty = self.client.post(url, {"question": " "}, **HTMX)
        self.assertContains(empty, "Hãy nhập câu hỏi gửi đơn vị")
        response = self.client.post(url, {"question": "Đề nghị gửi kế hoạch"}, **HTMX)
        self.assertContains(response, "Đề nghị gửi kế hoạch")
        self.assertEqual(Question.objects.count(), 1)

    def test_someone_not_appraising_the_unit_cannot_save(self):
        for person in (self.idle_appraiser, self.home_affairs, self.viewer, self.commune_officer, self.outsider):
            with self.subTest(person=person.username):
                self.client.force_login(person)
                self.assertIn(self.post("1.1", "1").status_code, (403, 404))
        self.assertFalse(self.score("1.1").is_appraised)
