"""A unit reports progress or completion on its part of a task: the first report starts it, files are checked by
their content and kept privately, every report is audited."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tasks import services as tasks
from parindex.tasks.models import TaskReport, TaskUnit
from parindex.tasks.tests.test_task_support import TaskTestCase
from parindex.tests.files import make_docx, make_exe, make_pdf


class TaskReportTests(TaskTestCase):
    def setUp(self):
        super().setUp()
        self.url = reverse("assignments:task-report", args=[self.task.pk, "X-AN"])

    def post(self, person=None, **data):
        self.client.force_login(person or self.commune_officer)
        return self.client.post(self.url, {"kind": "progress", "text": "Đã rà soát 5/12 thủ tục", **data}, follow=True)

    def test_the_report_page_shows_the_task_and_the_form(self):
        self.client.force_login(self.commune_head)
        response = self.client.get(self.url)
        self.assertContains(response, "NV-2026-001")
        self.assertContains(response, "tiến độ")
        self.assertContains(response, 'enctype="multipart/form-data"')

    def test_the_first_progress_report_starts_the_task_and_is_audited(self):
        response = self.post()
        self.assertRedirects(response, reverse("assignments:task", args=[self.task.pk]) + "#unit-X-AN")
        self.assertContains(response, "Đang thực hiện")
        part = self.part()
        self.assertIsNotNone(part.started_at)
        report = TaskReport.objects.get()
        self.assertEqual((report.kind, report.submitted_by, report.file.name), ("progress", self.commune_officer, ""))
        entry = AuditEntry.objects.get(action=Action.TASK_REPORTED)
        self.assertEqual(
            (entry.actor, entry.object_id, entry.unit_id), (self.commune_officer, str(report.pk), part.unit_id)
        )
        self.assertEqual(entry.after["text"], "Đã rà soát 5/12 thủ tục")

    def test_a_completion_report_with_a_real_pdf_is_stored_privately_and_awaits_review(self):
        upload = SimpleUploadedFile("Báo cáo kết quả.pdf", make_pdf())
        response = self.post(self.commune_head, kind="completion", file=upload)
        self.assertContains(response, "chờ")
        report = TaskReport.objects.get()
        self.assertEqual(report.review, "pending")
        self.assertIsNone(self.part().completed_at)
        self.assertEqual(len(self.stored_files()), 1)
        self.assertTrue(report.file.name.startswith("tasks/"))
        entry = AuditEntry.objects.get(action=Action.TASK_REPORTED)
        self.assertEqual((entry.after["kind"], entry.after["size"]), ("completion", len(make_pdf())))
        self.assertEqual(len(entry.after["sha256"]), 64)

    def test_a_renamed_program_is_refused_with_a_vietnamese_message_and_nothing_is_kept(self):
        entries = AuditEntry.objects.count()
        response = self.post(kind="completion", file=SimpleUploadedFile("baocao.pdf", make_exe()))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "baocao.pdf")
        self.assertContains(response, "chương trình")
        self.assertFalse(TaskReport.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(AuditEntry.objects.count(), entries)
        self.assertIsNone(self.part().started_at)

    def test_a_word_document_is_accepted_too(self):
        self.post(kind="completion", file=SimpleUploadedFile("ket-qua.docx", make_docx()))
        self.assertTrue(TaskReport.objects.get().file.name.endswith("ket-qua.docx"))

    def test_an_empty_report_is_refused(self):
        response = self.post(text="   ")
        self.assertContains(response, "Trường này là bắt buộc")
        self.assertFalse(TaskReport.objects.exists())

    def test_a_second_completion_report_waits_for_the_review_of_the_first(self):
        self.post(kind="completion")
        response = self.post(kind="completion")
        self.assertContains(response, "đang chờ")
        self.assertEqual(TaskReport.objects.count(), 1)

    def test_a_completed_part_offers_no_report_form_and_refuses_a_post(self):
        report = self.send()
        tasks.review_task_report(report, True, "", Actor.of(self.home_affairs))
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assignments:task", args=[self.task.pk]))
        self.assertNotContains(page, self.url)
        response = self.post()
        self.assertContains(response, "đã hoàn thành")
        self.assertEqual(TaskReport.objects.count(), 1)
        self.assertEqual(self.part().status(), TaskUnit.Status.DONE_ON_TIME)
