"""Locking is bound to the calendar and to every unit's step; re-opening leaves nothing of the lock but its audit;
publishing takes the calendar's date and never a future one."""

from datetime import datetime
from unittest.mock import patch
from zoneinfo import ZoneInfo

from django.urls import reverse

from parindex.assessments import lifecycle, workflow
from parindex.assessments.appraisal import accept_self_scores, ask, close_round1, grant_exception
from parindex.assessments.models import Assessment, Campaign, Score
from parindex.assessments.services import CampaignError
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.ratings.models import HeadRating
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import DistrictTestCase

VN = ZoneInfo("Asia/Ho_Chi_Minh")
State = Assessment.State


def at(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


# The calendar of these tests: self-assessment 01/11–04/12/2026 17:00, round 1 until 11/12, explanations until
# 16/12, round 2 until 23/12, publication on 08/01/2027.
DURING_SELF = at("29/11/2026 10:00")
AFTER_SELF = at("07/12/2026 09:00")
AFTER_ROUNDS = at("28/12/2026 09:00")


class CalendarCase(DistrictTestCase):
    """The district with a full calendar; Xã An Bình self-assesses and submits, Xã Bình Minh never starts."""

    def setUp(self):
        self.campaign.self_opens_at = at("01/11/2026 07:30")
        self.campaign.self_closes_at = at("04/12/2026 17:00")
        self.campaign.round1_ends_at = at("11/12/2026 17:00")
        self.campaign.explanation_closes_at = at("16/12/2026 17:00")
        self.campaign.round2_ends_at = at("23/12/2026 17:00")
        self.campaign.publish_on = at("08/01/2027 00:00").date()
        self.campaign.save()
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        self.officer, self.head = Actor.of(self.commune_officer), Actor.of(self.commune_head)
        self.council, self.manager = Actor.of(self.appraiser), Actor.of(self.home_affairs)

    def fill_and_submit(self, now=DURING_SELF):
        with patch("django.utils.timezone.now", return_value=now):
            for code, value in (("1.1", "1"), ("1.2", "95"), ("2.2", "1")):
                workflow.save_self_score(self.campaign, self.commune, self.leaf[code], value, False, self.officer)
            workflow.submit(self.campaign, self.commune, self.head, confirm_missing=True)

    def state_of(self, unit):
        return Assessment.objects.get(campaign=self.campaign, unit=unit).state

    def accept_all(self, unit):
        """The appraiser confirms every remaining self score (the explicit action of the appraisal sheet)."""
        accept_self_scores(self.campaign, unit, self.council)


class LockRulesTests(CalendarCase):
    def refused_units(self, now):
        with self.assertRaises(lifecycle.LockRefused) as refused:
            lifecycle.lock_results(self.campaign, self.manager, now=now)
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)
        return {b.unit_name: b.reason for b in refused.exception.blockers}

    def test_locking_while_units_may_still_self_assess_is_refused_naming_each_unit_and_its_deadline(self):
        self.fill_and_submit()
        refused = self.refused_units(DURING_SELF)
        self.assertEqual(set(refused), {"Xã An Bình", "Xã Bình Minh"})
        self.assertIn("04/12/2026", refused["Xã Bình Minh"])  # still drafting, until the campaign's deadline
        self.assertIn("vòng 1", refused["Xã An Bình"])  # submitted, round 1 still open
        self.assertFalse(AuditEntry.objects.filter(action=Action.RESULTS_LOCKED).exists())
        self.assertFalse(Score.objects.filter(campaign=self.campaign, appraised_score__isnull=False).exists())

    def test_a_deadline_exception_keeps_the_lock_back_even_after_the_last_appraisal_date(self):
        with patch("django.utils.timezone.now", return_value=DURING_SELF):
            grant_exception(self.campaign, self.other_commune, at("05/01/2027 17:00"), "Lũ lụt", self.manager)
        self.fill_and_submit()
        refused = self.refused_units(AFTER_ROUNDS)
        self.assertEqual(list(refused), ["Xã Bình Minh"])
        self.assertIn("05/01/2027", refused["Xã Bình Minh"])

    def test_a_unit_in_its_explanation_window_keeps_the_lock_back(self):
        self.fill_and_submit()
        with patch("django.utils.timezone.now", return_value=AFTER_SELF):
            ask(self.campaign, self.commune, self.leaf["1.2"], "Đề nghị bổ sung báo cáo", self.council)
            self.accept_all(self.commune)
            close_round1(self.campaign, self.commune, self.council, confirm=True)
        self.assertEqual(self.state_of(self.commune), State.EXPLANATION_REQUESTED)
        refused = self.refused_units(at("15/12/2026 09:00"))
        self.assertEqual(list(refused), ["Xã An Bình"])
        self.assertIn("16/12/2026", refused["Xã An Bình"])
        # Once the window closed, round 2 is still open until the calendar's last appraisal date...
        self.assertIn("vòng 2", self.refused_units(at("17/12/2026 09:00"))["Xã An Bình"])
        # ...after which the results may be locked.
        lifecycle.lock_results(self.campaign, self.manager, now=AFTER_ROUNDS)
        self.assertEqual(self.campaign.status, Campaign.Status.LOCKED)

    def test_units_being_appraised_hold_the_lock_back_until_the_last_appraisal_date_and_no_longer(self):
        self.fill_and_submit()
        refused = self.refused_units(AFTER_SELF)
        self.assertEqual(list(refused), ["Xã An Bình"])  # Bình Minh never submitted: the policy decides its items
        zeroed = lifecycle.lock_results(self.campaign, self.manager, now=AFTER_ROUNDS)
        self.assertGreater(zeroed, 0)

    def test_the_lock_keeps_each_units_step_and_reopening_puts_every_unit_back_with_nothing_of_the_lock_left(self):
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        self.campaign.rating_rules, _outcome = install_rule_set(rules, meta, self.manager)
        self.campaign.save()
        self.fill_and_submit()
        scores_before = set(
            Score.objects.filter(campaign=self.campaign).values_list(
                "unit_id", "criterion_id", "appraised_score", "final_score"
            )
        )
        steps_before = {self.commune.pk: State.SUBMITTED, self.other_commune.pk: State.NOT_STARTED}
        zeroed = lifecycle.lock_results(self.campaign, self.manager, now=AFTER_ROUNDS)
        self.assertGreater(zeroed, 0)
        self.assertTrue(HeadRating.objects.filter(campaign=self.campaign).exists())
        with patch("django.utils.timezone.now", return_value=at("08/01/2027 09:00")):
            lifecycle.publish(self.campaign, self.manager)
        self.assertEqual(self.state_of(self.commune), State.PUBLISHED)

        lifecycle.reopen(self.campaign, self.manager, "QĐ 12/QĐ-UBND: chấm lại")
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)
        self.assertIsNone(self.campaign.published_at)
        for unit_id, step in steps_before.items():
            self.assertEqual(Assessment.objects.get(campaign=self.campaign, unit_id=unit_id).state, step)
        self.assertFalse(Assessment.objects.filter(campaign=self.campaign).exclude(state_before_lock="").exists())
        scores_after = set(
            Score.objects.filter(campaign=self.campaign, appraised_score__isnull=False).values_list(
                "unit_id", "criterion_id", "appraised_score", "final_score"
            )
        )
        self.assertEqual(scores_after, {s for s in scores_before if s[2] is not None})
        self.assertFalse(HeadRating.objects.filter(campaign=self.campaign).exists())
        # The zeros' removal and every step moved back are audited with the reason.
        moved = AuditEntry.objects.filter(action=Action.STATE_CHANGED, reason="QĐ 12/QĐ-UBND: chấm lại")
        self.assertEqual({(e.unit_id, e.after["state"]) for e in moved}, set(steps_before.items()))
        taken_back = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED, reason="QĐ 12/QĐ-UBND: chấm lại")
        self.assertEqual(taken_back.count(), zeroed)
        # And the unit that was still being appraised can be appraised again.
        with patch("django.utils.timezone.now", return_value=AFTER_SELF):
            self.assertIsNone(
                workflow.appraisal_block(Assessment.objects.get(campaign=self.campaign, unit=self.commune))
            )

    def test_publishing_takes_the_calendars_date_and_refuses_a_date_still_to_come(self):
        self.fill_and_submit()
        lifecycle.lock_results(self.campaign, self.manager, now=AFTER_ROUNDS)
        with patch("django.utils.timezone.now", return_value=AFTER_ROUNDS):
            with self.assertRaisesMessage(CampaignError, "08/01/2027"):
                lifecycle.publish(self.campaign, self.manager)
            self.campaign.refresh_from_db()
            self.assertEqual(self.campaign.status, Campaign.Status.LOCKED)
            # The decision was signed earlier than the calendar planned: its date is given.
            lifecycle.publish(self.campaign, self.manager, on=at("27/12/2026 00:00").date())
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.publish_on.isoformat(), "2026-12-27")
        entry = AuditEntry.objects.get(action=Action.RESULTS_PUBLISHED)
        self.assertEqual((entry.before["publish_on"], entry.after["publish_on"]), ("2027-01-08", "2026-12-27"))

    def test_publishing_without_a_date_in_the_calendar_asks_for_one(self):
        self.campaign.publish_on = None
        self.campaign.save()
        self.fill_and_submit()
        lifecycle.lock_results(self.campaign, self.manager, now=AFTER_ROUNDS)
        with self.assertRaisesMessage(CampaignError, "ngày công bố"):
            lifecycle.publish(self.campaign, self.manager, now=AFTER_ROUNDS)


