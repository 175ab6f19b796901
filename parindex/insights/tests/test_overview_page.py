"""The district's own trend: each group's mean index per year and the index the province published for it."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from parindex.assessments.models import Campaign
from parindex.assessments.services import open_campaign
from parindex.insights.models import ProvinceStanding
from parindex.insights.tests.history import build_history, put_result
from parindex.tests.district import ACTOR, DistrictTestCase


class OverviewPageTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_history(cls)
        cls.agencies_2021 = open_campaign(
            "cq2021", "mini", "co-quan", ACTOR, year=2021, name="Chỉ số CCHC 2021 cơ quan", owner_code="H"
        )
        put_result(cls.agencies_2021, cls.agency, "77.25", 1, {"1": ("3", "4"), "2": ("4", "6")})
        cls.agencies_2021.status = Campaign.Status.PUBLISHED
        cls.agencies_2021.save()
        ProvinceStanding.objects.create(
            unit=cls.district,
            year=2021,
            index=Decimal("81.40"),
            rank=5,
            ranked_total=10,
            decision="Quyết định số 771/QĐ-UBND",
            decided_on=date(2022, 3, 15),
        )
        cls.url = reverse("insights:overview")

    def test_each_groups_mean_per_year_and_the_provinces_figures(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        (trend, chart) = response.context["trends"][0]
        self.assertEqual(trend.committee, self.district)
        rows = {year: (points, standing) for year, points, standing in trend.rows()}
        self.assertEqual(list(rows), [2021, 2026])
        # The groups in their order, then by code: agencies (co-quan), communes (xa).
        self.assertEqual([str(p.mean) if p else None for p in rows[2021][0]], ["77.25", "85.00"])
        self.assertEqual([str(p.mean) if p else None for p in rows[2026][0]], [None, "86.50"])
        self.assertEqual(rows[2021][1].rank, 5)
        self.assertContains(response, "81,40")
        self.assertContains(response, "5/10")
        self.assertContains(response, "Quyết định số 771/QĐ-UBND ngày 15/03/2022")
        self.assertContains(response, "1 trên 2 đơn vị")  # this year: one commune shown of two
        self.assertEqual(chart["data"]["labels"], ["2021", "2026 (tạm tính)"])
        self.assertEqual([d["values"] for d in chart["data"]["datasets"]], [[77.25, None], [85.0, 86.5], [81.4, None]])

    def test_the_number_of_queries_is_fixed(self):
        self.client.force_login(self.viewer)
        self.client.get(self.url)
        with self.assertNumQueries(8):
            self.client.get(self.url)

    def test_who_may_open_it(self):
        for user, status in (
            (self.viewer, 200),
            (self.home_affairs, 200),
            (self.commune_viewer, 200),  # nothing of the district's: an empty page
            (self.commune_head, 403),
            (self.appraiser, 403),
            (self.outsider, 403),
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user.username)
        self.client.force_login(self.commune_viewer)
        self.assertEqual(self.client.get(self.url).context["trends"], [])
