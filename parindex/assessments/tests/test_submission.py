"""The head submits, may withdraw while nobody appraises, and a late submission under an exception is marked."""

from datetime import timedelta
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone

from parindex.assessments import appraisal, workflow
from parindex.assessments.models import Assessment
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase


class SubmissionTests(DistrictTestCase):
    def setUp(self):
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        self.officer = Actor.of(self.commune_officer)

    def fill(self, *codes_values):
        for code, value in codes_values:
            workflow.save_self_score(self.campaign, self.commune, self.leaf[code], value, False, self.officer)

    def state(self):
        return Assessment.objects.get(campaign=self.campaign, unit=self.commune)

    def post(self, person, name, data=None):
        self.client.force_login(person)
        return self.client.post(reverse(f"assessments:{name}", args=["c2021", "X-AN"]), data or {}, follow=True)

    def test_an_officer_cannot_submit(self):
        self.fill(("1.1", "1"))
        self.assertEqual(self.post(self.commune_officer, "submit", {"confirm": "1"}).status_code, 404)
        self.assertEqual(self.state().state, Assessment.State.IN_PROGRESS)

    def test_missing_items_need_the_heads_confirmation(self):
        self.fill(("1.1", "1"))
        response = self.post(self.commune_head, "submit")
        self.assertContains(response, "messages")
        self.assertEqual(self.state().state, Assessment.State.IN_PROGRESS)
        self.post(self.commune_head, "submit", {"confirm": "1"})
        assessment = self.state()
        self.assertEqual(assessment.state, Assessment.State.SUBMITTED)
        self.assertEqual(assessment.submitted_by, self.commune_head)
        self.assertFalse(assessment.late)

    def test_missing_lists_unscored_leaves_and_required_evidence(self):
        self.fill(("1.1", "1"), ("1.2", "95"))
        missing = {leaf.code: problem for leaf, problem in workflow.missing_items(self.campaign, self.commune)}
        self.assertEqual(set(missing), {"1.1", "1.3", "2.2"})  # 1.1 has a score but needs a file; 2.1 is an indicator
        self.assertNotIn("9.1", missing)  # bonus and penalty items are optional

    def test_a_submitted_file_is_locked_until_withdrawn(self):
        self.fill(("1.1", "1"))
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        with self.assertRaises(workflow.NotAllowed):
            self.fill(("1.2", "95"))
        self.post(self.commune_head, "withdraw")
        self.assertEqual(self.state().state, Assessment.State.IN_PROGRESS)
        self.fill(("1.2", "95"))
        states = AuditEntry.objects.filter(action=Action.STATE_CHANGED, unit_id=self.commune.pk).order_by("id")
        self.assertEqual([e.after["state"] for e in states], ["in_progress", "submitted", "in_progress"])

    def test_no_withdrawal_once_an_appraiser_has_started(self):
        self.fill(("1.1", "1"))
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        appraisal.appraise(self.campaign, self.commune, self.leaf["1.1"], "1", False, "", Actor.of(self.appraiser))
        self.post(self.commune_head, "withdraw")
        self.assertEqual(self.state().state, Assessment.State.APPRAISING)

    def test_a_late_submission_under_an_exception_loses_the_campaigns_deduction(self):
        now = timezone.now()
        self.campaign.self_closes_at = now + timedelta(hours=1)
        self.campaign.late_deduction = D("1.5")
        self.campaign.save()
        self.fill(("1.1", "1"), ("1.2", "95"), ("1.3", "0"), ("2.2", "2"))
        self.campaign.self_closes_at = now - timedelta(minutes=1)
        self.campaign.save()
        with self.assertRaises(workflow.NotAllowed):
            workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        appraisal.grant_exception(
            self.campaign,
            self.commune,
            now + timedelta(days=2),
            "Công văn 12/UBND gia hạn",
            Actor.of(self.home_affairs),
        )
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.assertTrue(self.state().late)
        result = self.campaign.results.get(unit=self.commune)
        self.assertEqual((result.deduction, result.points), (D("1.50"), D("4.50")))  # 6 points less 1,5
        exception = AuditEntry.objects.get(action=Action.EXCEPTION_GRANTED)
        self.assertEqual(exception.reason, "Công văn 12/UBND gia hạn")

    def test_the_deadline_locks_at_the_exact_minute(self):
        closes = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
        self.campaign.self_closes_at = closes
        self.campaign.save()
        assessment = self.state()
        self.assertIsNone(workflow.self_edit_block(assessment, closes - timedelta(microseconds=1)))
        self.assertIsNotNone(workflow.self_edit_block(assessment, closes))
