"""Locking applies the lateness policy; publishing opens the public page; only an audited re-opening changes results."""

from datetime import datetime, timedelta
from decimal import Decimal as D
from unittest.mock import patch
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from parindex.assessments import lifecycle, workflow
from parindex.assessments.models import Assessment, Campaign, Score
from parindex.assessments.services import CampaignError, Stage, set_score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Every unit's window and every round are over: the results may be locked and published (on 28/12, the calendar's date).
LATER = datetime(2026, 12, 28, 9, 0, tzinfo=VN)


class PublicationTests(DistrictTestCase):
    def setUp(self):
        self.campaign.self_closes_at = datetime(2026, 12, 4, 17, 0, tzinfo=VN)
        self.campaign.round1_ends_at = datetime(2026, 12, 11, 17, 0, tzinfo=VN)
        self.campaign.round2_ends_at = datetime(2026, 12, 23, 17, 0, tzinfo=VN)
        self.campaign.publish_on = LATER.date()
        self.campaign.save()
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        officer = Actor.of(self.commune_officer)
        for code, value in (("1.1", "1"), ("1.2", "95"), ("1.3", "0")):
            workflow.save_self_score(self.campaign, self.commune, self.leaf[code], value, False, officer)
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.manager = Actor.of(self.home_affairs)

    def post(self, action, data=None, person=None):
        with patch("django.utils.timezone.now", return_value=LATER):
            self.client.force_login(person or self.home_affairs)
            url = reverse("assessments:change-status", args=["c2021", action])
            return self.client.post(url, data or {}, follow=True)

    def lock(self):
        lifecycle.lock_results(self.campaign, self.manager, now=LATER)

    def publish(self):
        lifecycle.publish(self.campaign, self.manager, now=LATER)

    def test_locking_scores_empty_items_zero_with_the_reason(self):
        self.post("lock", {"confirm": "1"})
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, Campaign.Status.LOCKED)
        zeroed = Score.objects.get(campaign=self.campaign, unit=self.commune, criterion=self.leaf["2.2"])
        self.assertEqual((zeroed.appraised_score, zeroed.final_score), (D(0), D(0)))
        entry = AuditEntry.objects.get(action=Action.SCORE_APPRAISED, unit_id=self.commune.pk)
        self.assertIn("0", entry.reason)
        # The indicator leaf 2.1 is not the unit's to fill: it is not zeroed by the lateness policy.
        self.assertFalse(Score.objects.filter(criterion=self.leaf["2.1"], unit=self.commune).exists())

    def test_locking_needs_a_confirmation(self):
        response = self.post("lock")
        self.assertContains(response, 'name="confirm"')
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)

    def test_a_unit_that_submitted_nothing_is_left_unranked_when_the_policy_says_so(self):
        self.campaign.unrank_if_not_submitted = True
        self.campaign.save()
        self.lock()
        results = {r.unit_id: r for r in self.campaign.results.all()}
        self.assertEqual(results[self.commune.pk].rank, 1)
        self.assertTrue(results[self.other_commune.pk].unranked)
        self.assertIsNone(results[self.other_commune.pk].rank)

    def test_nothing_changes_after_locking_not_even_by_import_or_direct_post(self):
        self.lock()
        with self.assertRaises(CampaignError):
            set_score(self.campaign, self.commune, self.leaf["1.1"], Stage.APPRAISED, D(0), self.manager)
        self.client.force_login(self.appraiser)
        url = reverse("assessments:appraise-leaf", args=["c2021", "X-AN", self.leaf["1.1"].pk])
        self.client.post(url, {"points": "0", "reason": "Sửa sau khi chốt"})
        self.assertEqual(Score.objects.get(unit=self.commune, criterion=self.leaf["1.1"]).final_score, D(1))

    def test_the_public_page_shows_only_published_results_without_login(self):
        public = reverse("public-results", args=["c2021"])
        self.assertEqual(self.client.get(public).status_code, 404)
        self.lock()
        self.assertEqual(self.client.get(public).status_code, 404)
        self.post("publish", {"confirm": "1", "publish_on": "28/12/2026"})
        self.client.logout()
        response = self.client.get(public)
        self.assertContains(response, "Xã An Bình")
        self.assertContains(response, "Xã Bình Minh")
        self.assertContains(response, "40,00")  # 4 of 10 points
        self.assertContains(self.client.get(reverse("public-list")), "Chỉ số CCHC 2021 cấp xã")
        states = set(Assessment.objects.filter(campaign=self.campaign).values_list("state", flat=True))
        self.assertEqual(states, {Assessment.State.PUBLISHED})

    def test_reopening_needs_a_reason_and_is_audited(self):
        self.lock()
        self.publish()
        self.post("reopen", {"confirm": "1", "reason": ""})
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_published)
        self.post("reopen", {"confirm": "1", "reason": "Quyết định 45/QĐ-UBND điều chỉnh kết quả"})
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)
        entry = AuditEntry.objects.get(action=Action.RESULTS_REOPENED)
        self.assertEqual(entry.reason, "Quyết định 45/QĐ-UBND điều chỉnh kết quả")
        # Back at the step it stood at when the results were locked.
        state = Assessment.objects.get(campaign=self.campaign, unit=self.commune).state
        self.assertEqual(state, Assessment.State.SUBMITTED)

    def test_only_home_affairs_locks_and_publishes(self):
        for person in (self.appraiser, self.viewer, self.commune_head):
            response = self.post("lock", {"confirm": "1"}, person=person)
            self.assertEqual(response.status_code, 403, person.username)
        self.assertEqual(self.post("lock", {"confirm": "1"}, person=self.outsider).status_code, 404)
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)

    def test_the_calendar_and_policy_are_set_on_the_campaign_page_and_audited(self):
        self.client.force_login(self.home_affairs)
        url = reverse("assessments:campaign-settings", args=["c2021"])
        data = {
            "name": "Chỉ số CCHC 2021 cấp xã",
            "self_opens_at": "2021-11-01T07:30",
            "self_closes_at": "2021-11-15T17:00",
            "round1_ends_at": "2021-11-30T17:00",
            "explanation_closes_at": "2021-11-20T17:00",  # before round 1 ends: refused
            "round2_ends_at": "2021-12-15T17:00",
            "publish_on": "2021-12-31",
            "zero_if_not_self_assessed": "on",
            "late_deduction": "1",
        }
        response = self.client.post(url, data)
        self.assertContains(response, "has-error")
        data["explanation_closes_at"] = "2021-12-05T17:00"
        self.client.post(url, data)
        self.campaign.refresh_from_db()
        closes = timezone.localtime(self.campaign.self_closes_at)
        self.assertEqual((closes.hour, closes.minute, closes.day), (17, 0, 15))
        self.assertEqual(self.campaign.late_deduction, D(1))
        entry = AuditEntry.objects.get(action=Action.CAMPAIGN_CHANGED)
        self.assertEqual(entry.after["late_deduction"], "1.00")
        self.assertEqual(closes.utcoffset(), timedelta(hours=7))
