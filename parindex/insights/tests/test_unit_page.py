"""A unit's page: its index, rank and area sub-indices year after year (areas followed across criteria sets), its
trend lines and its radar against the group's mean. Leaders read every unit; a unit's head reads their own."""

import json
import re

from django.urls import reverse

from parindex.insights.tests.history import build_history, put_result, submitted
from parindex.org.models import Unit
from parindex.tests.district import DistrictTestCase


def chart_data(response, element_id: str) -> dict:
    body = response.content.decode()
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', body, re.S)
    assert match is not None, element_id
    return json.loads(match[1])


class UnitPageTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_history(cls)
        cls.url = reverse("insights:unit", args=["X-AN"])

    def test_the_index_rank_and_areas_year_after_year_follow_the_renumbered_areas(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        rows = response.context["rows"]
        self.assertEqual([str(f.index) for _c, f, _m in rows], ["80.00", "86.50"])
        self.assertEqual([f.rank for _c, f, _m in rows], [2, 1])
        # I continues 1, II continues 2, III is new: 2021 has no figure for it.
        self.assertEqual(
            [{k: None if v is None else str(v) for k, v in f.areas.items()} for _c, f, _m in rows],
            [{"I": "75.00", "II": "83.33", "III": None}, {"I": "100.00", "II": "75.00", "III": "87.50"}],
        )
        self.assertContains(response, "Khá")
        self.assertContains(response, "Chuyển đổi số")

    def test_the_trend_lines_compare_the_unit_with_the_groups_mean(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        index = chart_data(response, "chart-index")
        self.assertEqual(index["labels"], ["2021", "2026 (tạm tính)"])
        self.assertEqual([d["values"] for d in index["datasets"]], [[80.0, 86.5], [85.0, 86.5]])
        self.assertEqual(chart_data(response, "chart-rank")["datasets"][0]["values"], [2, 1])
        areas = chart_data(response, "chart-areas")
        self.assertEqual(areas["datasets"][2]["values"], [None, 87.5])

    def test_the_radar_shows_the_chosen_campaigns_areas_against_the_groups_mean(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url + "?campaign=c2021")
        radar = chart_data(response, "chart-radar")
        self.assertEqual(radar["labels"], ["1. Công tác chỉ đạo, điều hành…", "2. Cải cách thủ tục hành chính"])
        self.assertEqual([d["values"] for d in radar["datasets"]], [[75.0, 83.33], [87.5, 83.33]])
        self.assertContains(response, "-12,50")  # area 1: 75,00 against a mean of 87,50

    def test_each_chart_has_a_png_button_and_the_page_a_print_button(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, 'class="png-download"', count=4)
        self.assertContains(response, "Tải ảnh PNG")
        self.assertContains(response, "In trang (A4)")

    def test_the_units_head_sees_its_own_trend_and_its_own_draft_but_not_the_groups_running_figures(self):
        self.client.force_login(self.commune_head)
        other = reverse("insights:unit", args=["X-BINH"])
        self.assertEqual(self.client.get(other).status_code, 404)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        rows = response.context["rows"]
        self.assertEqual([c.group_visible for c, _f, _m in rows], [True, False])  # 2021 published; this year running
        self.assertNotContains(response, reverse("insights:group", args=["xa"]))  # a page the head may not open
        self.assertNotContains(response, f'href="{reverse("insights:overview")}"')
        index = chart_data(response, "chart-index")
        self.assertEqual(index["datasets"][1]["values"], [85.0, None])

    def test_a_head_sees_the_own_draft_that_leaders_do_not(self):
        submitted_assessment = self.current.assessments.get(unit=self.commune)
        submitted_assessment.state = "in_progress"
        submitted_assessment.submitted_at = None
        submitted_assessment.save()
        self.client.force_login(self.commune_head)
        figure = self.client.get(self.url).context["rows"][1][1]
        self.assertEqual((figure.hidden, str(figure.index)), (False, "86.50"))
        self.client.force_login(self.viewer)
        figure = self.client.get(self.url).context["rows"][1][1]
        self.assertTrue(figure.hidden)

    def test_the_number_of_queries_does_not_grow_with_the_units(self):
        self.client.force_login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(10):
            self.client.get(self.url)
        for n in range(6):
            unit = Unit.objects.create(code=f"X-{n}", name=f"Xã số {n}", parent=self.district, group=self.communes)
            put_result(self.campaign, unit, "70.00", 3 + n, {"1": ("2", "4"), "2": ("4", "6")})
            put_result(self.current, unit, "75.00", 2, {"I": ("1", "2"), "II": ("3", "4"), "III": ("3", "4")})
            submitted(self.current, unit)
        with self.assertNumQueries(10):
            self.client.get(self.url)

    def test_who_may_open_it(self):
        for user, status in (
            (self.viewer, 200),
            (self.home_affairs, 200),
            (self.commune_viewer, 200),
            (self.commune_head, 200),
            (self.commune_officer, 404),
            (self.other_officer, 404),
            (self.appraiser, 404),
            (self.outsider, 404),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user.username)
