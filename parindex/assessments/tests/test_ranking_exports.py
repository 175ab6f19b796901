"""The ranking's Excel file and print view: for people (Vietnamese headers, band and area names, real numbers),
never a formula, the same rows as the page for the same person, and a bounded number of queries."""

import io
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parindex.assessments.services import Stage, set_score
from parindex.org.models import Unit
from parindex.tests.district import ACTOR, DistrictTestCase

EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NASTY = '=HYPERLINK("http://example.invalid","Bấm vào đây")'


class RankingExportTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.campaign.self_closes_at = timezone.now() - timedelta(hours=1)  # no draft is private any more
        cls.campaign.save()
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        for code, points in {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"}.items():
            set_score(cls.campaign, cls.commune, leaves[code], Stage.APPRAISED, D(points), ACTOR)  # 85,00
        set_score(cls.campaign, cls.other_commune, leaves["1.1"], Stage.APPRAISED, D("0.5"), ACTOR)  # 5,00

    def export(self, person):
        self.client.force_login(person)
        return self.client.get(reverse("assessments:campaign-ranking-export", args=["c2021"]))

    def printed(self, person):
        self.client.force_login(person)
        return self.client.get(reverse("assessments:campaign-ranking-print", args=["c2021"]))

    def sheet(self, response):
        return load_workbook(io.BytesIO(response.content)).active

    def test_the_excel_file_has_vietnamese_headers_band_names_and_real_numbers(self):
        response = self.export(self.viewer)
        self.assertEqual(response["Content-Type"], EXCEL)
        self.assertIn('filename="xep-hang-c2021.xlsx"', response["Content-Disposition"])
        sheet = self.sheet(response)
        self.assertEqual(sheet["A1"].value, "Chỉ số CCHC 2021 cấp xã")
        self.assertIn("tạm tính", sheet["A3"].value)
        header = [cell.value for cell in sheet[5]]
        self.assertEqual(
            header[:8],
            ["Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Tình trạng nộp", "Điểm đạt", "Tối đa", "Chỉ số (%)", "Xếp loại"],
        )
        self.assertEqual(header[8], "Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC")
        first = list(sheet[6])
        self.assertEqual([c.value for c in first[:3]], [1, "X-AN", "Xã An Bình"])
        self.assertEqual(first[3].value, "không nộp đúng hạn")
        self.assertEqual((first[6].value, first[6].number_format), (85, "0.00"))
        self.assertEqual(first[7].value, "Khá")
        self.assertEqual(first[9].value, D("75"))  # area 2: 4,5 of 6
        self.assertEqual([cell.value for cell in sheet[7]][:3], [2, "X-BINH", "Xã Bình Minh"])

    def test_a_name_that_looks_like_a_formula_is_written_as_text(self):
        for i, name in enumerate((NASTY, "+84 xã", "-xã", "@xã")):
            unit = Unit.objects.create(code=f"X-F{i}", name=name, parent=self.district, group=self.communes)
            set_score(self.campaign, unit, self.framework.criteria.get(code="1.1"), Stage.APPRAISED, D(0), ACTOR)
        sheet = self.sheet(self.export(self.home_affairs))
        cells = {row[2].value: row[2] for row in sheet.iter_rows(min_row=6)}
        for name in (NASTY, "+84 xã", "-xã", "@xã"):
            self.assertEqual(cells[name].data_type, "s", name)
            self.assertTrue(cells[name].quotePrefix, name)

    def test_a_unit_officer_gets_only_the_own_row_and_an_outsider_nothing(self):
        sheet = self.sheet(self.export(self.commune_officer))
        self.assertEqual([row[1] for row in sheet.iter_rows(min_row=6, values_only=True)], ["X-AN"])
        printed = self.printed(self.commune_officer)
        self.assertContains(printed, "Xã An Bình")
        self.assertNotContains(printed, "Xã Bình Minh")
        self.assertContains(printed, "1/2")
        for response in (self.export(self.outsider), self.printed(self.outsider)):
            self.assertEqual(response.status_code, 404)
        self.client.logout()
        response = self.client.get(reverse("assessments:campaign-ranking-export", args=["c2021"]))
        self.assertEqual(response.status_code, 302)

    def test_a_viewer_gets_every_unit(self):
        sheet = self.sheet(self.export(self.viewer))
        self.assertEqual([row[1] for row in sheet.iter_rows(min_row=6, values_only=True)], ["X-AN", "X-BINH"])
        printed = self.printed(self.viewer)
        self.assertContains(printed, "Xã Bình Minh")

    def test_the_print_view_is_a_clean_a4_landscape_page_with_title_campaign_date_and_table(self):
        response = self.printed(self.home_affairs)
        self.assertContains(response, "parindex/css/ranking-print.css")  # its own style sheet (no inline style)
        sheet = Path(settings.BASE_DIR) / "static" / "parindex" / "css" / "ranking-print.css"
        self.assertIn("size: A4 landscape", sheet.read_text(encoding="utf-8"))
        self.assertContains(response, "<h1>Bảng xếp hạng Chỉ số CCHC</h1>", html=False)
        self.assertContains(response, "Chỉ số CCHC 2021 cấp xã")
        self.assertContains(response, timezone.localtime().strftime("%d/%m/%Y"))
        self.assertContains(response, "Khá")
        self.assertContains(response, "Lĩnh vực 2: Cải cách thủ tục hành chính")  # the legend, for paper
        self.assertNotContains(response, 'class="topbar"')  # no menu on paper

    def test_the_ranking_page_links_to_both(self):
        self.client.force_login(self.viewer)
        response = self.client.get(reverse("assessments:campaign-ranking", args=["c2021"]))
        self.assertContains(response, reverse("assessments:campaign-ranking-export", args=["c2021"]))
        self.assertContains(response, reverse("assessments:campaign-ranking-print", args=["c2021"]))

    def test_the_area_columns_show_a_short_name_with_the_full_name_on_hover(self):
        self.client.force_login(self.viewer)
        response = self.client.get(reverse("assessments:campaign-ranking", args=["c2021"]))
        self.assertContains(
            response,
            '<th class="num area" title="Lĩnh vực 1: Công tác chỉ đạo, điều hành CCHC">'
            "1. Công tác chỉ đạo, điều hành…</th>",
        )
        self.assertContains(response, "<td>Khá</td>")

    def test_the_print_view_and_the_export_take_the_same_queries_for_2_or_32_units(self):
        self.client.force_login(self.home_affairs)
        urls = [
            reverse("assessments:campaign-ranking-print", args=["c2021"]),
            reverse("assessments:campaign-ranking-export", args=["c2021"]),
        ]
        small = {}
        for url in urls:
            self.client.get(url)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            small[url] = len(queries.captured_queries)
        leaf = self.framework.criteria.get(code="1.1")
        for i in range(30):
            unit = Unit.objects.create(code=f"X-{i}", name=f"Xã {i}", parent=self.district, group=self.communes)
            set_score(self.campaign, unit, leaf, Stage.APPRAISED, D(1), ACTOR)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            self.assertEqual(len(queries.captured_queries), small[url], url)
            # session, user, memberships, campaign, assessments and results (what may be shown), rows, areas
            self.assertLessEqual(len(queries.captured_queries), 9, url)
