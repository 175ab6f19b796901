"""The actions of an accepted plan run through the deadlines app: they are deadlines of their own kind, on the deadline
board and the unit's to-do list, reminded on the schedule, and counted in the unit's timeliness figures."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from parindex.audit.services import Actor
from parindex.deadlines import registry
from parindex.deadlines.kinds import SCHEDULED, DeadlineKind
from parindex.deadlines.models import Kind, Reminder
from parindex.deadlines.services import plan as plan_reminders
from parindex.deadlines.services import send_due
from parindex.indicators.models import Figure, Indicator
from parindex.plans import services as plans
from parindex.plans.models import PlanAction
from parindex.plans.tests.plan_support import PublishedTestCase, in_days, pdf

SUBJECT = "Kế hoạch khắc phục 2021, 1.2"


class PlanActionDeadlineTests(PublishedTestCase):
    def accepted(self, *deadlines, filed_days_ago=30):
        """An accepted plan of X-AN, filed some days ago, with an action on 1.2, 1.3 and 9.2 due on each day."""
        filed = timezone.now() - timedelta(days=filed_days_ago)
        officer = Actor.of(self.commune_officer)
        actions = [
            plans.save_action(self.campaign, self.commune, self.action(code, 0, deadline=day), officer, now=filed)
            for code, day in zip(["1.2", "1.3", "9.2"], deadlines, strict=False)
        ]
        plans.submit_plan(actions[0].plan, Actor.of(self.commune_head), now=filed)
        plans.review_plan(actions[0].plan, True, "", Actor.of(self.home_affairs), now=filed)
        return actions

    def test_a_plan_action_is_a_deadline_kind_reminded_and_counted(self):
        self.assertIn(DeadlineKind.PLAN_ACTION, SCHEDULED)
        self.assertEqual(Kind(DeadlineKind.PLAN_ACTION).label, "hành động khắc phục")

    def test_only_the_actions_of_an_accepted_plan_are_due(self):
        draft = self.add("1.3")
        self.assertEqual(registry.items(timezone.now(), [DeadlineKind.PLAN_ACTION]), [])
        [action] = self.accepted(in_days(10))  # the same plan, now with 1.2 too, submitted and accepted
        items = {i.key: i for i in registry.items(timezone.now(), [DeadlineKind.PLAN_ACTION])}
        self.assertEqual(set(items), {str(draft.pk), str(action.pk)})
        item = items[str(action.pk)]
        self.assertEqual((item.key, item.unit_id, item.done), (str(action.pk), self.commune.pk, None))
        self.assertEqual(timezone.localtime(item.due).strftime("%H:%M %d/%m/%Y"), f"17:00 {in_days(10):%d/%m/%Y}")
        self.assertTrue(item.subject.startswith(SUBJECT))
        self.assertEqual(item.link, reverse("plans:plan", args=["c2021", "X-AN"]) + f"#action-{action.pk}")

    def test_the_board_shows_an_overdue_action(self):
        self.accepted(in_days(-3))
        self.client.force_login(self.home_affairs)
        response = self.client.get(reverse("assignments:board"))
        self.assertContains(response, SUBJECT)
        self.assertContains(response, "hành động khắc phục")

    def test_the_units_to_do_list_links_to_its_plan(self):
        [action] = self.accepted(in_days(4))
        self.client.force_login(self.commune_officer)
        response = self.client.get(reverse("assignments:todo", args=["X-AN"]))
        self.assertContains(response, SUBJECT)
        self.assertContains(response, reverse("plans:plan", args=["c2021", "X-AN"]) + f"#action-{action.pk}")

    def test_send_reminders_plans_and_sends_them_to_the_units_people(self):
        [action] = self.accepted(in_days(5))
        self.assertGreater(plan_reminders(timezone.now(), horizon=timedelta(days=6)), 0)
        reminders = Reminder.objects.filter(kind=DeadlineKind.PLAN_ACTION, object_key=str(action.pk))
        self.assertEqual({r.recipient for r in reminders}, {self.commune_officer, self.commune_head})
        first = reminders.order_by("due_at").first()
        self.assertGreater(send_due(first.due_at).sent, 0)
        self.client.force_login(self.commune_officer)
        self.assertContains(self.client.get(reverse("assignments:todo", args=["X-AN"])), "đã nhắc nhở 1 lần")

    def test_a_done_action_is_not_reminded_any_more(self):
        [action] = self.accepted(in_days(5))
        report = plans.send_action_report(action, "Xong", pdf(), "a.pdf", Actor.of(self.commune_officer))
        plans.review_action_report(report, True, "", Actor.of(self.home_affairs))
        self.assertEqual(plan_reminders(timezone.now(), horizon=timedelta(days=6)), 0)

    def test_the_actions_count_in_the_units_timeliness(self):
        on_time, overdue = self.accepted(in_days(-2), in_days(-1), filed_days_ago=20)
        sent = on_time.due_at - timedelta(days=1)
        report = plans.send_action_report(on_time, "Xong", pdf(), "a.pdf", Actor.of(self.commune_officer), now=sent)
        # Accepting the report announces it (deadlines_changed): the figures are computed again at once.
        plans.review_action_report(report, True, "", Actor.of(self.home_affairs))
        year = str(timezone.localtime(on_time.due_at).year)

        def figure(code):
            row = Figure.objects.get(unit=self.commune, period=year, indicator=code)
            return row.numerator, row.denominator

        self.assertEqual(figure(Indicator.PLAN_ACTIONS_DONE), (1, 2))
        self.assertEqual(figure(Indicator.PLAN_ACTIONS_ON_TIME), (1, 2))
        self.assertEqual(figure(Indicator.PLAN_ACTIONS_ON_TIME), figure(Indicator.PLAN_ACTIONS_DONE))
        self.assertTrue(Figure.objects.filter(unit=self.district, indicator=Indicator.PLAN_ACTIONS_DONE).exists())
        self.assertIsNone(PlanAction.objects.get(pk=overdue.pk).completed_at)
