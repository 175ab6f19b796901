"""In a real Chromium on a 1366×768 office screen, a set written as decisions write them: the unit enters a ratio's
two counts (a zero denominator first), a per-item count, a formula's two rates and a tracking figure, and reads each
outcome beside the item; the heading and the council's item show in their place. The appraiser then finds closing
refused while the council's item waits, scores it (refused without a reason, then saved) and checks the ratio's
counts. Every message is asserted inside the window. Screenshots go to ``screenshots/``."""

import pytest

from parindex.assessments import workflow
from parindex.assessments.models import Score
from parindex.assessments.tests.decision_set import install_decision_campaign
from parindex.audit.services import Actor
from parindex.tests.browser import BrowserTestCase, screenshot

pytestmark = pytest.mark.browser


class DecisionSetSheetsInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.qd = install_decision_campaign(self)

    def leaf(self, code):
        return self.page.locator(f"#leaf-{self.criteria[code].pk}")

    def type_in(self, code, name, value):
        """Type in one box of an item and leave it (the sheet saves on change)."""
        box = self.leaf(code).locator(f"input[name={name}]")
        box.scroll_into_view_if_needed()
        box.fill(value)
        box.press("Tab")

    def status_says(self, code, text):
        status = self.leaf(code).locator(".leaf-status", has_text=text)
        status.wait_for()
        self.leaf(code).scroll_into_view_if_needed()
        self.assert_in_view(status)
        return status

    def score(self, code):
        return Score.objects.get(campaign=self.qd, unit=self.commune, criterion=self.criteria[code])

    def test_the_unit_fills_every_construct_and_reads_each_outcome_beside_the_item(self):
        self.log_in("canbo.an")
        self.page.goto(f"{self.live_server_url}/campaigns/{self.qd.code}/units/X-AN/")
        heading = self.page.locator(f"#heading-{self.criteria['1'].pk}")
        self.assertIn("Nhóm tiêu chí về thể chế", heading.inner_text())
        self.assert_in_view(heading)
        rule = self.leaf("1.2").locator(".rule")
        self.assertIn("dưới 80%: tỷ lệ × 2 / 80%", rule.inner_text())
        self.assertIn("Nếu Tổng số hồ sơ bằng 0: tiêu chí không áp dụng", rule.inner_text())

        # A ratio: one count alone is refused beside the item, then a zero denominator makes it not applicable.
        self.type_in("1.2", "in_numerator", "0")
        self.status_says("1.2", "hãy nhập cả Số hồ sơ đúng hạn và Tổng số hồ sơ")
        self.type_in("1.2", "in_denominator", "0")
        self.status_says("1.2", "Tổng số hồ sơ bằng 0 → không áp dụng")
        screenshot(self.page, "40-ratio-zero-denominator")
        self.type_in("1.2", "in_numerator", "45")
        self.status_says("1.2", "Số hồ sơ đúng hạn không được lớn hơn Tổng số hồ sơ")
        self.type_in("1.2", "in_denominator", "50")
        self.status_says("1.2", "Tỷ lệ: 90% → 2 điểm")
        self.assertEqual(self.score("1.2").self_inputs, {"numerator": "45", "denominator": "50"})

        # Points per item, a formula, a tracking figure.
        self.type_in("1.1", "value", "3")
        self.assertIn("1,50", self.status_says("1.1", "1,50").inner_text())
        self.type_in("I/3.1", "in_qua_han", "5")
        self.status_says("I/3.1", "hãy nhập đủ các số liệu: còn trống Tỷ lệ phản ánh")
        self.type_in("I/3.1", "in_phan_anh", "2,5")
        self.status_says("I/3.1", "Giá trị: 92,5 → 1,85 điểm")
        self.type_in("1.4", "value", "25")
        self.status_says("1.4", "Đã lưu")
        tag = self.leaf("1.4").locator(".tag", has_text="không tính điểm")
        self.assert_in_view(tag)
        self.assertEqual(self.score("1.4").self_value, 25)

        # The council's item: read-only, with the note, and no box.
        council = self.leaf("II/3.1")
        council.scroll_into_view_if_needed()
        note = council.locator(".notice", has_text="Do Hội đồng thẩm định chấm")
        self.assert_in_view(note)
        self.assertEqual(council.locator("input[type=text]").count(), 0)
        self.assertEqual(self.leaf("3.2").locator("input[name=not_applicable]").count(), 0)
        self.assert_fits_the_screen()
        screenshot(self.page, "41-decision-set-unit-sheet")

    def test_the_appraiser_scores_the_council_item_with_a_reason_and_checks_the_counts(self):
        officer = Actor.of(self.commune_officer)
        save = workflow.save_self_score
        save(
            self.qd, self.commune, self.criteria["1.2"], {"in_numerator": "45", "in_denominator": "50"}, False, officer
        )
        save(self.qd, self.commune, self.criteria["1.1"], "3", False, officer)
        workflow.submit(self.qd, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.log_in("thamdinh")
        self.page.goto(f"{self.live_server_url}/campaigns/{self.qd.code}/units/X-AN/appraisal/")

        # Closing waits for the council's item, and accepting the self scores cannot settle it: the panel says so.
        action = self.page.locator("#appraisal-action")
        action.get_by_role("button", name="Kết thúc vòng 1").click()
        refusal = self.page.locator("#appraisal-action .error")
        refusal.wait_for()
        self.assertIn("Tiêu chí do Hội đồng thẩm định chấm: 1.", refusal.inner_text())
        self.assert_in_view(refusal)

        ratio = self.leaf("1.2")
        ratio.scroll_into_view_if_needed()
        declared = ratio.locator(".compare", has_text="Số hồ sơ đúng hạn: 45 / Tổng số hồ sơ: 50")
        self.assert_in_view(declared)
        self.assertEqual(ratio.locator("input[name=in_denominator]").input_value(), "50")
        ratio.locator("input[name=in_numerator]").fill("0")
        ratio.locator("input[name=in_denominator]").fill("0")
        ratio.locator("input[name=reason]").fill("Kỳ đánh giá không phát sinh hồ sơ")
        ratio.get_by_role("button", name="Lưu", exact=True).click()
        outcome = self.leaf("1.2").locator(".compare", has_text="Tổng số hồ sơ bằng 0 → không áp dụng")
        outcome.wait_for()
        self.leaf("1.2").scroll_into_view_if_needed()
        self.assert_in_view(outcome)
        self.assertTrue(self.score("1.2").appraised_na)

        council = self.leaf("II/3.1")
        council.scroll_into_view_if_needed()
        council.locator("input[name=value]").fill("2,5")
        council.get_by_role("button", name="Lưu", exact=True).click()
        error = self.leaf("II/3.1").locator(".error")
        error.wait_for()
        self.assertIn("Hãy nêu lý do cho điểm Hội đồng thẩm định chấm", error.inner_text())
        self.assert_in_view(error)
        screenshot(self.page, "42-council-item-needs-a-reason")
        self.leaf("II/3.1").scroll_into_view_if_needed()
        council = self.leaf("II/3.1")
        self.assertEqual(council.locator("input[name=value]").input_value(), "2,5")  # kept as typed
        council.locator("input[name=reason]").fill("Chủ động, kịp thời trong chỉ đạo")
        council.get_by_role("button", name="Lưu", exact=True).click()
        saved = self.leaf("II/3.1").locator(".saved")
        saved.wait_for()
        self.assertIn("đã lưu", saved.inner_text())
        self.assert_in_view(saved)
        self.assertEqual(str(self.score("II/3.1").appraised_score), "2.50")
        # Heading and tracking rows stand in their place on the appraiser's sheet too.
        self.assertEqual(self.page.locator(f"#heading-{self.criteria['1'].pk}").count(), 1)
        self.assertIn("không tính điểm", self.leaf("1.4").inner_text())
        screenshot(self.page, "43-council-item-appraised")
