"""A submitted report's file: served only to those who may see the unit's report, never to others."""

from django.urls import reverse

from parindex.reports.tests.test_report_support import ReportTestCase
from parindex.tests.files import make_pdf


class ReportFileTests(ReportTestCase):
    def setUp(self):
        super().setUp()
        self.submission = self.send(self.overdue, self.overdue.deadline, name="Báo cáo quý I.pdf")
        self.url = reverse("assignments:report-file", args=[self.overdue.pk, "X-AN", self.submission.pk])

    def test_who_downloads_the_file(self):
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
            response = self.client.get(self.url)
            self.assertEqual(response.status_code, status, user.username)
            if status == 200:
                self.assertEqual(b"".join(response.streaming_content), make_pdf())

    def test_a_pdf_opens_in_the_browser_under_its_own_name_and_is_not_cached(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("inline", response["Content-Disposition"])
        self.assertIn("B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20I.pdf", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("no-store", response["Cache-Control"])

    def test_the_file_is_not_found_under_another_unit_or_period(self):
        self.client.force_login(self.home_affairs)
        for args in ([self.overdue.pk, "X-BINH", self.submission.pk], [self.upcoming.pk, "X-AN", self.submission.pk]):
            self.assertEqual(self.client.get(reverse("assignments:report-file", args=args)).status_code, 404)
