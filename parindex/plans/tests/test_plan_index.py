"""The plans' entry page: each published campaign, with the unit's own plan for its people and the review list for
those over the campaign."""

from django.urls import reverse

from parindex.plans.tests.plan_support import PlanTestCase, PublishedTestCase


class PlanIndexTests(PublishedTestCase):
    url = reverse("plans:index")

    def test_a_unit_officer_finds_the_plan_of_the_unit(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("plans:plan", args=["c2021", "X-AN"]))
        self.assertNotContains(response, f'href="{reverse("plans:review-list", args=["c2021"])}"')

    def test_home_affairs_find_the_review_list(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("plans:review-list", args=["c2021"]))

    def test_the_council_and_outsiders_have_no_plans_to_follow(self):
        for person in (self.appraiser, self.outsider):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)


class UnpublishedIndexTests(PlanTestCase):
    def test_a_campaign_not_published_is_not_listed(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(reverse("plans:index"))
        self.assertNotContains(response, f'href="{reverse("plans:review-list", args=["c2021"])}"')
        self.assertContains(response, "Chưa có đợt đánh giá nào công bố kết quả")
