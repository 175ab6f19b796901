"""In a real Chromium: Home Affairs uploads a one-stop export, follows its progress, then reads the dashboard with
its charts; a commune officer reads the own unit's trend."""

from datetime import date
from decimal import Decimal as D

import pytest

from parindex.audit.services import Actor
from parindex.deadlines.models import Holiday
from parindex.indicators.models import ImportBatch, Indicator
from parindex.indicators.reference import set_target
from parindex.indicators.services import import_file
from parindex.indicators.tests.test_import_dossiers import DOSSIERS, logins_text
from parindex.indicators.worker import run_due
from parindex.tests.browser import BrowserTestCase, screenshot

pytestmark = pytest.mark.browser
CHARTS = len(Indicator.values)  # one chart per indicator, operational and timeliness


class IndicatorsInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        Holiday.objects.create(day=date(2021, 3, 8), name="Nghỉ")
        set_target("ontime_rate", 2021, D("95"), Actor.command_line("tests"))

    def test_home_affairs_uploads_an_export_and_reads_the_dashboard(self):
        import tempfile
        from pathlib import Path

        self.log_in("noivu")
        self.page.get_by_role("link", name="Chỉ số vận hành").click()
        self.page.get_by_role("link", name="Nhập dữ liệu").click()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "hoso-thang3.csv"
            path.write_text(DOSSIERS, encoding="utf-8-sig")
            self.page.get_by_label("Loại dữ liệu").select_option("dossiers")
            self.page.get_by_label("Tệp xuất từ phần mềm").set_input_files(str(path))
            self.assert_fits_the_screen()
            screenshot(self.page, "40-indicator-upload")
            self.page.get_by_role("button", name="Tải lên và nhập").click()
        self.assertIn("Đang chờ", self.page.locator("#batch-status").inner_text())
        self.assertEqual(len(run_due()), 1)
        self.page.get_by_text("Đã nhập 6 dòng").wait_for(timeout=5000)  # the page polls every second
        screenshot(self.page, "41-indicator-imported")
        self.page.get_by_role("link", name="Xem các chỉ số").click()
        self.page.wait_for_function(f"() => document.querySelectorAll('canvas[data-series]').length === {CHARTS}")
        # The charts are drawn once the deferred Chart.js has run: wait for it rather than race it.
        self.page.wait_for_function("() => window.Chart !== undefined && document.readyState === 'complete'")
        drawn = self.page.evaluate(
            "Array.from(document.querySelectorAll('canvas[data-series]')).filter(c => window.Chart.getChart(c)).length"
        )
        self.assertEqual(drawn, CHARTS)
        table = self.page.locator("table.matrix").inner_text()
        self.assertIn("Xã An Bình", table)
        self.assertIn("50,00", table)
        self.assertEqual(self.page.locator("table.matrix td.st-missed").count() > 0, True)
        self.assert_fits_the_screen()
        screenshot(self.page, "42-indicator-dashboard")
        self.assertEqual(ImportBatch.objects.get().status, ImportBatch.Status.DONE)

    def test_a_commune_officer_reads_the_own_units_trend(self):
        actor = Actor.command_line("tests")
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "d.csv").write_text(DOSSIERS, encoding="utf-8")
            (Path(tmp) / "l.csv").write_text(logins_text(), encoding="utf-8")
            import_file("dossiers", Path(tmp) / "d.csv", actor)
            import_file("logins", Path(tmp) / "l.csv", actor)
        self.log_in("canbo.an")
        self.page.goto(f"{self.live_server_url}/indicators/units/X-AN/?year=2021")
        self.page.wait_for_function(f"() => document.querySelectorAll('canvas[data-series]').length === {CHARTS}")
        text = self.page.locator("main").inner_text()
        self.assertIn("Xã An Bình · 2021", text)
        self.assertIn("6,82", text)  # login compliance in March
        self.assert_fits_the_screen()
        screenshot(self.page, "43-indicator-unit")
