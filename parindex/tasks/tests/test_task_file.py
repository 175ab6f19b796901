"""A report's file is served by a view that checks rights: PDFs open in the browser, Office files download, and
nobody outside the task and the unit gets it."""

import io

from django.urls import reverse

from parindex.audit.services import Actor
from parindex.tasks import services as tasks
from parindex.tasks.tests.test_task_support import TaskTestCase
from parindex.tests.files import make_pdf, make_xlsx


class TaskFileTests(TaskTestCase):
    def url(self, report):
        return reverse("assignments:task-report-file", args=[self.task.pk, report.pk])

    def test_the_unit_and_the_office_open_the_pdf_in_the_browser(self):
        report = self.send()
        for person in (self.commune_officer, self.home_affairs, self.viewer):
            self.client.force_login(person)
            response = self.client.get(self.url(report))
            self.assertEqual(response.status_code, 200, person.username)
            self.assertEqual(b"".join(response.streaming_content), make_pdf())
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertTrue(response["Content-Disposition"].startswith("inline"))
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_a_workbook_downloads(self):
        report = tasks.send_report(
            self.part(),
            "completion",
            "Bảng tổng hợp",
            Actor.of(self.commune_officer),
            io.BytesIO(make_xlsx()),
            "th.xlsx",
        )
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url(report))
        self.assertTrue(response["Content-Disposition"].startswith("attachment"))
        self.assertIn("th.xlsx", response["Content-Disposition"])

    def test_people_outside_the_unit_and_the_office_get_404(self):
        report = self.send()
        for person in (self.other_officer, self.outsider):
            self.client.force_login(person)
            self.assertEqual(self.client.get(self.url(report)).status_code, 404, person.username)

    def test_a_coordinating_unit_does_not_get_the_lead_units_file(self):
        task = tasks.save_task(
            self.task_input(code="NV-2026-002", coordinating=(self.other_commune,), deadline=self.task.deadline),
            Actor.of(self.home_affairs),
        ).task
        self.task = task
        report = self.send()
        self.client.force_login(self.other_officer)
        self.assertEqual(self.client.get(self.url(report)).status_code, 404)

    def test_a_report_without_a_file_has_nothing_to_serve(self):
        report = self.send(kind="progress", with_file=False)
        self.client.force_login(self.home_affairs)
        self.assertEqual(self.client.get(self.url(report)).status_code, 404)
