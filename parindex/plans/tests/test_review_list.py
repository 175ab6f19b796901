"""Home Affairs' review list of a campaign: every unit with its plan's state and its actions' counts, those awaiting
review first, in a fixed number of queries."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.tests.plan_support import PublishedTestCase, pdf


class ReviewListTests(PublishedTestCase):
    url = reverse("plans:review-list", args=["c2021"])

    def test_each_unit_shows_with_its_plan_and_counts(self):
        plan = self.accepted_plan()
        action = plan.actions.get(criterion__code="1.2")
        report = plans.send_action_report(
            action, "Xong", pdf(), "a.pdf", Actor.of(self.commune_officer), now=timezone.now() - timedelta(days=1)
        )
        plans.review_action_report(report, True, "", Actor.of(self.home_affairs))
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        self.assertContains(response, "1 trên 2 đơn vị đã lập kế hoạch")
        self.assertContains(response, "Xã An Bình")
        self.assertContains(response, "Xã Bình Minh")
        self.assertContains(response, "Đã chấp nhận")
        self.assertContains(response, "Chưa lập")
        rows = {r.unit.code: r for r in response.context["rows"]}
        self.assertEqual((rows["X-AN"].actions, rows["X-AN"].done, rows["X-AN"].on_time), (2, 1, 1))
        self.assertEqual(rows["X-BINH"].state, "none")

    def test_plans_awaiting_review_come_first(self):
        plan = plans.save_action(
            self.campaign, self.other_commune, self.action("1.1"), Actor.of(self.other_officer)
        ).plan
        plans.submit_plan(plan, Actor.of(self.other_officer))
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        self.assertEqual([r.unit.code for r in response.context["rows"]], ["X-BINH", "X-AN"])
        self.assertContains(response, "Chờ anh/chị xem xét: 1.")

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        self.client.get(self.url)
        # session, user, roles, campaign, units, results, plans, reports awaiting review, actions
        with self.assertNumQueries(9):
            self.client.get(self.url)
        self.accepted_plan("1.2", "1.3", "9.2")
        plans.save_action(self.campaign, self.other_commune, self.action("1.1"), Actor.of(self.other_officer))
        with self.assertNumQueries(9):
            self.client.get(self.url)

    def test_leaders_read_it_and_those_scoped_to_one_commune_do_not(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        for person in (self.commune_home_affairs, self.commune_officer, self.appraiser):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
