"""The unit's officers and head add, change and remove actions while the plan is drafted or returned, only on the
leaves the unit lost points on, only once the results are published; every change is audited."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.models import Plan, PlanAction
from parindex.plans.tests.plan_support import PlanTestCase, PublishedTestCase, in_days


class ActionFormTests(PublishedTestCase):
    new = reverse("plans:action-new", args=["c2021", "X-AN"])

    def post(self, url=None, person=None, **data):
        self.client.force_login(person or self.commune_officer)
        fields = {
            "leaf": self.leaves["1.2"].pk,
            "what": "Trình ban hành kế hoạch CCHC trước 15/12",
            "person": "Phạm Thị Lan, công chức VP",
            "deadline": in_days(40).isoformat(),
        }
        return self.client.post(url or self.new, fields | data, follow=True)

    def test_the_form_offers_only_the_leaves_that_lost_points(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.new + f"?leaf={self.leaves['1.3'].pk}")
        self.assertContains(response, "1.2 Mức độ hoàn thành kế hoạch CCHC (mất 1,00 điểm)")
        self.assertContains(response, f'<option value="{self.leaves["1.3"].pk}" selected>')
        self.assertNotContains(response, "Ban hành kế hoạch CCHC năm đúng hạn")

    def test_an_officer_adds_an_action_which_starts_the_plan_and_is_audited(self):
        response = self.post()
        action = PlanAction.objects.get()
        self.assertRedirects(response, reverse("plans:plan", args=["c2021", "X-AN"]) + f"#action-{action.pk}")
        self.assertEqual(action.plan.state, Plan.State.DRAFT)
        self.assertEqual(action.deadline, in_days(40))
        entry = AuditEntry.objects.get(action=Action.PLAN_ACTION_CHANGED)
        self.assertEqual(entry.after["criterion"], "1.2")
        self.assertEqual((entry.unit_id, entry.criterion_id), (self.commune.pk, self.leaves["1.2"].pk))
        self.assertTrue(AuditEntry.objects.filter(action=Action.PLAN_STATE, after={"state": "draft"}).exists())

    def test_an_action_on_a_leaf_that_lost_nothing_is_refused(self):
        response = self.post(leaf=self.leaves["1.1"].pk)
        self.assertContains(response, "Hãy chọn một tiêu chí thành phần mà đơn vị bị mất điểm")
        self.assertFalse(PlanAction.objects.exists())
        with self.assertRaisesMessage(plans.PlanRefused, "không bị mất điểm ở 1.1"):
            plans.save_action(self.campaign, self.commune, self.action("1.1"), Actor.of(self.commune_officer))
        with self.assertRaisesMessage(plans.PlanRefused, "không bị mất điểm ở 9.1"):  # a bonus loses nothing
            plans.save_action(self.campaign, self.commune, self.action("9.1"), Actor.of(self.commune_officer))
        self.assertFalse(PlanAction.objects.exists())

    def test_a_deadline_already_passed_is_refused(self):
        response = self.post(deadline=in_days(-1).isoformat())
        self.assertContains(response, "đã qua")
        self.assertFalse(PlanAction.objects.exists())

    def test_an_action_is_changed_with_what_it_said_before(self):
        action = self.add()
        url = reverse("plans:action-edit", args=["c2021", "X-AN", action.pk])
        self.client.force_login(self.commune_head)
        self.assertContains(self.client.get(url), "Ban hành kế hoạch CCHC đúng hạn")
        self.post(url, person=self.commune_head, what="Ban hành kế hoạch trước ngày 20/12")
        action.refresh_from_db()
        self.assertEqual(action.what, "Ban hành kế hoạch trước ngày 20/12")
        entry = AuditEntry.objects.filter(action=Action.PLAN_ACTION_CHANGED).first()
        self.assertEqual(entry.before["what"], "Ban hành kế hoạch CCHC đúng hạn")

    def test_an_action_is_removed_and_the_removal_audited(self):
        action = self.add()
        self.client.force_login(self.commune_officer)
        self.client.post(reverse("plans:action-remove", args=["c2021", "X-AN", action.pk]))
        self.assertFalse(PlanAction.objects.exists())
        self.assertIsNone(AuditEntry.objects.filter(action=Action.PLAN_ACTION_CHANGED).first().after)

    def test_a_submitted_plan_is_not_changed(self):
        action = self.add()
        plans.submit_plan(action.plan, Actor.of(self.commune_head))
        response = self.post()
        self.assertContains(response, "chờ xem xét")
        self.assertEqual(PlanAction.objects.count(), 1)
        self.client.post(reverse("plans:action-remove", args=["c2021", "X-AN", action.pk]))
        self.assertEqual(PlanAction.objects.count(), 1)

    def test_readers_may_not_add_actions_and_another_commune_cannot_see_the_form(self):
        for person in (self.viewer, self.home_affairs, self.commune_home_affairs):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.new).status_code, 403)
        self.client.force_login(self.other_officer)
        self.assertEqual(self.client.get(self.new).status_code, 404)
        self.assertEqual(self.post(person=self.other_officer).status_code, 404)
        self.assertFalse(PlanAction.objects.exists())


class BeforePublicationTests(PlanTestCase):
    def test_a_plan_before_the_publication_is_refused(self):
        self.client.force_login(self.commune_officer)
        url = reverse("plans:action-new", args=["c2021", "X-AN"])
        data = {"leaf": self.leaves["1.2"].pk, "what": "x", "person": "y", "deadline": in_days(10).isoformat()}
        response = self.client.post(url, data)
        self.assertContains(response, "chưa được công bố")
        with self.assertRaisesMessage(plans.PlanRefused, "chưa được công bố"):
            plans.start_plan(self.campaign, self.commune, Actor.of(self.commune_officer))
        self.assertFalse(Plan.objects.exists())
