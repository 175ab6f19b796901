"""A unit's plan page: the leaves it lost points on with the points lost, the actions on each, and what each person
may do there; nobody outside the unit and the offices over it sees it."""

from django.urls import reverse

from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.tests.plan_support import PlanTestCase, PublishedTestCase


class PlanPageTests(PublishedTestCase):
    url = reverse("plans:plan", args=["c2021", "X-AN"])

    def test_the_unit_sees_each_leaf_it_lost_points_on_with_the_points_lost(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url)
        self.assertContains(response, "Kế hoạch khắc phục")
        self.assertContains(response, "Mức độ hoàn thành kế hoạch CCHC")  # 1.2
        self.assertContains(response, "mất 0,25 điểm")  # 1.3
        self.assertContains(response, "Cán bộ bị kỷ luật")  # the penalty 9.2
        self.assertNotContains(response, "Ban hành kế hoạch CCHC năm đúng hạn")  # 1.1: nothing lost
        self.assertNotContains(response, "Sáng kiến CCHC được công nhận")  # the bonus
        self.assertContains(response, "Chưa lập")
        self.assertContains(response, reverse("plans:action-new", args=["c2021", "X-AN"]))

    def test_the_actions_show_under_their_leaf(self):
        action = self.add("1.3")
        self.client.force_login(self.commune_head)
        response = self.client.get(self.url)
        self.assertContains(response, f'id="action-{action.pk}"')
        self.assertContains(response, "Phạm Thị Lan")
        self.assertContains(response, action.deadline.strftime("%d/%m/%Y"))
        self.assertContains(response, "Gửi kế hoạch")

    def test_an_officer_is_told_the_head_submits(self):
        self.add()
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url)
        self.assertNotContains(response, reverse("plans:submit", args=["c2021", "X-AN"]))
        self.assertContains(response, "Người đứng đầu đơn vị gửi kế hoạch")

    def test_the_offices_over_the_unit_read_it_without_changing_it(self):
        self.add()
        for person in (self.home_affairs, self.viewer, self.commune_home_affairs, self.commune_viewer):
            self.client.force_login(person)
            response = self.client.get(self.url)
            self.assertContains(response, "Mức độ hoàn thành kế hoạch CCHC")
            self.assertNotContains(response, reverse("plans:action-new", args=["c2021", "X-AN"]))

    def test_another_commune_the_council_and_outsiders_cannot_see_it(self):
        self.add()
        for person in (self.other_officer, self.appraiser, self.outsider):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_returned_plan_shows_why(self):
        plan = self.add().plan
        plans.submit_plan(plan, Actor.of(self.commune_head))
        plans.review_plan(plan, False, "Thời hạn quá xa, đề nghị rút ngắn", Actor.of(self.home_affairs))
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url)
        self.assertContains(response, "Thời hạn quá xa, đề nghị rút ngắn")
        self.assertContains(response, "Trả lại để sửa")


class BeforePublicationTests(PlanTestCase):
    url = reverse("plans:plan", args=["c2021", "X-AN"])

    def test_the_page_says_a_plan_follows_the_publication_and_offers_nothing(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url)
        self.assertContains(response, "chưa được công bố")
        self.assertNotContains(response, reverse("plans:action-new", args=["c2021", "X-AN"]))
