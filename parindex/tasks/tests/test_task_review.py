"""The assigning office accepts or returns a completion report: accepted, the unit's part is completed as of the
day the report was sent (on time even when accepted after the deadline); returned, nothing is completed and the
unit sends a new one."""

from datetime import timedelta

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.review import Review
from parindex.tasks.models import TaskReport, TaskUnit
from parindex.tasks.tests.test_task_support import TaskTestCase


class TaskReviewTests(TaskTestCase):
    def setUp(self):
        super().setUp()
        self.report = self.send()

    def review(self, person=None, **data):
        self.client.force_login(person or self.home_affairs)
        url = reverse("assignments:task-review", args=[self.task.pk, self.report.pk])
        return self.client.post(url, data, follow=True)

    def test_an_accepted_report_completes_the_part_as_of_its_sending_even_after_the_deadline(self):
        # The report was sent an hour before the deadline, and the office reviews it now, days after the deadline.
        sent = self.report.submitted_at - timedelta(days=40)
        TaskReport.objects.filter(pk=self.report.pk).update(submitted_at=sent)
        self.task.deadline = sent + timedelta(hours=1)
        self.task.save()
        response = self.review(decision="accept", note="Đạt yêu cầu")
        self.assertContains(response, "được chấp nhận")
        part = self.part()
        self.assertEqual(part.completed_at, sent)
        self.assertEqual(part.status(), TaskUnit.Status.DONE_ON_TIME)
        self.assertContains(response, "Hoàn thành đúng hạn")
        self.report.refresh_from_db()
        self.assertEqual((self.report.review, self.report.reviewed_by), (Review.ACCEPTED, self.home_affairs))
        entry = AuditEntry.objects.get(action=Action.TASK_REVIEWED)
        self.assertEqual((entry.before["review"], entry.after["review"]), ("pending", "accepted"))
        self.assertEqual(entry.reason, "Đạt yêu cầu")

    def test_a_report_sent_after_the_deadline_is_completed_late(self):
        self.task.deadline = self.report.submitted_at - timedelta(days=1)
        self.task.save()
        self.review(decision="accept")
        self.assertEqual(self.part().status(), TaskUnit.Status.DONE_LATE)

    def test_a_returned_report_completes_nothing_and_the_unit_sends_a_new_one(self):
        response = self.review(decision="return", note="Thiếu phụ lục danh mục thủ tục")
        self.assertContains(response, "trả lại")
        self.assertIsNone(self.part().completed_at)
        self.report.refresh_from_db()
        self.assertEqual(
            (self.report.review, self.report.review_note), (Review.RETURNED, "Thiếu phụ lục danh mục thủ tục")
        )
        self.assertEqual(AuditEntry.objects.get(action=Action.TASK_REVIEWED).reason, "Thiếu phụ lục danh mục thủ tục")
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assignments:task", args=[self.task.pk]))
        self.assertContains(page, "Thiếu phụ lục danh mục thủ tục")
        url = reverse("assignments:task-report", args=[self.task.pk, "X-AN"])
        self.client.post(url, {"kind": "completion", "text": "Bổ sung phụ lục"})
        self.assertEqual(self.part().reports.filter(review=Review.PENDING).count(), 1)

    def test_returning_without_a_note_is_refused_in_vietnamese(self):
        entries = AuditEntry.objects.count()
        response = self.review(decision="return", note=" ")
        self.assertContains(response, "Nêu lý do trả lại")
        self.report.refresh_from_db()
        self.assertEqual(self.report.review, Review.PENDING)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_a_report_is_reviewed_once(self):
        self.review(decision="accept")
        response = self.review(decision="return", note="Nhầm")
        self.assertContains(response, "đã được xem xét")
        self.report.refresh_from_db()
        self.assertEqual(self.report.review, Review.ACCEPTED)

    def test_a_progress_report_is_not_reviewed(self):
        progress = self.send(kind="progress", with_file=False)
        self.client.force_login(self.home_affairs)
        url = reverse("assignments:task-review", args=[self.task.pk, progress.pk])
        self.client.post(url, {"decision": "accept"})
        progress.refresh_from_db()
        self.assertEqual(progress.review, Review.PENDING)
        self.assertIsNone(self.part().completed_at)
