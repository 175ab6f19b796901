"""Home Affairs over the campaign accepts a submitted plan or returns it with a reason; nobody else reviews it, not
even Home Affairs staff scoped to the commune itself."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.models import Plan
from parindex.plans.tests.plan_support import PublishedTestCase


class ReviewTests(PublishedTestCase):
    url = reverse("plans:review", args=["c2021", "X-AN"])

    def setUp(self):
        super().setUp()
        self.plan = self.add().plan
        plans.submit_plan(self.plan, Actor.of(self.commune_head))

    def review(self, person, decision="accept", note=""):
        self.client.force_login(person)
        return self.client.post(self.url, {"decision": decision, "note": note}, follow=True)

    def state(self):
        self.plan.refresh_from_db()
        return self.plan.state

    def test_the_review_form_shows_to_home_affairs_only(self):
        self.client.force_login(self.home_affairs)
        page = reverse("plans:plan", args=["c2021", "X-AN"])
        self.assertContains(self.client.get(page), "Xem xét kế hoạch")
        self.client.force_login(self.commune_home_affairs)
        self.assertNotContains(self.client.get(page), "Xem xét kế hoạch")

    def test_home_affairs_accepts_the_plan(self):
        response = self.review(self.home_affairs)
        self.assertContains(response, "Kế hoạch của Xã An Bình đã được chấp nhận")
        self.assertEqual(self.state(), Plan.State.ACCEPTED)
        self.assertEqual(self.plan.reviewed_by, self.home_affairs)
        self.assertTrue(AuditEntry.objects.filter(action=Action.PLAN_STATE, after={"state": "accepted"}).exists())

    def test_a_return_needs_a_reason(self):
        response = self.review(self.home_affairs, "return")
        self.assertContains(response, "Hãy nêu lý do trả lại")
        self.assertEqual(self.state(), Plan.State.SUBMITTED)
        self.review(self.home_affairs, "return", "Thời hạn quá xa")
        self.assertEqual((self.state(), self.plan.review_note), (Plan.State.RETURNED, "Thời hạn quá xa"))

    def test_review_by_a_user_scoped_too_low_is_refused(self):
        # Home Affairs staff on the commune itself read its plan, but the campaign is run by the district.
        self.assertEqual(self.review(self.commune_home_affairs).status_code, 403)
        self.assertEqual(self.state(), Plan.State.SUBMITTED)

    def test_leaders_the_unit_and_other_communes_cannot_review(self):
        self.assertEqual(self.review(self.viewer).status_code, 403)
        self.assertEqual(self.review(self.commune_head).status_code, 403)
        self.assertEqual(self.review(self.other_officer).status_code, 404)
        self.assertEqual(self.state(), Plan.State.SUBMITTED)

    def test_an_accepted_plan_is_not_reviewed_again(self):
        self.review(self.home_affairs)
        response = self.review(self.home_affairs, "return", "x")
        self.assertContains(response, "không ở trạng thái chờ xem xét")
        self.assertEqual(self.state(), Plan.State.ACCEPTED)
