"""Reviewing a submission: only Home Affairs (or an administrator) over the unit accepts or returns it, a return needs
a note, and a refused post changes nothing."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.reports.tests.test_report_support import ReportTestCase
from parindex.review import Review


class ReviewTests(ReportTestCase):
    def setUp(self):
        super().setUp()
        self.submission = self.send(self.overdue, self.overdue.deadline)
        self.url = reverse("assignments:report-review", args=[self.overdue.pk, "X-AN", self.submission.pk])
        self.period_url = reverse("assignments:report-period", args=[self.overdue.pk])

    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(self.url, {"decision": "accept", "note": "", **data})

    def test_only_home_affairs_or_an_administrator_reviews(self):
        entries = self.audit_count()
        for user, status in [
            (self.commune_officer, 403),
            (self.commune_head, 403),
            (self.other_officer, 404),
            (self.appraiser, 403),
            (self.viewer, 403),
            (self.outsider, 404),
        ]:
            self.assertEqual(self.post(user).status_code, status, user.username)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.review, Review.PENDING)
        self.assertEqual(self.audit_count(), entries)
        admin = self.person("quantri", None, None, is_staff=True, is_superuser=True)
        self.assertRedirects(self.post(admin), self.period_url)
        self.submission.refresh_from_db()
        self.assertEqual((self.submission.review, self.submission.reviewed_by), (Review.ACCEPTED, admin))

    def test_a_review_is_only_posted(self):
        self.client.force_login(self.home_affairs)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_home_affairs_accepts_and_goes_back_to_the_period(self):
        response = self.post(self.home_affairs)
        self.assertRedirects(response, self.period_url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.period_url), "Xã An Bình: đã chấp nhận báo cáo.")
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.review, Review.ACCEPTED)
        self.assertEqual(AuditEntry.objects.get(action=Action.REPORT_REVIEWED).actor, self.home_affairs)

    def test_returning_without_a_note_is_refused_in_vietnamese(self):
        entries = self.audit_count()
        response = self.post(self.home_affairs, decision="return", note="  ")
        self.assertRedirects(response, self.period_url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.period_url), "Hãy nêu nội dung đơn vị cần sửa")
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.review, Review.PENDING)
        self.assertEqual(self.audit_count(), entries)

    def test_a_return_from_the_units_page_goes_back_there(self):
        unit_url = reverse("assignments:report-unit", args=[self.overdue.pk, "X-AN"])
        response = self.post(self.home_affairs, decision="return", note="Sai mẫu biểu", back="unit")
        self.assertRedirects(response, unit_url)
        self.submission.refresh_from_db()
        self.assertEqual((self.submission.review, self.submission.review_note), (Review.RETURNED, "Sai mẫu biểu"))

    def test_a_submission_of_another_unit_or_period_is_not_found(self):
        wrong = reverse("assignments:report-review", args=[self.upcoming.pk, "X-AN", self.submission.pk])
        self.client.force_login(self.home_affairs)
        self.assertEqual(self.client.post(wrong, {"decision": "accept"}).status_code, 404)
        wrong = reverse("assignments:report-review", args=[self.overdue.pk, "X-BINH", self.submission.pk])
        self.assertEqual(self.client.post(wrong, {"decision": "accept"}).status_code, 404)
