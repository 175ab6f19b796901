"""One unit's report page: what it shows, who sees it, who sends, on time or late, and refused files."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.reports.models import ReportSubmission
from parindex.reports.tests.test_report_support import ReportTestCase
from parindex.review import Review
from parindex.tests.files import make_docx, make_exe, make_pdf


class UnitReportPageTests(ReportTestCase):
    def url(self, period=None, code="X-AN"):
        return reverse("assignments:report-unit", args=[(period or self.upcoming).pk, code])

    def post_file(self, user, period=None, name="Báo cáo quý III.pdf", content=None, note="Kèm phụ lục"):
        self.client.force_login(user)
        upload = SimpleUploadedFile(name, make_pdf() if content is None else content)
        return self.client.post(self.url(period), {"file": upload, "note": note})

    def test_who_sees_a_units_report(self):
        for user, status in [
            (self.commune_officer, 200),
            (self.commune_head, 200),
            (self.other_officer, 404),
            (self.appraiser, 200),
            (self.home_affairs, 200),
            (self.viewer, 200),
            (self.outsider, 404),
        ]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url()).status_code, status, user.username)

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        response = self.client.get(self.url())
        self.assertRedirects(response, "/login/?next=" + self.url(), fetch_redirect_response=False)

    def test_a_unit_of_another_group_or_an_unknown_unit_is_not_found(self):
        self.client.force_login(self.home_affairs)
        self.assertEqual(self.client.get(self.url(code="CQ-NV")).status_code, 404)
        self.assertEqual(self.client.get(self.url(code="X-KHONG")).status_code, 404)

    def test_the_units_people_get_the_send_form_and_the_others_do_not(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url())
        self.assertContains(response, "Báo cáo CCHC quý III năm 2026")
        self.assertContains(response, "Chưa nộp")
        self.assertContains(response, 'type="file"')
        self.assertNotContains(response, "quá hạn")
        for user in (self.home_affairs, self.viewer, self.appraiser):
            self.client.force_login(user)
            self.assertNotContains(self.client.get(self.url()), 'type="file"', msg_prefix=user.username)

    def test_an_officer_sends_on_time(self):
        response = self.post_file(self.commune_officer)
        self.assertRedirects(response, self.url(), fetch_redirect_response=False)
        submission = ReportSubmission.objects.get()
        self.assertEqual((submission.unit, submission.submitted_by), (self.commune, self.commune_officer))
        self.assertEqual((submission.original_name, submission.note), ("Báo cáo quý III.pdf", "Kèm phụ lục"))
        page = self.client.get(self.url())
        self.assertContains(page, "Đã gửi báo cáo đến Phòng Nội vụ.")
        self.assertContains(page, "Nộp đúng hạn, chờ xem xét")
        self.assertContains(page, "Báo cáo quý III.pdf")
        self.assertContains(page, reverse("assignments:report-file", args=[self.upcoming.pk, "X-AN", submission.pk]))
        self.assertNotContains(page, 'type="file"')  # awaiting review: nothing more to send
        self.assertContains(page, "chờ Phòng Nội vụ xem xét")

    def test_past_the_deadline_the_page_warns_before_sending_and_the_report_counts_as_late(self):
        self.client.force_login(self.commune_head)
        page = self.client.get(self.url(self.overdue))
        self.assertContains(page, "Chưa nộp, đã quá hạn")
        self.assertContains(page, "báo cáo gửi bây giờ được tính là nộp muộn")
        response = self.post_file(self.commune_head, self.overdue, name="bc.docx", content=make_docx())
        self.assertRedirects(response, self.url(self.overdue), fetch_redirect_response=False)
        page = self.client.get(self.url(self.overdue))
        self.assertContains(page, "Báo cáo gửi sau hạn nên được tính là nộp muộn.")
        self.assertContains(page, "Nộp muộn, chờ xem xét")
        self.assertTrue(AuditEntry.objects.get(action=Action.REPORT_SUBMITTED).after["late"])

    def test_a_returned_report_is_shown_with_the_note_and_can_be_sent_again(self):
        first = self.send(self.upcoming, self.upcoming.deadline - timedelta(days=3))
        self.review(first, accept=False, note="Thiếu biểu số liệu")
        self.client.force_login(self.commune_officer)
        page = self.client.get(self.url())
        self.assertContains(page, "Thiếu biểu số liệu")
        self.assertContains(page, "Bị trả lại, chờ gửi lại")
        self.assertContains(page, "Gửi lại báo cáo đã sửa")
        self.assertRedirects(self.post_file(self.commune_officer), self.url())
        self.assertEqual(ReportSubmission.objects.filter(review=Review.PENDING).count(), 1)

    def test_a_program_renamed_pdf_is_refused_in_vietnamese_and_nothing_is_stored(self):
        entries = self.audit_count()
        response = self.post_file(self.commune_officer, name="baocao.pdf", content=make_exe())
        self.assertContains(response, "Tệp “baocao.pdf” không phải là tệp PDF", status_code=400)
        self.assertContains(response, "một chương trình (EXE)", status_code=400)
        self.assertFalse(ReportSubmission.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(self.audit_count(), entries)

    def test_a_file_is_required(self):
        self.client.force_login(self.commune_officer)
        response = self.client.post(self.url(), {"note": "quên tệp"})
        self.assertContains(response, "Trường này là bắt buộc", status_code=400)
        self.assertFalse(ReportSubmission.objects.exists())

    def test_a_second_send_while_one_awaits_review_is_refused(self):
        self.send(self.upcoming, self.upcoming.deadline - timedelta(days=1))
        entries = self.audit_count()
        self.assertRedirects(self.post_file(self.commune_officer), self.url())
        self.assertContains(self.client.get(self.url()), "chờ Phòng Nội vụ xem xét")
        self.assertEqual(ReportSubmission.objects.count(), 1)
        self.assertEqual(self.audit_count(), entries)
        self.assertEqual(len(self.stored_files()), 1)

    def test_only_the_units_officer_or_head_may_send(self):
        entries = self.audit_count()
        for user, status in [
            (self.other_officer, 404),
            (self.appraiser, 403),
            (self.home_affairs, 403),
            (self.viewer, 403),
            (self.outsider, 404),
        ]:
            self.assertEqual(self.post_file(user).status_code, status, user.username)
        self.assertFalse(ReportSubmission.objects.exists())
        self.assertEqual(self.audit_count(), entries)
        self.assertEqual(self.stored_files(), [])
        self.client.logout()
        self.client.post(self.url(), {"file": SimpleUploadedFile("a.pdf", make_pdf())})
        self.assertFalse(ReportSubmission.objects.exists())
        for user in (self.commune_officer, self.commune_head):
            ReportSubmission.objects.all().delete()
            self.assertEqual(self.post_file(user).status_code, 302, user.username)
            self.assertEqual(ReportSubmission.objects.get().submitted_by, user)
