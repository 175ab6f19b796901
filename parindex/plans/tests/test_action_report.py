"""Once the plan is accepted, the unit reports each action done with its evidence file; Home Affairs over the
campaign accepts the report (the action is completed when it was sent) or returns it with a reason."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.models import ActionReport
from parindex.plans.tests.plan_support import PublishedTestCase, pdf
from parindex.review import Review
from parindex.tests.files import make_exe, make_pdf


class ActionReportTests(PublishedTestCase):
    def setUp(self):
        super().setUp()
        self.plan = self.accepted_plan()
        self.action = self.plan.actions.get(criterion__code="1.2")
        self.url = reverse("plans:action-report", args=["c2021", "X-AN", self.action.pk])

    def post(self, person=None, content=None, name="ket-qua.pdf", text="Đã ban hành kế hoạch số 12/KH-UBND"):
        self.client.force_login(person or self.commune_officer)
        upload = SimpleUploadedFile(name, content or make_pdf())
        return self.client.post(self.url, {"text": text, "file": upload}, follow=True)

    def send(self, at=None):
        return plans.send_action_report(
            self.action, "Đã hoàn thành", pdf(), "ket-qua.pdf", Actor.of(self.commune_officer), now=at
        )

    def test_the_unit_reports_an_action_done_with_its_evidence(self):
        response = self.post()
        self.assertContains(response, "Báo cáo hoàn thành đã được gửi Phòng Nội vụ xem xét")
        report = ActionReport.objects.get()
        self.assertEqual((report.review, report.submitted_by), (Review.PENDING, self.commune_officer))
        entry = AuditEntry.objects.get(action=Action.PLAN_ACTION_REPORTED)
        self.assertEqual((entry.after["file"], entry.criterion_id), ("ket-qua.pdf", self.leaves["1.2"].pk))
        self.assertContains(response, "chờ xem xét")

    def test_a_file_that_is_not_what_it_says_is_refused(self):
        response = self.post(content=make_exe(), name="ket-qua.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ActionReport.objects.exists())

    def test_no_second_report_while_one_awaits_review(self):
        self.send()
        with self.assertRaisesMessage(plans.PlanRefused, "đang chờ xem xét"):
            self.send()

    def test_readers_open_the_evidence_and_another_commune_does_not(self):
        report = self.send()
        url = reverse("plans:report-file", args=["c2021", "X-AN", report.pk])
        for person in (self.commune_head, self.home_affairs, self.commune_viewer):
            self.client.force_login(person)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], "application/pdf")
        for person in (self.other_officer, self.appraiser):
            self.client.force_login(person)
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_an_accepted_report_completes_the_action_when_it_was_sent(self):
        sent = timezone.now() - timedelta(days=1)
        report = self.send(at=sent)
        self.client.force_login(self.home_affairs)
        url = reverse("plans:report-review", args=["c2021", "X-AN", report.pk])
        response = self.client.post(url, {"decision": "accept"}, follow=True)
        self.assertContains(response, "Hành động đã hoàn thành")
        self.action.refresh_from_db()
        self.assertEqual(self.action.completed_at, sent)
        self.assertContains(response, "Hoàn thành đúng hạn")
        self.assertTrue(AuditEntry.objects.filter(action=Action.PLAN_ACTION_REVIEWED).exists())

    def test_a_returned_report_says_why_and_the_unit_sends_another(self):
        report = self.send()
        url = reverse("plans:report-review", args=["c2021", "X-AN", report.pk])
        self.client.force_login(self.home_affairs)
        self.client.post(url, {"decision": "return", "note": ""})
        self.assertEqual(ActionReport.objects.get().review, Review.PENDING)
        self.client.post(url, {"decision": "return", "note": "Thiếu văn bản ban hành"})
        self.assertEqual(ActionReport.objects.get().review, Review.RETURNED)
        self.action.refresh_from_db()
        self.assertIsNone(self.action.completed_at)
        self.send()
        self.assertEqual(ActionReport.objects.count(), 2)

    def test_review_by_a_user_scoped_too_low_is_refused(self):
        report = self.send()
        url = reverse("plans:report-review", args=["c2021", "X-AN", report.pk])
        for person in (self.commune_home_affairs, self.viewer, self.commune_head):
            self.client.force_login(person)
            self.assertEqual(self.client.post(url, {"decision": "accept"}).status_code, 403)
        self.assertEqual(ActionReport.objects.get().review, Review.PENDING)

    def test_readers_cannot_report_for_the_unit(self):
        for person in (self.home_affairs, self.commune_viewer):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.other_officer)
        self.assertEqual(self.client.get(self.url).status_code, 404)


class DraftPlanReportTests(PublishedTestCase):
    def test_nothing_is_reported_before_the_plan_is_accepted(self):
        action = self.add()
        with self.assertRaisesMessage(plans.PlanRefused, "sau khi Phòng Nội vụ chấp nhận kế hoạch"):
            plans.send_action_report(action, "Đã xong", io.BytesIO(make_pdf()), "a.pdf", Actor.of(self.commune_head))
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("plans:plan", args=["c2021", "X-AN"]))
        self.assertNotContains(page, reverse("plans:action-report", args=["c2021", "X-AN", action.pk]))
