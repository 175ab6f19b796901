"""Next year's sheet shows, on each leaf, the unit's points on the same leaf (same code) in the group's last published
campaign and the actions its accepted plan took on it; the sheet of published results links to the plan."""

from django.urls import reverse

from parindex.assessments.services import open_campaign
from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.tests.plan_support import PlanTestCase, PublishedTestCase
from parindex.tests.district import ACTOR


class NextYearSheetTests(PublishedTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.next_year = open_campaign("c2022", "mini", "xa", ACTOR, year=2022, name="Chỉ số CCHC 2022 cấp xã")

    url = reverse("assessments:unit-sheet", args=["c2022", "X-AN"])

    def test_each_leaf_shows_last_years_points(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url)
        self.assertContains(response, "Năm 2021:", count=7)
        self.assertContains(response, "<strong>1,00</strong>/2,00")  # 1.2
        self.assertContains(response, "mất 0,25 điểm")  # 1.3
        self.assertIsNone(response.context["plan_card"].plan)

    def test_the_accepted_plans_actions_show_on_their_leaf(self):
        plan = self.accepted_plan("1.3")
        self.client.force_login(self.commune_head)
        response = self.client.get(self.url)
        leaf = self.next_year.framework.criteria.get(code="1.3")
        self.assertEqual([a.what for a in response.context["plan_leaves"][leaf.pk].actions], [plan.actions.get().what])
        self.assertContains(response, "Ban hành kế hoạch CCHC đúng hạn")
        self.assertContains(response, "Đang thực hiện")
        self.assertContains(response, reverse("plans:plan", args=["c2021", "X-AN"]))

    def test_a_plan_not_accepted_shows_no_actions(self):
        plans.submit_plan(self.add("1.3").plan, Actor.of(self.commune_head))
        self.client.force_login(self.commune_head)
        self.assertNotContains(self.client.get(self.url), "Ban hành kế hoạch CCHC đúng hạn")

    def test_the_sheet_takes_a_fixed_number_of_queries_whatever_the_actions(self):
        self.client.force_login(self.commune_officer)
        self.client.get(self.url)
        with self.assertNumQueries(14):  # the sheet's 10, the last campaign, its plan, the scores and the actions
            self.client.get(self.url)
        self.accepted_plan("1.2", "1.3", "9.2")
        with self.assertNumQueries(14):
            self.client.get(self.url)


class PublishedSheetTests(PublishedTestCase):
    def test_the_published_results_link_to_the_plan(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertContains(response, "Kế hoạch khắc phục")
        self.assertContains(response, reverse("plans:plan", args=["c2021", "X-AN"]))
        self.assertNotContains(response, "Năm 2021:")


class NoHistorySheetTests(PlanTestCase):
    def test_a_campaign_with_no_published_one_before_shows_nothing_of_plans(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertNotIn("plan_leaves", response.context)
        self.assertNotContains(response, "plan-card")
        self.assertNotContains(response, "last-year")
