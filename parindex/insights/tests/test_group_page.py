"""A unit group's page: each unit's index and rank year after year, the change between two campaigns, the group's
mean, the heat map units × areas; this year's running campaign provisional and without anyone's draft."""

import json
import re

from django.urls import reverse

from parindex.assessments.models import Campaign
from parindex.insights.tests.history import build_history, put_result, submitted
from parindex.org.models import Unit
from parindex.tests.district import DistrictTestCase


def row_of(response, code: str) -> str:
    """The HTML of the change table's row of the unit with ``code``."""
    match = re.search(rf'<tr data-unit="{code}">(.*?)</tr>', response.content.decode(), re.S)
    assert match, code
    return match[1]


class GroupPageTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_history(cls)
        cls.url = reverse("insights:group", args=["xa"])

    def test_each_unit_shows_its_change_from_2021_to_this_year_with_a_decimal_comma(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        row = row_of(response, "X-AN")
        self.assertIn("80,00", row)
        self.assertIn("2/2", row)
        self.assertIn("86,50", row)
        self.assertIn("1/1", row)  # ranked among the units shown while the campaign runs
        self.assertIn("+6,50", row)
        # Ranked 1st of the 1 unit shown so far against 2nd of 2: not compared yet.
        self.assertIn("chưa so sánh được", row)
        self.assertIn("Xã An Bình", row)
        unit = next(u for u, _figures, _change in response.context["rows"] if u.code == "X-AN")
        change = response.context["series"].change(unit, 0, 1)
        self.assertEqual((str(change.index_delta), change.rank_delta), ("6.50", None))

    def test_ranks_out_of_as_many_units_are_compared(self):
        submitted(self.current, self.other_commune)
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertIn("lên 1 bậc", row_of(response, "X-AN"))
        row = row_of(response, "X-BINH")
        self.assertIn("-40,00", row)
        self.assertIn("xuống 1 bậc", row)

    def test_this_years_figures_are_labelled_provisional(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "tạm tính")
        self.assertContains(response, "Số liệu tạm tính")
        self.assertIn('class="num provisional"', row_of(response, "X-AN"))

    def test_a_unit_still_self_assessing_shows_no_figure_of_this_year(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        row = row_of(response, "X-BINH")
        self.assertIn("90,00", row)  # 2021, published
        self.assertNotIn("50,00", row)
        self.assertIn("chưa nộp", row)
        self.assertIn("chưa có số liệu", row)
        self.assertNotContains(response, "50,00")

    def test_the_group_mean_counts_the_units_shown(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        means = response.context["series"].means
        self.assertEqual([str(m.index) for m in means], ["85.00", "86.50"])
        self.assertEqual([m.count for m in means], [2, 1])

    def test_the_heat_map_colours_each_units_areas_by_band(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url + "?campaign=c2021")
        rows = {r.code: r for r in response.context["heat_rows"]}
        cells = {code: [(str(v), css) for v, css in row.cells] for code, row in rows.items()}
        self.assertEqual(cells["X-AN"], [("75.00", "heat-2"), ("83.33", "heat-1")])
        self.assertEqual(cells["X-BINH"], [("100.00", "heat-0"), ("83.33", "heat-1")])
        self.assertContains(response, '<td class="num cell heat-2">75,00</td>', html=True)
        self.assertContains(response, "Tốt (≥ 90%)")
        self.assertContains(response, "Khá (80–90%)")
        self.assertContains(response, "Yếu (&lt; 70%)")
        self.assertContains(response, "Công tác chỉ đạo, điều hành CCHC")

    def test_the_heat_map_of_this_year_uses_its_own_areas_and_hides_the_draft(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual([a.code for a in response.context["chosen"].areas], ["I", "II", "III"])
        rows = {r.code: r for r in response.context["heat_rows"]}
        self.assertEqual([str(v) for v, _css in rows["X-AN"].cells], ["100.00", "75.00", "87.50"])
        self.assertEqual([v for v, _css in rows["X-BINH"].cells], [None, None, None])

    def test_renumbered_areas_are_matched_through_the_mappings(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        matched = [
            (area.code, [[a.code for a in own] for own in continued])
            for area, continued in response.context["matching_rows"]
        ]
        self.assertEqual(matched, [("I", [["1"], ["I"]]), ("II", [["2"], ["II"]]), ("III", [[], ["III"]])])
        self.assertContains(response, "không có (lĩnh vực mới)")

    def test_the_chart_data_is_handed_over_without_inline_script(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        body = response.content.decode()
        match = re.search(r'<script id="chart-group" type="application/json">(.*?)</script>', body, re.S)
        assert match is not None
        data = json.loads(match[1])
        self.assertEqual(data["labels"], ["2021", "2026 (tạm tính)"])
        self.assertEqual(data["datasets"][0]["values"], [85.0, 86.5])
        self.assertEqual(data["provisional"], [False, True])
        self.assertContains(response, "insights-charts.js")
        self.assertContains(response, "insights.css")
        for tag in re.findall(r"<script[^>]*>", body):
            self.assertTrue("src=" in tag or 'type="application/json"' in tag, tag)

    def test_the_number_of_queries_does_not_grow_with_the_units(self):
        self.client.force_login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(9):
            self.client.get(self.url)
        for n in range(6):
            unit = Unit.objects.create(code=f"X-{n}", name=f"Xã số {n}", parent=self.district, group=self.communes)
            put_result(self.campaign, unit, "70.00", 3 + n, {"1": ("2", "4"), "2": ("4", "6")})
            put_result(self.current, unit, "75.00", 2, {"I": ("1", "2"), "II": ("3", "4"), "III": ("3", "4")})
            submitted(self.current, unit)
        with self.assertNumQueries(9):
            response = self.client.get(self.url)
        self.assertEqual(len(response.context["rows"]), 8)

    def test_who_may_open_it(self):
        for user, status in (
            (self.viewer, 200),
            (self.home_affairs, 200),
            (self.commune_head, 403),
            (self.commune_officer, 403),
            (self.appraiser, 403),
            (self.outsider, 403),
            (self.commune_viewer, 404),  # a leader of one commune does not oversee the district's campaigns
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user.username)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)


class OneCampaignTests(DistrictTestCase):
    def test_a_group_with_one_campaign_shows_no_change_and_no_trend_chart(self):
        put_result(self.campaign, self.commune, "80.00", 1, {"1": ("3", "4"), "2": ("5", "6")})
        self.campaign.status = Campaign.Status.PUBLISHED
        self.campaign.save()
        self.client.force_login(self.viewer)
        response = self.client.get(reverse("insights:group", args=["xa"]))
        self.assertContains(response, "Mới có một đợt đánh giá")
        self.assertNotContains(response, "Thay đổi 2021")
        self.assertNotContains(response, "chart-group")
        self.assertContains(response, "80,00")
