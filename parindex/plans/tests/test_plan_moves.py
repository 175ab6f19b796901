"""A plan's state moves only along Plan.MOVES, through move_to, which stamps who and when and audits the move."""

from django.test import TestCase

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.plans.models import Plan, PlanMoveRefused
from parindex.plans.tests.plan_support import PublishedTestCase


class MovesTableTests(TestCase):
    def test_a_draft_is_only_submitted_and_an_accepted_plan_is_final(self):
        self.assertEqual(Plan.MOVES[Plan.State.DRAFT], {Plan.State.SUBMITTED})
        self.assertEqual(Plan.MOVES[Plan.State.SUBMITTED], {Plan.State.ACCEPTED, Plan.State.RETURNED})
        self.assertEqual(Plan.MOVES[Plan.State.RETURNED], {Plan.State.SUBMITTED})
        self.assertEqual(Plan.MOVES[Plan.State.ACCEPTED], frozenset())

    def test_every_state_has_its_line_in_the_table(self):
        self.assertEqual(set(Plan.MOVES), set(Plan.State.values))

    def test_a_move_the_table_does_not_list_is_refused(self):
        with self.assertRaises(PlanMoveRefused):
            Plan.check_move(Plan.State.DRAFT, Plan.State.ACCEPTED)


class MoveToTests(PublishedTestCase):
    def test_a_submission_stamps_who_and_when_and_is_audited(self):
        plan = self.add().plan
        plan.move_to(Plan.State.SUBMITTED, Actor.of(self.commune_head))
        plan.refresh_from_db()
        self.assertEqual((plan.state, plan.submitted_by), (Plan.State.SUBMITTED, self.commune_head))
        entry = AuditEntry.objects.filter(action=Action.PLAN_STATE).first()
        self.assertEqual((entry.before, entry.after), ({"state": "draft"}, {"state": "submitted"}))
        self.assertEqual((entry.campaign_id, entry.unit_id), (self.campaign.pk, self.commune.pk))

    def test_a_return_keeps_its_reason(self):
        plan = self.add().plan
        plan.move_to(Plan.State.SUBMITTED, Actor.of(self.commune_head))
        plan.move_to(Plan.State.RETURNED, Actor.of(self.home_affairs), "Thiếu hành động cho tiêu chí 1.3")
        plan.refresh_from_db()
        self.assertEqual((plan.reviewed_by, plan.review_note), (self.home_affairs, "Thiếu hành động cho tiêu chí 1.3"))
        self.assertEqual(AuditEntry.objects.filter(action=Action.PLAN_STATE).first().reason, plan.review_note)

    def test_a_refused_move_changes_nothing(self):
        plan = self.add().plan
        with self.assertRaises(PlanMoveRefused):
            plan.move_to(Plan.State.ACCEPTED, Actor.of(self.home_affairs))
        plan.refresh_from_db()
        self.assertEqual(plan.state, Plan.State.DRAFT)
