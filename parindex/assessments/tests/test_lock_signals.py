"""Locking and re-opening the results announce themselves inside their own transaction: the ratings app (which
assessments never imports) stores the head ratings with the lock and removes them with a re-opening, audited after
them; a receiver that fails rolls the lock or the re-opening back."""

from django.utils.translation import gettext

from parindex.assessments import lifecycle
from parindex.assessments.models import Assessment
from parindex.assessments.signals import results_locked, results_reopened
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.ratings.models import HeadRating
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import DistrictTestCase, calendar_over


def fail(sender, **kwargs):
    raise RuntimeError("disk full")


class LockSignalTests(DistrictTestCase):
    def setUp(self):
        self.manager = Actor.of(self.home_affairs)
        calendar_over(self.campaign)
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        self.campaign.rating_rules, _outcome = install_rule_set(rules, meta, self.manager)
        self.campaign.save()

    def failing(self, signal):
        signal.connect(fail, dispatch_uid="test_lock_signals.fail")
        self.addCleanup(signal.disconnect, dispatch_uid="test_lock_signals.fail")

    def test_the_head_ratings_are_stored_with_the_lock_after_its_entry_with_the_reason_of_the_lock(self):
        lifecycle.lock_results(self.campaign, self.manager, "QĐ 5/QĐ-UBND")
        locked = AuditEntry.objects.get(action=Action.RESULTS_LOCKED)
        rated = AuditEntry.objects.filter(action=Action.HEAD_RATED)
        self.assertEqual(HeadRating.objects.filter(campaign=self.campaign).count(), 2)
        self.assertEqual(
            sorted((e.unit_id, e.reason) for e in rated),
            sorted((unit.pk, gettext("results locked")) for unit in (self.commune, self.other_commune)),
        )
        self.assertTrue(all(e.id > locked.id for e in rated))

    def test_a_receiver_of_the_lock_that_fails_rolls_the_lock_back(self):
        self.failing(results_locked)
        with self.assertRaisesMessage(RuntimeError, "disk full"):
            lifecycle.lock_results(self.campaign, self.manager)
        self.campaign.refresh_from_db()
        self.assertTrue(self.campaign.is_open)
        self.assertFalse(AuditEntry.objects.filter(action=Action.RESULTS_LOCKED).exists())
        self.assertFalse(HeadRating.objects.exists())
        self.assertFalse(Assessment.objects.exclude(state_before_lock="").exists())

    def test_reopening_removes_the_head_ratings_after_its_entry_with_its_reason(self):
        lifecycle.lock_results(self.campaign, self.manager)
        lifecycle.reopen(self.campaign, self.manager, "QĐ 12/QĐ-UBND: chấm lại")
        reopened = AuditEntry.objects.get(action=Action.RESULTS_REOPENED)
        removed = AuditEntry.objects.filter(action=Action.HEAD_RATED, reason="QĐ 12/QĐ-UBND: chấm lại")
        self.assertFalse(HeadRating.objects.exists())
        self.assertEqual(sorted(e.unit_id for e in removed), sorted([self.commune.pk, self.other_commune.pk]))
        self.assertTrue(all(e.id > reopened.id and e.after is None for e in removed))

    def test_a_receiver_of_the_reopening_that_fails_rolls_the_reopening_back(self):
        lifecycle.lock_results(self.campaign, self.manager)
        self.failing(results_reopened)
        with self.assertRaisesMessage(RuntimeError, "disk full"):
            lifecycle.reopen(self.campaign, self.manager, "QĐ 12/QĐ-UBND: chấm lại")
        self.campaign.refresh_from_db()
        self.assertFalse(self.campaign.is_open)
        self.assertEqual(HeadRating.objects.count(), 2)
        self.assertFalse(AuditEntry.objects.filter(action=Action.RESULTS_REOPENED).exists())
