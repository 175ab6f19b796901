"""The unit's own sheet says "Chỉ số tạm tính" while the campaign runs, and once published the final index, the
rank among the ranked units and the band by its name."""

from decimal import Decimal as D

from django.urls import reverse

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over


class PublishedSheetTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        for unit, values in {
            cls.commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"},  # 85,00: Khá
            cls.other_commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "2"},  # 100,00
        }.items():
            for code, points in values.items():
                set_score(cls.campaign, unit, leaves[code], Stage.APPRAISED, D(points), ACTOR)

    def sheet(self):
        self.client.force_login(self.commune_officer)
        return self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))

    def test_while_the_campaign_runs_the_index_is_provisional(self):
        response = self.sheet()
        self.assertContains(response, "Chỉ số tạm tính")
        self.assertNotContains(response, "2/2")

    def test_a_published_sheet_shows_the_final_index_rank_and_band(self):
        manager = Actor.of(self.home_affairs)
        lifecycle.lock_results(calendar_over(self.campaign), manager)
        lifecycle.publish(self.campaign, manager)
        response = self.sheet()
        self.assertNotContains(response, "tạm tính")
        totals = response.content.decode().split('id="totals"')[1].split("</div>\n</div>")[0]
        self.assertIn('<span class="label">Chỉ số</span><span class="big">85,00</span>', totals)
        self.assertIn('<span class="label">Xếp hạng</span><span class="strong">2/2</span>', totals)
        self.assertIn('<span class="label">Xếp loại</span><span class="strong">Khá</span>', totals)
