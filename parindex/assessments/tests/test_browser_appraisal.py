"""In a real Chromium on a 1366×768 office screen: the appraiser's sheet answers where the appraiser is looking.

A changed score without a reason is refused beside the item (in view, what was typed kept), then saved with a
reason ("đã lưu"); closing round 1 with items left is refused in the side panel, the appraiser accepts the unit's
self scores for the remaining items, confirms, and the round closes. Screenshots go to ``screenshots/``.
"""

import pytest

from parindex.assessments import workflow
from parindex.assessments.models import Assessment, Score
from parindex.audit.services import Actor
from parindex.tests.browser import BrowserTestCase, screenshot

pytestmark = pytest.mark.browser


class AppraisalSheetInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        leaves = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        self.leaves = leaves
        officer = Actor.of(self.commune_officer)
        workflow.save_self_score(self.campaign, self.commune, leaves["1.1"], "1", False, officer)
        workflow.save_self_score(self.campaign, self.commune, leaves["1.2"], "95", False, officer)
        workflow.save_self_score(self.campaign, self.commune, leaves["2.2"], "1,5", False, officer)
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)

    def leaf(self, code):
        return self.page.locator(f"#leaf-{self.leaves[code].pk}")

    def test_a_refused_save_shows_beside_the_item_and_closing_waits_for_every_item(self):
        self.log_in("thamdinh")
        self.page.goto(f"{self.live_server_url}/campaigns/c2021/units/X-AN/appraisal/")
        # 2.2 stands below the fold at 1366×768: the answer must come where the appraiser is.
        leaf = self.leaf("2.2")
        leaf.scroll_into_view_if_needed()
        leaf.locator("input[name=value]").fill("0,75")
        leaf.get_by_role("button", name="Lưu", exact=True).click()
        error = self.leaf("2.2").locator(".error")
        error.wait_for()
        self.assertIn("lý do", error.inner_text())
        self.assert_in_view(error)
        self.assertEqual(self.leaf("2.2").locator("input[name=value]").input_value(), "0,75")  # not put back
        self.assertFalse(Score.objects.get(criterion=self.leaves["2.2"], unit=self.commune).is_appraised)
        screenshot(self.page, "20-appraisal-refused-beside-the-item")
        self.leaf("2.2").scroll_into_view_if_needed()  # a full-page screenshot moves the window; put it back

        leaf = self.leaf("2.2")
        leaf.locator("input[name=reason]").fill("Mới rà soát 6/8 văn bản")
        leaf.get_by_role("button", name="Lưu", exact=True).click()
        saved = self.leaf("2.2").locator(".saved")
        saved.wait_for()
        self.assertIn("đã lưu", saved.inner_text())
        self.assert_in_view(saved)
        self.assertEqual(self.leaf("2.2").locator("input[name=value]").input_value(), "0,75")
        score = Score.objects.get(criterion=self.leaves["2.2"], unit=self.commune)
        self.assertEqual((score.appraised_score, score.appraisal_note), (0.75, "Mới rà soát 6/8 văn bản"))

        # Closing round 1 with items left: refused in the side panel, which stays on screen.
        action = self.page.locator("#appraisal-action")
        action.get_by_role("button", name="Kết thúc vòng 1").click()
        refusal = self.page.locator("#appraisal-action .error")
        refusal.wait_for()
        self.assertIn("Còn 5 tiêu chí chưa thẩm định", refusal.inner_text())
        self.assert_in_view(refusal)
        screenshot(self.page, "21-appraisal-close-refused")
        self.page.get_by_role("button", name="Chấp nhận điểm tự chấm của đơn vị cho 5 tiêu chí còn lại").click()
        self.page.locator("#appraisal-action .ok").wait_for()
        self.assertIn("cho 5 tiêu chí", self.page.locator("#appraisal-action .ok").inner_text())
        self.page.locator("#appraisal-action").get_by_role("button", name="Kết thúc vòng 1").click()
        confirm = self.page.get_by_role("button", name="Xác nhận kết thúc vòng 1")
        confirm.wait_for()
        self.assertIn("Không có yêu cầu giải trình", self.page.locator("#appraisal-action").inner_text())
        self.assertEqual(
            Assessment.objects.get(campaign=self.campaign, unit=self.commune).state, Assessment.State.APPRAISING
        )
        screenshot(self.page, "22-appraisal-close-confirm")
        confirm.click()
        self.page.locator("#appraisal-state", has_text="Đã thẩm định").wait_for()
        self.assert_fits_the_screen()
        self.assertEqual(
            Assessment.objects.get(campaign=self.campaign, unit=self.commune).state, Assessment.State.APPRAISED
        )
