"""In a real Chromium: a commune officer and a Home Affairs officer log in and read the ranking."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from parindex.assessments.services import Stage, set_score
from parindex.tests.browser import BrowserTestCase, screenshot
from parindex.tests.district import ACTOR

pytestmark = pytest.mark.browser


class RankingInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # The self-assessment closed yesterday: no draft is private any more, every unit shows in the ranking.
        self.campaign.self_closes_at = timezone.now() - timedelta(days=1)
        self.campaign.save()
        for unit, points in ((self.commune, "1.5"), (self.other_commune, "0.75")):
            set_score(self.campaign, unit, self.framework.criteria.get(code="2.2"), Stage.APPRAISED, D(points), ACTOR)

    def test_a_commune_officer_sees_the_own_result_in_vietnamese(self):
        self.page.goto(self.live_server_url + "/")
        self.assertEqual(self.page.locator("h1").inner_text(), "Đăng nhập")
        screenshot(self.page, "01-login")
        self.log_in("canbo.an")
        self.assertEqual(self.page.locator("h1").inner_text(), "Các đợt đánh giá")
        self.assertIn("Chỉ số CCHC 2021 cấp xã", self.page.locator("table").inner_text())
        screenshot(self.page, "02-campaigns-officer")
        self.page.get_by_role("link", name="Bảng xếp hạng").click()
        table = self.page.locator("table.ranking").inner_text()
        self.assertIn("Xã An Bình", table)
        self.assertNotIn("Xã Bình Minh", table)
        self.assertIn("15,00", table)  # 1,5 of 10 points
        self.assertIn("1/2", table)
        self.assert_fits_the_screen()
        screenshot(self.page, "03-ranking-officer")

    def test_home_affairs_sees_every_unit_and_a_wrong_password_is_explained(self):
        self.page.goto(self.live_server_url + "/login/")
        self.page.get_by_label("Tên đăng nhập").fill("noivu")
        self.page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.assertIn("Sai tên đăng nhập hoặc mật khẩu", self.page.locator("main").inner_text())
        self.log_in("noivu")
        self.page.get_by_role("link", name="Bảng xếp hạng").click()
        rows = self.page.locator("table.ranking tbody tr")
        self.assertEqual(rows.count(), 2)
        self.assertIn("Xã An Bình", rows.nth(0).inner_text())
        self.assertIn("Xã Bình Minh", rows.nth(1).inner_text())
        self.assert_fits_the_screen()
        screenshot(self.page, "04-ranking-home-affairs")
