"""The district of the gaps tests: two communes scored and appraised, Xã An Bình with points to win back."""

from decimal import Decimal as D

from django.urls import reverse

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over

# Xã An Bình: 7,25 of 10 on the normal items less a penalty of 1 = 6,25 (62,50 %, Yếu); Xã Bình Minh: 10 (100 %).
SCORES = {
    "X-AN": {"1.1": "1", "1.2": "1", "1.3": "0.75", "2.1": "4", "2.2": "0.5", "9.2": "1"},
    "X-BINH": {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "2"},
}


class GapTestCase(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        for unit in (cls.commune, cls.other_commune):
            for code, points in SCORES[unit.code].items():
                set_score(cls.campaign, unit, leaves[code], Stage.APPRAISED, D(points), ACTOR)

    def lock(self, publish=False):
        manager = Actor.of(self.home_affairs)
        lifecycle.lock_results(calendar_over(self.campaign), manager)
        if publish:
            lifecycle.publish(self.campaign, manager)

    def sheet(self, user=None):
        self.client.force_login(user or self.commune_officer)
        return self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))

    def gap_page(self, user, query=""):
        self.client.force_login(user)
        return self.client.get(reverse("gaps:unit", args=["c2021", "X-AN"]) + query)
