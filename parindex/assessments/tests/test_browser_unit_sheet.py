"""In a real Chromium, on a 1366×768 office screen, the sample commune criteria set (71 leaves, a page many screens
long): an autosave says "Đã lưu" beside the leaf, in sight; a program renamed .pdf is refused beside that leaf's
file input, in sight; the submit button stays in sight wherever the head has scrolled to."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from parindex.assessments.models import Campaign, Evidence
from parindex.assessments.services import open_campaign
from parindex.frameworks.services import install_framework, read_framework_file
from parindex.tests.browser import OFFICE_SCREEN, SCREENSHOTS, BrowserTestCase, screenshot
from parindex.tests.district import ACTOR, TempDirMixin
from parindex.tests.files import make_exe

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).resolve().parents[2] / "frameworks" / "samples" / "sample-commune-2021.yaml"


class UnitSheetInTheBrowserTests(TempDirMixin, BrowserTestCase):
    def setUp(self):
        super().setUp()
        install_framework(read_framework_file(SAMPLE), ACTOR)
        campaign = open_campaign("xa-2026", "sample-commune-2021", "xa", ACTOR, year=2026, name="Chỉ số CCHC 2026")
        now = timezone.now()
        Campaign.objects.filter(pk=campaign.pk).update(
            self_opens_at=now - timedelta(days=3), self_closes_at=now + timedelta(days=2)
        )
        self.fake = self.dir / "baocao.pdf"
        self.fake.write_bytes(make_exe())
        self.log_in("chutich.an")  # the head both enters and submits
        self.page.goto(self.live_server_url + "/campaigns/xa-2026/units/X-AN/")

    def view(self, name):
        """What the person sees: the window only, sticky bar included (the full page goes beside it)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}-view.png"))
        screenshot(self.page, name)

    def in_sight(self, locator):
        """The element lies wholly inside the 1366×768 window as it is scrolled now."""
        box = locator.bounding_box()
        self.assertIsNotNone(box)
        self.assertGreaterEqual(box["y"], 0)
        self.assertLessEqual(box["y"] + box["height"], OFFICE_SCREEN["height"])
        return box

    def test_the_page_is_many_screens_long(self):
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.assertGreater(height, 8 * OFFICE_SCREEN["height"])
        self.assert_fits_the_screen()
        self.view("19-sheet-top")

    def test_an_autosave_says_saved_beside_the_leaf_in_sight(self):
        leaf = self.page.locator(".leaf").filter(has=self.page.locator("input[type=text][name=value]")).nth(5)
        field = leaf.locator("input[type=text][name=value]")
        field.scroll_into_view_if_needed()
        field.fill("1")
        field.press("Tab")
        saved = leaf.locator(".leaf-status .saved")
        saved.wait_for()
        self.assertIn("Đã lưu", saved.inner_text())
        box, field_box = self.in_sight(saved), field.bounding_box()
        self.assertLess(abs(box["y"] - field_box["y"]), 150)  # right under the input, not at the top of the page
        self.assertEqual(self.page.locator(".saved").count(), 1)  # only beside the leaf that was saved
        self.view("20-sheet-saved")

    def test_a_renamed_program_is_refused_beside_the_file_input_in_sight(self):
        leaf = self.page.locator(".leaf").filter(has=self.page.locator("form.upload")).nth(40)
        leaf.scroll_into_view_if_needed()
        leaf.locator("input[type=file]").set_input_files(str(self.fake))
        leaf.get_by_role("button", name="Tải lên").click()
        refusal = leaf.locator(".upload-notes .error")
        refusal.wait_for()
        self.assertIn("chương trình", refusal.inner_text())
        self.assertIn("baocao.pdf", refusal.inner_text())
        box = self.in_sight(refusal)
        file_box = leaf.locator("input[type=file]").bounding_box()
        self.assertLess(abs(box["y"] - file_box["y"]), 150)
        self.assertEqual(self.page.locator(".messages").count(), 0)  # not at the top of the page
        self.assertFalse(Evidence.objects.exists())
        self.view("21-sheet-refused")

    def test_the_submit_button_stays_in_sight_far_down_the_page(self):
        submit = self.page.get_by_role("button", name="Nộp kết quả tự đánh giá")
        self.in_sight(submit)
        for share in (0.35, 0.7, 1.0):
            self.page.evaluate(f"window.scrollTo(0, document.documentElement.scrollHeight * {share})")
            self.assertGreater(self.page.evaluate("window.scrollY"), 2000)
            self.assertTrue(submit.is_visible())
            self.in_sight(submit)
        self.view("22-sheet-bottom")
