"""Issue 17's "done when", end to end: a set with every construct, typed in the Excel template as a Home Affairs
officer types a decision's table (parindex/frameworks/tests/decision_workbook.py: numbering restarting under two
areas, an area the council scores, a tracking row, a heading, ratios with a zero denominator under each meaning, points
per item, formulas, items for one unit group only or with their own maximum, an area-level leaf), is loaded with
``load-framework``, round-trips through ``export-framework``, is filled in by the commune's officer and appraised by
the council in a real Chromium, and scores exactly as computed by hand below.

The commune (group "xa") enters, and the council decides:

==========  =========================================  =================================  ==========
item        rule                                       entered                            points
==========  =========================================  =================================  ==========
1.1         choice                                     "Ban hành chậm"                    0,5 / 1
1.2         0,5 per item, at most 2                    3 regulations                      1,5 / 2
I/3.1       ratio, 80 % → full; 0/0 gives full points  0 / 0                              2 / 2
I/3.2       tracking row                               4 inspections                      — (0 points, no maximum)
II/1        council, manual in steps of 0,5            council: 1,5 with a reason         1,5 / 2
II/2        council, choice                            council: "Đạt" with a reason       0,5 / 1
3.1.1       ratio, bands; 0/0 not applicable           0 / 0                              N/A: out of the maximum (3)
3.1.2       ratio, proportional; 0/0 gives 0           0 / 0                              0 / 2
3.1.3       ratio; 0/0 N/A, which counts full points   0 / 0                              1 / 1
3.2.1       formula 100 − (qua_han + phan_anh), bands  5 and 2,5 → 92,5 (≥ 85: 1,5)       1,5 / 2
3.2.2       formula 1.5 × dung_han ÷ tong_so           18 and 20 → 1,35                   1,35 / 1,5
3.2.3       manual, the communes' maximum is 1         0,75                               0,75 / 1
3.2.4       choice; only the council declares N/A,     unit 0,5; council: not applicable  0 / 0,5
            which then counts 0
IV          area-level leaf, bands                     85 (≥ 80: 1)                       1 / 2
V/1         bonus, 0,5 per initiative, at most 1       1                                  + 0,5
V/2         penalty, 0,5 per reprimand, at most 1      1                                  − 0,5
==========  =========================================  =================================  ==========

Areas: I 4/5 = 80,00; II 2/3 = 66,67; III (1 + 0 + 1,5 + 1,35 + 0,75 + 0) / (2 + 1 + 2 + 1,5 + 1 + 0,5) = 4,6/8 =
57,50; IV 1/2 = 50,00. Points 11,6 + 0,5 − 0,5 = 11,6 over an applicable maximum of 18: index 64,44.
"""

from decimal import Decimal
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from django.core.management import call_command

from parindex.assessments.models import AppraiserAssignment, Result, Score
from parindex.assessments.services import open_campaign
from parindex.frameworks.models import Criterion, Framework
from parindex.frameworks.services import read_framework_file
from parindex.frameworks.tests.decision_workbook import CODE, EXPECTED_IDENTITIES, build_decision_workbook
from parindex.tests.browser import BrowserTestCase, screenshot
from parindex.tests.district import ACTOR
from parindex.tests.files import make_pdf

pytestmark = pytest.mark.browser

D = Decimal


class DecisionWorkbookEndToEndTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.folder = TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        workbook = build_decision_workbook(Path(self.folder.name) / "quyet-dinh.xlsx")
        call_command("load_framework", str(workbook), stdout=StringIO())
        self.framework = Framework.objects.get(code=CODE)
        self.campaign = open_campaign(
            "qd2025", CODE, "xa", ACTOR, year=2025, name="Chỉ số CCHC 2025 cấp xã", owner_code=self.district.code
        )
        AppraiserAssignment.objects.create(campaign=self.campaign, user=self.appraiser, unit=self.commune)
        self.criteria = {c.code: c for c in Criterion.objects.filter(framework=self.framework)}

    # --- helpers ----------------------------------------------------------------------------------------------

    def leaf(self, code):
        return self.page.locator(f"#leaf-{self.criteria[code].pk}")

    def type_in(self, code, name, value):
        box = self.leaf(code).locator(f"input[name={name}]")
        box.scroll_into_view_if_needed()
        box.fill(value)
        box.press("Tab")

    def choose(self, code, label):
        select = self.leaf(code).locator("select[name=value]")
        select.scroll_into_view_if_needed()
        select.select_option(label=select.locator("option", has_text=label).first.inner_text())

    def status_says(self, code, text):
        status = self.leaf(code).locator(".leaf-status", has_text=text)
        status.wait_for()
        self.leaf(code).scroll_into_view_if_needed()
        self.assert_in_view(status)

    def appraise(self, code, reason, *, value=None, choice=None, not_applicable=False):
        row = self.leaf(code)
        row.scroll_into_view_if_needed()
        if value is not None:
            row.locator("input[name=value]").fill(value)
        if choice is not None:
            select = row.locator("select[name=value]")
            select.select_option(label=select.locator("option", has_text=choice).first.inner_text())
        if not_applicable:
            row.locator("input[name=not_applicable]").check()
        row.locator("input[name=reason]").fill(reason)
        row.get_by_role("button", name="Lưu", exact=True).click()
        saved = self.leaf(code).locator(".saved")
        saved.wait_for()
        self.leaf(code).scroll_into_view_if_needed()
        self.assert_in_view(saved)

    def score(self, code):
        return Score.objects.get(campaign=self.campaign, unit=self.commune, criterion=self.criteria[code])

    # --- the test ---------------------------------------------------------------------------------------------

    def test_a_set_typed_in_excel_loads_round_trips_is_filled_and_appraised_and_scores_as_by_hand(self):
        # Loaded as typed, identities by path where the decision's numbering repeats; the export reads back the same.
        self.assertEqual(set(self.criteria), set(EXPECTED_IDENTITIES))
        self.assertEqual(self.criteria["I/3.1"].display_code, "3.1")
        for suffix in ("yaml", "xlsx"):
            exported = Path(self.folder.name) / f"export.{suffix}"
            call_command("export_framework", CODE, str(exported), stdout=StringIO())
            self.assertEqual(read_framework_file(exported).digest(), self.framework.digest, suffix)

        # The commune's officer fills in the sheet.
        self.log_in("canbo.an")
        self.page.goto(f"{self.live_server_url}/campaigns/{self.campaign.code}/units/X-AN/")
        self.choose("1.1", "Ban hành chậm")
        self.status_says("1.1", "0,5")
        plan = Path(self.folder.name) / "Kế hoạch CCHC 2025.pdf"
        plan.write_bytes(make_pdf())
        self.leaf("1.1").locator("input[type=file]").set_input_files(str(plan))
        self.leaf("1.1").get_by_role("button", name="Tải lên").click()
        self.leaf("1.1").locator(".files li a", has_text="Kế hoạch CCHC 2025.pdf").wait_for()
        self.type_in("1.2", "value", "3")
        self.status_says("1.2", "1,5")
        self.type_in("I/3.1", "in_numerator", "0")
        self.type_in("I/3.1", "in_denominator", "0")
        self.status_says("I/3.1", "2 điểm")
        self.type_in("I/3.2", "value", "4")
        self.status_says("I/3.2", "Đã lưu")
        council = self.leaf("II/1")
        council.scroll_into_view_if_needed()
        self.assert_in_view(council.locator(".notice", has_text="Do Hội đồng thẩm định chấm"))
        for code in ("3.1.1", "3.1.2", "3.1.3"):
            self.type_in(code, "in_numerator", "0")
            self.type_in(code, "in_denominator", "0")
        self.status_says("3.1.1", "không áp dụng")
        self.status_says("3.1.2", "0 điểm")
        self.status_says("3.1.3", "không áp dụng")
        self.type_in("3.2.1", "in_qua_han", "5")
        self.type_in("3.2.1", "in_phan_anh", "2,5")
        self.status_says("3.2.1", "92,5 → 1,5 điểm")
        self.type_in("3.2.2", "in_dung_han", "18")
        self.type_in("3.2.2", "in_tong_so", "20")
        self.status_says("3.2.2", "1,35 điểm")
        self.type_in("3.2.3", "value", "0,75")
        self.status_says("3.2.3", "0,75")
        self.assertEqual(self.leaf("3.2.4").locator("input[name=not_applicable]").count(), 0)  # the council's call
        self.choose("3.2.4", "Đã triển khai")
        self.status_says("3.2.4", "0,5")
        self.type_in("IV", "value", "85")
        self.status_says("IV", "1,00")
        self.type_in("V/1", "value", "1")
        self.status_says("V/1", "0,5")
        self.type_in("V/2", "value", "1")
        self.status_says("V/2", "0,5")
        screenshot(self.page, "44-decision-workbook-unit-sheet")
        self.assertEqual(self.score("3.2.2").self_inputs, {"dung_han": "18", "tong_so": "20"})

        # The head submits: nothing is missing (the council's items, the tracking row and the heading ask nothing).
        self.log_in("chutich.an")
        self.page.goto(f"{self.live_server_url}/campaigns/{self.campaign.code}/units/X-AN/")
        self.assertIn("Không còn thiếu mục nào", self.page.locator("#missing").inner_text())
        self.page.get_by_role("button", name="Nộp kết quả tự đánh giá").click()
        self.page.wait_for_load_state()
        self.assertEqual(self.campaign.assessments.get(unit=self.commune).state, "submitted")

        # The council scores its own items and declares 3.2.4 not applicable, then accepts the rest and finishes.
        self.log_in("thamdinh")
        self.page.goto(f"{self.live_server_url}/campaigns/{self.campaign.code}/units/X-AN/appraisal/")
        self.appraise("II/1", "Chỉ đạo kịp thời, còn chậm ở quý IV", value="1,5")
        self.appraise("II/2", "Tham mưu đạt yêu cầu", choice="Đạt")
        self.appraise("3.2.4", "Trên địa bàn chưa có điểm bưu chính công ích", not_applicable=True)
        action = self.page.locator("#appraisal-action")
        action.scroll_into_view_if_needed()
        action.get_by_role("button", name="Chấp nhận điểm tự chấm của đơn vị").click()
        self.page.locator("#appraisal-action .ok").wait_for()
        self.assertEqual(self.page.locator("#appraisal-action .warn").count(), 0)  # nothing left to appraise
        self.page.locator("#appraisal-action").get_by_role("button", name="Kết thúc vòng 1", exact=True).click()
        self.page.locator("#appraisal-action .ok").wait_for(state="detached")
        self.page.locator("#appraisal-action").get_by_role("button", name="Xác nhận kết thúc vòng 1").click()
        done = self.page.locator("#appraisal-action .ok")
        done.wait_for()
        self.assert_in_view(done)
        screenshot(self.page, "45-decision-workbook-appraised")

        # Scored exactly as by hand.
        result = Result.objects.get(campaign=self.campaign, unit=self.commune)
        self.assertEqual(result.max_points, D("18.00"))
        self.assertEqual(result.bonus, D("0.50"))
        self.assertEqual(result.penalty, D("0.50"))
        self.assertEqual(result.points, D("11.60"))
        self.assertEqual(result.index, D("64.44"))
        self.assertEqual(
            {code: tuple(D(str(figure)) for figure in figures) for code, figures in result.areas.items()},
            {
                "I": (D("4.00"), D("5.00"), D("80.00")),
                "II": (D("2.00"), D("3.00"), D("66.67")),
                "III": (D("4.60"), D("8.00"), D("57.50")),
                "IV": (D("1.00"), D("2.00"), D("50.00")),
            },
        )
        self.assertTrue(self.score("3.2.4").final_na)
        self.assertEqual(self.score("I/3.2").final_score, D("0.00"))  # the tracking figure counts nowhere
