"""No save lands after the lock: saves and the lock serialise on the units' assessment rows (PostgreSQL, threads).

Each test holds one side inside its transaction at the worst moment (a save that has written its score but not yet
re-ranked; a lock that has taken the rows but not yet finished) and runs the other side meanwhile.
"""

import threading
from datetime import datetime
from unittest.mock import patch
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.test import TransactionTestCase, skipUnlessDBFeature

from parindex.assessments import appraisal, lifecycle, scoring, workflow
from parindex.assessments.models import Campaign, Score
from parindex.assessments.workflow import NotAllowed
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import populate_district

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DURING_SELF = datetime(2026, 12, 1, 10, 0, tzinfo=VN)
AFTER_ROUNDS = datetime(2026, 12, 28, 9, 0, tzinfo=VN)


@skipUnlessDBFeature("has_select_for_update")
class LockRaceTests(TransactionTestCase):
    def setUp(self):
        populate_district(self)
        campaign = self.campaign
        campaign.self_opens_at = datetime(2026, 11, 1, 7, 30, tzinfo=VN)
        campaign.self_closes_at = datetime(2026, 12, 4, 17, 0, tzinfo=VN)
        campaign.round1_ends_at = datetime(2026, 12, 11, 17, 0, tzinfo=VN)
        campaign.round2_ends_at = datetime(2026, 12, 23, 17, 0, tzinfo=VN)
        campaign.save()
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        with patch("django.utils.timezone.now", return_value=DURING_SELF):
            officer = Actor.of(self.commune_officer)
            workflow.save_self_score(campaign, self.commune, self.leaf["2.2"], "1", False, officer)
            workflow.submit(campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.errors: list[BaseException] = []
        clock = patch("django.utils.timezone.now", return_value=AFTER_ROUNDS)  # for both threads, set once here
        clock.start()
        self.addCleanup(clock.stop)

    def run_in_thread(self, work):
        def target():
            try:
                work()
            except BaseException as exc:
                self.errors.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=target)
        thread.start()
        return thread

    def appraise(self, points):
        campaign = Campaign.objects.get(pk=self.campaign.pk)  # the page's copy, read before the lock
        appraisal.appraise(
            campaign, self.commune, self.leaf["2.2"], points, False, "Đối chiếu hồ sơ", Actor.of(self.appraiser)
        )

    def lock(self):
        lifecycle.lock_results(Campaign.objects.get(pk=self.campaign.pk), Actor.of(self.home_affairs))

    def assert_the_locked_results_agree_with_the_scores(self):
        with transaction.atomic():  # what `recompute --dry-run` does: recompute, compare, roll back
            done = scoring.recompute_campaign(Campaign.objects.get(pk=self.campaign.pk), Actor.command_line("test"))
            transaction.set_rollback(True)
        self.assertEqual(done.changed, 0)
        locked = AuditEntry.objects.get(action=Action.RESULTS_LOCKED)
        late = AuditEntry.objects.filter(
            campaign_id=self.campaign.pk, action__in=[Action.SCORE_APPRAISED, Action.SCORE_SELF], pk__gt=locked.pk
        )
        self.assertFalse(late.exists(), [e.after for e in late])

    def test_a_save_in_flight_finishes_before_the_lock_reads_the_scores(self):
        saving, release = threading.Event(), threading.Event()
        real = scoring.recompute_unit

        def slow_recompute(*args, **kwargs):
            saving.set()  # the score row is written, the unit's assessment row is held
            release.wait(5)
            return real(*args, **kwargs)

        with patch("parindex.assessments.services.recompute_unit", slow_recompute):
            saver = self.run_in_thread(lambda: self.appraise("1.5"))
            self.assertTrue(saving.wait(10))
            locker = self.run_in_thread(self.lock)
            locker.join(0.5)
            self.assertTrue(locker.is_alive(), "the lock must wait for the save that holds the unit's row")
            release.set()
            saver.join(10)
            locker.join(10)
        self.assertEqual(self.errors, [])
        score = Score.objects.get(campaign=self.campaign, unit=self.commune, criterion=self.leaf["2.2"])
        self.assertEqual(str(score.final_score), "1.50")
        self.assertEqual(Campaign.objects.get(pk=self.campaign.pk).status, Campaign.Status.LOCKED)
        self.assert_the_locked_results_agree_with_the_scores()

    def test_a_save_that_arrives_during_the_lock_waits_then_is_refused(self):
        locking, release = threading.Event(), threading.Event()
        real = lifecycle.lock_blockers

        def slow_blockers(*args, **kwargs):
            locking.set()  # every unit's row is held by the lock
            release.wait(5)
            return real(*args, **kwargs)

        with patch("parindex.assessments.lifecycle.lock_blockers", slow_blockers):
            locker = self.run_in_thread(self.lock)
            self.assertTrue(locking.wait(10))
            saver = self.run_in_thread(lambda: self.appraise("0.5"))
            saver.join(0.5)
            self.assertTrue(saver.is_alive(), "the save must wait for the lock")
            release.set()
            locker.join(10)
            saver.join(10)
        self.assertEqual([type(e) for e in self.errors], [NotAllowed])
        score = Score.objects.get(campaign=self.campaign, unit=self.commune, criterion=self.leaf["2.2"])
        self.assertEqual(str(score.final_score), "1.00")
        self.assert_the_locked_results_agree_with_the_scores()
