"""In a real Chromium: the whole cycle, as the people do it.

A commune officer self-assesses (HTMX totals, one upload, a refused fake PDF), the head submits, the appraiser
adjusts a score with a reason and asks for an explanation, the unit answers and the head sends it, the appraiser
finishes, Home Affairs locks and publishes, and the public page shows the result. Screenshots go to
``screenshots/`` to be looked at.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from parindex.assessments.models import Assessment, Score
from parindex.tests.browser import BrowserTestCase, screenshot
from parindex.tests.district import TempDirMixin
from parindex.tests.files import make_exe, make_pdf

pytestmark = pytest.mark.browser


class AssessmentCycleInTheBrowserTests(TempDirMixin, BrowserTestCase):
    def setUp(self):
        super().setUp()
        now = timezone.now()
        self.campaign.self_opens_at = now - timedelta(days=3)
        self.campaign.self_closes_at = now + timedelta(days=2)
        self.campaign.explanation_closes_at = now + timedelta(days=9)
        self.campaign.save()
        self.pdf = self.dir / "Kế hoạch CCHC 2021.pdf"
        self.pdf.write_bytes(make_pdf())
        self.fake = self.dir / "baocao.pdf"
        self.fake.write_bytes(make_exe())

    def leaf(self, code):
        return self.page.locator(f"#leaf-{self.framework.criteria.get(code=code).pk}")

    def open_sheet(self, kind="unit-sheet"):
        suffix = "appraisal/" if kind == "appraisal" else ""
        self.page.goto(f"{self.live_server_url}/campaigns/c2021/units/X-AN/{suffix}")

    def test_the_whole_cycle(self):
        # 1. The commune officer self-assesses; the totals follow each entry without a page load.
        self.log_in("canbo.an")
        self.page.get_by_role("link", name="Mở", exact=True).first.click()
        self.page.get_by_role("link", name="Mở trang tự đánh giá").click()
        # A click waits for the next page to start, not for HTMX to take over its forms (on DOMContentLoaded): an entry
        # typed before that is lost, as it would be for a person typing that fast.
        self.page.wait_for_load_state()
        self.assertIn("Tự đánh giá", self.page.locator("h1").inner_text())
        self.leaf("1.1").locator("select[name=value]").select_option("1")
        self.page.wait_for_function("() => document.querySelector('#totals .big').innerText === '10,00'")
        self.leaf("1.2").locator("input[name=value]").fill("95")
        self.leaf("1.2").locator("input[name=value]").press("Tab")
        self.page.wait_for_function("() => document.querySelector('#totals .big').innerText === '30,00'")
        self.leaf("1.3").locator("input[name=value]").fill("1,5")
        self.leaf("1.3").locator("input[name=value]").press("Tab")
        self.leaf("1.3").locator(".error").wait_for()
        self.assertIn("số nguyên", self.leaf("1.3").locator(".error").inner_text())
        self.leaf("1.3").locator("input[name=value]").fill("1")
        self.leaf("1.3").locator("input[name=value]").press("Tab")
        self.page.wait_for_function("() => document.querySelector('#totals .big').innerText === '37,50'")
        self.leaf("2.2").locator("input[name=not_applicable]").check()
        self.page.wait_for_function("() => document.querySelector('#totals .big').innerText === '46,88'")
        # A renamed program is refused; the real plan is attached.
        self.leaf("1.1").locator("input[type=file]").set_input_files(str(self.fake))
        self.leaf("1.1").get_by_role("button", name="Tải lên").click()
        refusal = self.leaf("1.1").locator(".upload-notes .error")  # said beside the file input, not at the top
        refusal.wait_for()
        self.assertIn("chương trình", refusal.inner_text())
        self.leaf("1.1").locator("input[type=file]").set_input_files(str(self.pdf))
        self.leaf("1.1").get_by_role("button", name="Tải lên").click()
        self.leaf("1.1").locator(".files li a", has_text="Kế hoạch CCHC 2021.pdf").wait_for()
        self.page.locator("#missing", has_text="Không còn thiếu mục nào").wait_for()
        self.assertIn("Không còn thiếu mục nào", self.page.locator("#missing").inner_text())
        self.assert_fits_the_screen()
        screenshot(self.page, "10-self-assessment-officer")

        # 2. The head submits.
        self.log_in("chutich.an")
        self.open_sheet()
        self.page.get_by_role("button", name="Nộp kết quả tự đánh giá").click()
        self.assertIn("Đã nộp", self.page.locator("h1").inner_text())
        screenshot(self.page, "11-submitted-head")

        # 3. The appraiser lowers 1.1 with a reason and asks for an explanation, then closes round 1.
        self.log_in("thamdinh")
        self.page.goto(self.live_server_url + "/campaigns/c2021/overview/")
        self.assertIn("Xã An Bình", self.page.locator("table").inner_text())
        screenshot(self.page, "12-overview-appraiser")
        self.page.get_by_role("link", name="Thẩm định").first.click()
        self.page.wait_for_load_state()
        leaf = self.leaf("1.1")
        leaf.locator("select[name=value]").select_option("2")  # "Chậm": 0,5 point
        leaf.get_by_role("button", name="Lưu", exact=True).click()
        self.leaf("1.1").locator(".error").wait_for()
        self.assertIn("lý do", self.leaf("1.1").locator(".error").inner_text())
        leaf = self.leaf("1.1")
        leaf.locator("input[name=reason]").fill("Kế hoạch ban hành chậm 5 ngày so với quy định")
        leaf.get_by_role("button", name="Lưu", exact=True).click()
        self.leaf("1.1").locator(".saved").wait_for()
        leaf = self.leaf("1.1")
        leaf.locator("input[name=question]").fill("Đề nghị cung cấp văn bản chứng minh ngày ban hành kế hoạch")
        leaf.get_by_role("button", name="Gửi yêu cầu").click()
        self.leaf("1.1").locator(".question").wait_for()
        self.assertIn("Kế hoạch ban hành chậm 5 ngày", self.leaf("1.1").inner_text())
        self.assert_fits_the_screen()
        screenshot(self.page, "13-appraisal-round-1")
        # The other items are confirmed as the unit scored them, then round 1 closes after a confirmation.
        self.page.get_by_role("button", name="Chấp nhận điểm tự chấm của đơn vị cho 5 tiêu chí còn lại").click()
        self.page.locator("#appraisal-action .ok").wait_for()
        self.page.get_by_role("button", name="Kết thúc vòng 1").click()
        self.page.get_by_role("button", name="Xác nhận kết thúc vòng 1").click()
        self.page.locator("#appraisal-state", has_text="Yêu cầu giải trình").wait_for()

        # 4. The unit answers with a new file; the head sends the explanation.
        self.log_in("canbo.an")
        self.open_sheet()
        leaf = self.leaf("1.1")
        self.assertIn("Đề nghị cung cấp văn bản", leaf.inner_text())
        leaf.locator("textarea[name=answer]").fill("Kế hoạch số 15/KH-UBND ngày 10/01/2021, gửi kèm bản chụp")
        leaf.get_by_role("button", name="Lưu trả lời").click()
        self.leaf("1.1").locator("input[type=file]").set_input_files(str(self.pdf))
        self.leaf("1.1").get_by_role("button", name="Tải lên").click()
        self.leaf("1.1").locator(".upload-notes .ok").wait_for()
        screenshot(self.page, "14-explanation-officer")
        self.log_in("chutich.an")
        self.open_sheet()
        self.page.get_by_role("button", name="Gửi giải trình").click()
        self.assertIn("Đã giải trình", self.page.locator("h1").inner_text())

        # 5. Round 2: the appraiser sees round 1 and the answer, restores the point and finishes.
        self.log_in("thamdinh")
        self.open_sheet("appraisal")
        leaf = self.leaf("1.1")
        self.assertIn("Kế hoạch số 15/KH-UBND", leaf.inner_text())
        self.assertIn("Vòng 1", leaf.inner_text())
        leaf.locator("select[name=value]").select_option("1")
        leaf.get_by_role("button", name="Lưu", exact=True).click()
        self.leaf("1.1").locator(".saved").wait_for()
        screenshot(self.page, "15-appraisal-round-2")
        self.page.get_by_role("button", name="Kết thúc thẩm định (vòng 2)").click()
        self.page.get_by_role("button", name="Xác nhận kết thúc thẩm định").click()
        self.page.locator("#appraisal-state", has_text="Đã thẩm định").wait_for()

        # 6. Home Affairs tries to lock while Xã Bình Minh may still self-assess: refused, naming it and why.
        self.log_in("noivu")
        self.page.goto(self.live_server_url + "/campaigns/c2021/")
        self.page.get_by_role("link", name="Chốt kết quả…").click()
        self.assertIn("Xã Bình Minh", self.page.locator("#lock-blockers").inner_text())
        self.assert_in_view(self.page.locator("[role=alert]").first)
        self.assertEqual(self.page.get_by_role("button", name="Xác nhận chốt kết quả").count(), 0)
        screenshot(self.page, "16-lock-refused-home-affairs")
        # Once every window has closed, locking goes through after its confirmation; publishing asks for the date.
        with time_machine.travel(self.campaign.explanation_closes_at + timedelta(hours=1), tick=True):
            self.log_in("noivu")
            self.page.goto(self.live_server_url + "/campaigns/c2021/")
            self.page.get_by_role("link", name="Chốt kết quả…").click()
            self.page.get_by_role("button", name="Xác nhận chốt kết quả").click()
            self.assertIn("Đã chốt kết quả", self.page.locator(".messages").inner_text())
            self.assert_in_view(self.page.locator(".messages"))
            self.page.get_by_role("link", name="Công bố kết quả…").click()
            self.page.get_by_role("button", name="Xác nhận công bố kết quả").click()
            self.assert_in_view(self.page.locator("[role=alert], .errorlist, .error").first)
            screenshot(self.page, "17-publish-needs-a-date")
            self.page.get_by_label("Ngày công bố").fill(timezone.localdate().strftime("%d/%m/%Y"))
            self.page.get_by_role("button", name="Xác nhận công bố kết quả").click()
            self.assertIn("Đã công bố kết quả", self.page.locator(".messages").inner_text())
            self.assert_in_view(self.page.locator(".messages"))
            screenshot(self.page, "18-published-home-affairs")
        self.page.context.clear_cookies()
        self.page.goto(self.live_server_url + "/public/c2021/")
        table = self.page.locator("table.ranking").inner_text()
        self.assertIn("Xã An Bình", table)
        self.assertIn("46,88", table)
        self.assert_fits_the_screen()
        screenshot(self.page, "19-public-results")

        self.assertEqual(
            Assessment.objects.get(campaign=self.campaign, unit=self.commune).state, Assessment.State.PUBLISHED
        )
        score = Score.objects.get(campaign=self.campaign, unit=self.commune, criterion__code="1.1")
        self.assertEqual((score.self_score, score.round1_score, score.final_score), (1, 0.5, 1))
