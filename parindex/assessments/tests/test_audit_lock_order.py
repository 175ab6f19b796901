"""The audit chain's head and the campaign's ranking lock are always taken in the same order (PostgreSQL, threads).

Every audited transaction holds the chain's head from its first entry to its commit. A save audits its score, then
re-ranks (the campaign's ranking lock); a recompute takes the ranking lock, then audits what changed. If re-ranking
took only the campaign row, the two would each hold what the other waits for, and PostgreSQL would abort one of them
with a deadlock. ``lock_ranking`` takes the head first, so the second one waits instead.
"""

import contextlib
import threading

from django.db import connection, transaction
from django.test import TransactionTestCase, skipUnlessDBFeature

from parindex.assessments.models import Campaign
from parindex.assessments.scoring import lock_ranking
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor, record
from parindex.tests.district import populate_district

ACTOR = Actor.command_line("test")


@skipUnlessDBFeature("has_select_for_update")
class AuditLockOrderTests(TransactionTestCase):
    def setUp(self):
        populate_district(self)
        self.errors: list[BaseException] = []
        self.both_started = threading.Barrier(2, timeout=3)

    def audit(self, campaign: Campaign, what: str) -> None:
        record(ACTOR, campaign.to_change(Action.CAMPAIGN_CHANGED, None, {"test": what}))

    def meet(self) -> None:
        """Wait for the other thread to hold its first lock; it may be waiting for ours instead (then go on)."""
        with contextlib.suppress(threading.BrokenBarrierError):
            self.both_started.wait()

    def in_thread(self, work):
        def target():
            try:
                with transaction.atomic():
                    work(Campaign.objects.get(pk=self.campaign.pk))
            except BaseException as exc:
                self.errors.append(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=target)
        thread.start()
        return thread

    def save_like(self, campaign: Campaign) -> None:
        self.audit(campaign, "score")  # the score's entry: the chain's head is this transaction's now
        self.meet()
        lock_ranking(campaign)
        self.audit(campaign, "result")

    def recompute_like(self, campaign: Campaign) -> None:
        lock_ranking(campaign)
        self.meet()
        self.audit(campaign, "results")

    def test_a_save_and_a_recompute_at_once_both_finish_without_a_deadlock(self):
        threads = [self.in_thread(self.recompute_like), self.in_thread(self.save_like)]
        for thread in threads:
            thread.join(timeout=30)
        self.assertFalse(any(thread.is_alive() for thread in threads))
        self.assertEqual(self.errors, [])
        written = AuditEntry.objects.filter(action=Action.CAMPAIGN_CHANGED, object_id=str(self.campaign.pk))
        self.assertEqual(sorted(entry.after["test"] for entry in written), ["result", "results", "score"])
        seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))  # one chain, no fork, no gap
