"""The demo's improvement plans for the published 2021 commune campaign: three communes, actions done on time, late,
overdue, awaiting review and not yet due, all through the plans' own services."""

from django.test import TestCase
from django.utils import timezone

from parindex.assessments.models import Campaign
from parindex.deadlines import registry
from parindex.deadlines.kinds import DeadlineKind
from parindex.demo.plans import CAMPAIGN, load_plans
from parindex.indicators import timeliness
from parindex.indicators.models import Figure, Indicator
from parindex.plans.models import ActionReport, Plan
from parindex.plans.services import status_rows
from parindex.publication.tests.demo2021 import load_demo_2021
from parindex.review import Review


class DemoPlansTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.people = load_demo_2021()
        load_plans(cls.people)
        cls.campaign = Campaign.objects.get(code=CAMPAIGN)

    def rows(self):
        return {r.unit.code: r for r in status_rows(self.campaign) if r.plan is not None}

    def test_three_communes_filed_plans(self):
        states = dict(Plan.objects.values_list("unit__code", "state"))
        self.assertEqual(states, {"X-ANBINH": "accepted", "X-DONGHOA": "accepted", "X-MINHKHAI": "submitted"})

    def test_some_actions_are_done_on_time_and_one_is_overdue(self):
        rows = self.rows()
        an_binh, dong_hoa = rows["X-ANBINH"], rows["X-DONGHOA"]
        self.assertEqual((an_binh.actions, an_binh.done, an_binh.on_time, an_binh.overdue), (4, 1, 1, 1))
        self.assertEqual((dong_hoa.actions, dong_hoa.done, dong_hoa.on_time, dong_hoa.overdue), (3, 2, 1, 0))
        self.assertEqual(ActionReport.objects.filter(review=Review.PENDING).count(), 1)

    def test_the_actions_are_deadlines_and_count_in_timeliness(self):
        items = registry.items(timezone.now(), [DeadlineKind.PLAN_ACTION])
        self.assertEqual(len(items), 7)  # the accepted plans' actions only
        timeliness.refresh()
        years = Figure.objects.filter(
            unit__code="X-ANBINH", kind=Figure.Kind.YEAR, indicator=Indicator.PLAN_ACTIONS_ON_TIME
        )
        # Due by now: the action done on time and the overdue one (whatever the year each fell in).
        self.assertEqual((sum(f.numerator for f in years), sum(f.denominator for f in years)), (1, 2))

    def test_loading_again_changes_nothing(self):
        load_plans(self.people)
        self.assertEqual(Plan.objects.count(), 3)
