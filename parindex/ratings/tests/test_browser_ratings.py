"""In a real Chromium: Home Affairs records a disciplinary decision, the locked rating follows, the head reads why,
and the rating table downloads as Excel."""

from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.ratings.models import HeadRating
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.browser import BrowserTestCase, screenshot
from parindex.tests.district import ACTOR, calendar_over

pytestmark = pytest.mark.browser


class RatingsInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        leaves = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        for code, points in {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"}.items():
            set_score(self.campaign, self.commune, leaves[code], Stage.APPRAISED, D(points), ACTOR)  # 85,00
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        stored, _outcome = install_rule_set(rules, meta, ACTOR)
        lifecycle.save_settings(self.campaign, {"rating_rules": stored}, Actor.of(self.home_affairs))
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))

    def test_a_recorded_decision_lowers_the_locked_rating_and_the_head_reads_why(self):
        self.log_in("noivu")
        self.page.get_by_role("link", name="Sổ kỷ luật").click()
        self.assertEqual(self.page.locator("h1").inner_text(), "Sổ theo dõi vụ việc kỷ luật")
        self.page.get_by_role("link", name="Ghi quyết định").click()
        self.page.get_by_label("Đơn vị").select_option(label="Xã An Bình (X-AN)")
        self.page.get_by_label("Ngày quyết định").fill("2021-09-15")
        self.page.get_by_label("Số quyết định").fill("45/QĐ-UBND")
        self.page.get_by_label("Loại vi phạm").select_option(label="Lạm dụng chức vụ, quyền hạn")
        self.page.get_by_label("Cán bộ, công chức vi phạm").fill("Trần Văn Sáu")
        self.assert_fits_the_screen()
        screenshot(self.page, "30-discipline-form")
        self.page.get_by_role("button", name="Lưu").click()
        main = self.page.locator("main").inner_text()
        self.assertIn("Đã ghi quyết định 45/QĐ-UBND.", main)
        self.assertIn("Đã tính lại xếp loại người đứng đầu", main)
        self.assertIn("15/09/2021", main)
        self.assert_fits_the_screen()
        screenshot(self.page, "31-discipline-register")
        self.assertEqual(HeadRating.objects.get(unit=self.commune).level_code, "hoan_thanh")

        self.log_in("chutich.an")
        self.page.goto(f"{self.live_server_url}/campaigns/c2021/units/X-AN/")
        card = self.page.locator(".unit-rating").inner_text()
        self.assertIn("Hoàn thành nhiệm vụ", card)
        self.assertIn("Có vụ việc kỷ luật trong năm: Lạm dụng chức vụ, quyền hạn", card)
        self.assertIn("Chỉ số 85,00 < 90", card)
        self.assert_fits_the_screen()
        screenshot(self.page, "32-unit-sheet-rating")

    def test_the_rating_table_downloads_as_excel(self):
        self.log_in("noivu")
        self.page.goto(f"{self.live_server_url}/campaigns/c2021/head-ratings/")
        self.assertIn("Hoàn thành tốt nhiệm vụ", self.page.locator("table.ratings").inner_text())
        self.assert_fits_the_screen()
        screenshot(self.page, "33-rating-table")
        with self.page.expect_download() as download:
            self.page.get_by_role("link", name="Tải về Excel").click()
        self.assertEqual(download.value.suggested_filename, "xep-loai-c2021.xlsx")
        with open(download.value.path(), "rb") as handle:
            sheet = load_workbook(handle).active
        self.assertEqual(sheet["A5"].value, "X-AN")
        self.assertEqual(sheet["D5"].value, "Hoàn thành tốt nhiệm vụ")
