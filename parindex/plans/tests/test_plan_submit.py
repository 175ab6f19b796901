"""Only the head of the unit submits its plan to Home Affairs, with at least one action; a returned plan is
submitted again once changed."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.models import Plan
from parindex.plans.tests.plan_support import PublishedTestCase


class SubmitTests(PublishedTestCase):
    url = reverse("plans:submit", args=["c2021", "X-AN"])

    def submit(self, person):
        self.client.force_login(person)
        return self.client.post(self.url, follow=True)

    def test_the_head_submits_the_plan(self):
        plan = self.add().plan
        response = self.submit(self.commune_head)
        self.assertContains(response, "Kế hoạch đã được gửi Phòng Nội vụ xem xét")
        plan.refresh_from_db()
        self.assertEqual((plan.state, plan.submitted_by), (Plan.State.SUBMITTED, self.commune_head))
        self.assertTrue(AuditEntry.objects.filter(action=Action.PLAN_STATE, after={"state": "submitted"}).exists())

    def test_a_unit_officer_cannot_submit(self):
        plan = self.add().plan
        self.assertEqual(self.submit(self.commune_officer).status_code, 403)
        plan.refresh_from_db()
        self.assertEqual(plan.state, Plan.State.DRAFT)

    def test_home_affairs_and_another_commune_cannot_submit_it_either(self):
        self.add()
        self.assertEqual(self.submit(self.home_affairs).status_code, 403)
        self.assertEqual(self.submit(self.other_officer).status_code, 404)

    def test_a_plan_without_actions_is_not_submitted(self):
        action = self.add()
        plans.remove_action(action, Actor.of(self.commune_officer))
        response = self.submit(self.commune_head)
        self.assertContains(response, "Hãy thêm ít nhất một hành động")
        self.assertEqual(Plan.objects.get().state, Plan.State.DRAFT)

    def test_a_returned_plan_is_changed_and_submitted_again(self):
        plan = self.add().plan
        plans.submit_plan(plan, Actor.of(self.commune_head))
        plans.review_plan(plan, False, "Bổ sung hành động cho 1.3", Actor.of(self.home_affairs))
        self.add("1.3")
        self.submit(self.commune_head)
        plan.refresh_from_db()
        self.assertEqual((plan.state, plan.actions.count()), (Plan.State.SUBMITTED, 2))