class ResultsPagesTests(CalendarCase):
    def setUp(self):
        super().setUp()
        self.fill_and_submit()
        self.client.force_login(self.home_affairs)

    def url(self, action):
        return reverse("assessments:change-status", args=["c2021", action])

    def test_the_lock_page_lists_the_units_that_keep_it_back_and_a_confirmed_post_is_refused_too(self):
        with patch("django.utils.timezone.now", return_value=DURING_SELF):
            self.client.force_login(self.home_affairs)
            page = self.client.get(self.url("lock"))
            self.assertContains(page, "Xã Bình Minh")
            self.assertContains(page, "04/12/2026")
            self.assertNotContains(page, 'name="confirm"')
            response = self.client.post(self.url("lock"), {"confirm": "1"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Xã Bình Minh", status_code=409)
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)

    def test_locking_needs_the_confirmation_of_the_page(self):
        with patch("django.utils.timezone.now", return_value=AFTER_ROUNDS):
            self.client.force_login(self.home_affairs)
            page = self.client.get(self.url("lock"))
            self.assertContains(page, 'name="confirm"')
            self.client.post(self.url("lock"), {})
            self.campaign.refresh_from_db()
            self.assertTrue(self.campaign.is_open)
            response = self.client.post(self.url("lock"), {"confirm": "1", "reason": ""}, follow=True)
        self.assertRedirects(response, reverse("assessments:campaign-detail", args=["c2021"]))
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, Campaign.Status.LOCKED)

    def test_the_publish_page_shows_what_will_be_public_with_the_calendars_date(self):
        lifecycle.lock_results(self.campaign, self.manager, now=AFTER_ROUNDS)
        with patch("django.utils.timezone.now", return_value=at("08/01/2027 09:00")):
            self.client.force_login(self.home_affairs)
            page = self.client.get(self.url("publish"))
            self.assertContains(page, 'value="08/01/2027"')
            self.assertContains(page, "Xã An Bình")
            response = self.client.post(self.url("publish"), {"confirm": "1", "publish_on": "08/01/2027"})
        self.assertEqual(response.status_code, 302)
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_published)

    def test_reopening_from_the_page_needs_a_reason(self):
        lifecycle.lock_results(self.campaign, self.manager, now=AFTER_ROUNDS)
        response = self.client.post(self.url("reopen"), {"confirm": "1", "reason": " "})
        self.assertEqual(response.status_code, 200)
        self.campaign.refresh_from_db()
        self.assertFalse(self.campaign.is_open)
        self.client.post(self.url("reopen"), {"confirm": "1", "reason": "Sai sót khi nhập điểm"})
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)
        self.assertEqual(self.state_of(self.commune), State.SUBMITTED)

    def test_an_unknown_action_is_not_found(self):
        self.assertEqual(self.client.get(self.url("delete")).status_code, 404)
