"""The leaders' pages in a real browser: the charts are drawn, each downloads as a PNG, and the page fits A4 when
printed (navigation hidden)."""

import pytest

from parindex.insights.tests.history import build_history
from parindex.tests.browser import BrowserTestCase, screenshot

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n"
A4_PRINTABLE_WIDTH = 703  # 210 mm less the 12 mm margins, in CSS pixels (96 per inch)


class InsightsBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        build_history(self)
        self.log_in("lanhdao")

    def open(self, path: str) -> None:
        self.page.goto(self.live_server_url + path)
        self.page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length > 0")

    def download(self, button) -> bytes:
        with self.page.expect_download() as info:
            button.click()
        download = info.value
        with open(download.path(), "rb") as file:
            return file.read()

    def test_a_units_charts_are_drawn_and_each_downloads_as_a_png(self):
        self.open("/insights/units/X-AN/")
        self.assertEqual(self.page.evaluate("Object.keys(window.Chart.instances).length"), 4)
        self.assert_fits_the_screen()
        screenshot(self.page, "insights-unit")
        buttons = self.page.get_by_role("button", name="Tải ảnh PNG")
        self.assertEqual(buttons.count(), 4)
        image = self.download(buttons.first)
        self.assertTrue(image.startswith(PNG))
        self.assertGreater(len(image), 5000)

    def test_the_heat_map_downloads_as_a_png(self):
        self.open("/insights/groups/xa/?campaign=c2021")
        self.assert_fits_the_screen()
        screenshot(self.page, "insights-group")
        image = self.download(self.page.locator("button[data-table=heatmap]"))
        self.assertTrue(image.startswith(PNG))

    def test_printed_the_page_hides_the_navigation_and_fits_an_a4_page(self):
        self.open("/insights/groups/xa/")
        self.page.emulate_media(media="print")
        self.page.set_viewport_size({"width": A4_PRINTABLE_WIDTH, "height": 1000})
        self.assertFalse(self.page.locator("header.topbar").is_visible())
        self.assertFalse(self.page.get_by_role("button", name="Tải ảnh PNG").first.is_visible())
        self.assertLessEqual(self.page.evaluate("document.documentElement.scrollWidth"), A4_PRINTABLE_WIDTH)
        pdf = self.page.pdf(format="A4")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_the_pages_work_without_javascript(self):
        context = self.browser._browser.new_context(java_script_enabled=False, locale="vi-VN")
        page = context.new_page()
        try:
            page.goto(self.live_server_url + "/login/")
            page.get_by_label("Tên đăng nhập").fill("lanhdao")
            page.get_by_label("Mật khẩu").fill("pw-lanhdao")
            page.get_by_role("button", name="Đăng nhập").click()
            page.goto(self.live_server_url + "/insights/groups/xa/")
            self.assertIn("+6,50", page.locator("#change-table").inner_text())
            self.assertFalse(page.get_by_role("button", name="Tải ảnh PNG").first.is_visible())
        finally:
            context.close()
