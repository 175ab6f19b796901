"""parindex send-reminders with time frozen: the expected reminders on the expected days (a Friday 17:00 deadline,
weekends skipped), to the expected people (escalating to the head, then the leadership), never twice."""

import io
import threading
from datetime import datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, skipUnlessDBFeature

from parindex.deadlines.models import Reminder
from parindex.deadlines.services import claim, plan, reminder_counts, send_due
from parindex.tasks.models import Task, TaskUnit
from parindex.tests.district import DistrictTestCase, populate_district

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text):
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def make_task(case, due="04/12/2026 17:00", unit=None, code="NV-01"):
    task = Task.objects.create(
        code=code,
        document_number="12/KH-UBND",
        document_date=at("20/11/2026 00:00").date(),
        issuer=case.district,
        content="Báo cáo kết quả rà soát thủ tục hành chính",
        deadline=at(due),
    )
    return TaskUnit.objects.create(task=task, unit=unit or case.commune)


def run_worker(start, end, every=timedelta(hours=4)):
    """A worker polling every few hours between two moments, as ``send-reminders --loop`` would."""
    now = start
    while now <= end:
        plan(now)
        send_due(now)
        now += every


class ScheduleTests(DistrictTestCase):
    def setUp(self):
        for user in (self.commune_officer, self.commune_head, self.viewer):
            user.email = f"{user.username}@example.vn"
            user.save()
        self.part = make_task(self)

    def sent(self):
        rows = Reminder.objects.filter(sent_at__isnull=False).order_by("step", "recipient__username")
        by_step: dict[int, tuple[str, str, list[str]]] = {}
        for r in rows:
            when = r.sent_at.astimezone(VN).strftime("%a %d/%m %H:%M")
            by_step.setdefault(r.step, (when, r.level, []))[2].append(r.recipient.username)
        return by_step

    def test_the_worker_sends_exactly_the_expected_reminders_on_the_expected_days(self):
        run_worker(at("20/11/2026 00:00"), at("24/12/2026 00:00"))
        got = self.sent()
        unit = ["canbo.an", "chutich.an"]
        self.assertEqual(
            got,
            {
                1: ("Fri 27/11 08:00", "unit", unit),
                2: ("Wed 02/12 08:00", "unit", unit),
                3: ("Fri 04/12 08:00", "unit", unit),
                4: ("Mon 07/12 08:00", "unit", unit),
                5: ("Wed 09/12 08:00", "unit", unit),
                6: ("Fri 11/12 08:00", "unit", unit),
                7: ("Mon 14/12 08:00", "head", ["chutich.an"]),
                8: ("Wed 16/12 08:00", "leadership", ["chutich.an", "lanhdao"]),
                9: ("Fri 18/12 08:00", "leadership", ["chutich.an", "lanhdao"]),
                10: ("Mon 21/12 08:00", "leadership", ["chutich.an", "lanhdao"]),
                11: ("Wed 23/12 08:00", "leadership", ["chutich.an", "lanhdao"]),
            },
        )
        self.assertEqual(len(mail.outbox), Reminder.objects.filter(sent_at__isnull=False).count())
        self.assertTrue(mail.outbox[0].subject.startswith("[Chỉ số CCHC] Nhắc việc: Nhiệm vụ NV-01"))
        self.assertTrue(mail.outbox[-1].subject.startswith("[Chỉ số CCHC] Quá hạn:"))
        self.assertEqual(reminder_counts([("task", str(self.part.pk))]), {("task", str(self.part.pk)): 11})

    def test_a_completed_task_is_not_reminded_any_more(self):
        run_worker(at("20/11/2026 00:00"), at("03/12/2026 00:00"))
        self.part.completed_at = at("03/12/2026 10:00")
        self.part.save()
        run_worker(at("03/12/2026 04:00"), at("24/12/2026 00:00"))
        self.assertEqual(sorted(self.sent()), [1, 2])

    def test_a_reminder_planned_before_the_task_was_done_is_cancelled_not_sent(self):
        plan(at("04/12/2026 07:30"))
        self.part.completed_at = at("04/12/2026 07:45")
        self.part.save()
        outcome = send_due(at("04/12/2026 08:00"))
        self.assertEqual((outcome.sent, outcome.cancelled), (0, 2))

    def test_reminders_missed_long_ago_are_not_sent_in_a_burst(self):
        # The worker was down until 12/12 noon: reminders 1 to 6 (the last on 11/12 08:00) are more than a day old.
        run_worker(at("12/12/2026 12:00"), at("12/12/2026 12:00"))
        self.assertEqual(sorted(self.sent()), [])
        run_worker(at("14/12/2026 08:00"), at("14/12/2026 08:00"))
        self.assertEqual(sorted(self.sent()), [7])

    def test_a_reminder_is_claimed_by_one_worker_only(self):
        plan(at("27/11/2026 08:00"))
        pk = Reminder.objects.first().pk
        self.assertTrue(claim(pk, at("27/11/2026 08:00")))
        self.assertFalse(claim(pk, at("27/11/2026 08:00")))
        send_due(at("27/11/2026 08:01"))
        send_due(at("27/11/2026 08:02"))
        self.assertEqual(Reminder.objects.filter(sent_at__isnull=False).count(), 1)

    def test_a_unit_with_nobody_to_reach_is_still_recorded_as_reminded(self):
        make_task(self, unit=self.agency, code="NV-02")
        plan(at("27/11/2026 08:00"))
        send_due(at("27/11/2026 08:00"))
        row = Reminder.objects.get(unit=self.agency)
        self.assertIsNone(row.recipient)
        self.assertIsNotNone(row.sent_at)

    def test_the_command_sends_and_a_dry_run_sends_nothing(self):
        # Friday 04/12, an hour after the 08:00 slot of a task due at 17:00 that day: the reminder of the day is due.
        with patch("django.utils.timezone.now", return_value=at("04/12/2026 09:00")):
            out = io.StringIO()
            call_command("send_reminders", "--dry-run", stdout=out)
            self.assertIn("2 nhắc nhở đến hạn", out.getvalue())  # the officer and the head
            self.assertFalse(Reminder.objects.exists())
            call_command("send_reminders", stdout=out)
        self.assertEqual(
            sorted(Reminder.objects.filter(sent_at__isnull=False).values_list("recipient__username", flat=True)),
            ["canbo.an", "chutich.an"],
        )

    def test_the_command_sends_nothing_on_a_sunday_and_the_next_reminder_goes_on_its_working_day(self):
        # Sunday 29/11/2026 (the day this test once failed on the wall clock): no slot that day; the next is
        # "2 days before", Wednesday 02/12 at 08:00.
        with patch("django.utils.timezone.now", return_value=at("29/11/2026 10:00")):
            out = io.StringIO()
            call_command("send_reminders", "--dry-run", stdout=out)
        self.assertIn("0 nhắc nhở đến hạn", out.getvalue())
        with patch("django.utils.timezone.now", return_value=at("02/12/2026 09:00")):
            call_command("send_reminders", stdout=io.StringIO())
        self.assertTrue(Reminder.objects.filter(sent_at__isnull=False).exists())


@skipUnlessDBFeature("has_select_for_update")
class TwoWorkersTests(TransactionTestCase):
    """Two workers at once, on a real database server: every reminder goes out once."""

    def setUp(self):
        populate_district(self)
        self.part = make_task(self)

    def test_two_workers_running_at_once_never_send_the_same_reminder(self):
        plan(at("04/12/2026 08:00"))
        results = []

        def worker():
            try:
                results.append(send_due(at("04/12/2026 08:00")).sent)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = Reminder.objects.filter(sent_at__isnull=False).count()
        self.assertEqual(sum(results), total)
        self.assertEqual(total, Reminder.objects.count())
