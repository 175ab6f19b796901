"""Every assigned-task page and action for every person: who gets it, and that everyone else gets 403 or 404, sees
nothing of the task, and changes nothing (the audit log stays as it was).

Set-up: the task of ``H`` with X-AN in charge and CQ-NV coordinating; X-AN has sent a completion report with a file.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.audit.models import AuditEntry
from parindex.tasks import services as tasks
from parindex.tasks.models import Task, TaskReport
from parindex.tasks.tests.test_task_support import TaskTestCase, xlsx_bytes
from parindex.tests.district import ACTOR

VIEWS = ("list", "task", "new", "edit", "import", "report", "review", "file")
# One line per person: the status of each view, in the order of VIEWS ("review" is a POST, the others GETs).
MATRIX = {
    "commune_officer": (200, 200, 403, 403, 403, 200, 403, 200),
    "commune_head": (200, 200, 403, 403, 403, 200, 403, 200),
    "other_officer": (200, 404, 403, 404, 403, 404, 404, 404),
    "appraiser": (200, 200, 403, 403, 403, 403, 403, 200),
    "idle_appraiser": (200, 200, 403, 403, 403, 403, 403, 200),
    "home_affairs": (200, 200, 200, 200, 200, 403, 302, 200),
    "viewer": (200, 200, 403, 403, 403, 403, 403, 200),
    "outsider": (403, 404, 403, 404, 403, 404, 404, 404),
}
POSTED = ("new", "edit", "import", "report", "review")


class TaskPermissionTests(TaskTestCase):
    def setUp(self):
        super().setUp()
        self.report = self.send()
        self.urls = {
            "list": reverse("assignments:tasks"),
            "task": reverse("assignments:task", args=[self.task.pk]),
            "new": reverse("assignments:task-new"),
            "edit": reverse("assignments:task-edit", args=[self.task.pk]),
            "import": reverse("assignments:task-import"),
            "report": reverse("assignments:task-report", args=[self.task.pk, "X-AN"]),
            "review": reverse("assignments:task-review", args=[self.task.pk, self.report.pk]),
            "file": reverse("assignments:task-report-file", args=[self.task.pk, self.report.pk]),
        }

    def valid_post(self, view):
        """Data each action would accept from someone allowed to use it."""
        task = {
            "code": "NV-2026-099",
            "document_number": "7/CV-UBND",
            "document_date": "2026-02-01",
            "issuer": self.district.pk,
            "content": "Báo cáo tình hình",
            "deadline": "2026-12-30T17:00",
            "lead": self.commune.pk,
        }
        return {
            "new": task,
            "edit": {**task, "code": "NV-2026-001", "reason": "Gia hạn"},
            "import": {
                "file": SimpleUploadedFile(
                    "ds.xlsx",
                    xlsx_bytes([["NV-9", "1/KH", "05/01/2026", "", "H", "Nội dung", "30/12/2026", "X-AN", ""]]),
                )
            },
            "report": {"kind": "progress", "text": "Đang thực hiện"},
            "review": {"decision": "accept"},
        }[view]

    def test_every_view_for_every_person(self):
        for name, statuses in MATRIX.items():
            person = getattr(self, name)
            self.client.force_login(person)
            for view, status in zip(VIEWS, statuses, strict=True):
                with self.subTest(person=name, view=view):
                    if view == "review":
                        response = self.client.post(self.urls[view], {})  # an empty form: refused or sent back
                    else:
                        response = self.client.get(self.urls[view])
                    self.assertEqual(response.status_code, status)
                    if status == 404:
                        self.assertNotIn("NV-2026-001", response.content.decode())
                        self.assertNotIn("rà soát 12 thủ tục", response.content.decode())

    def test_refused_posts_change_nothing(self):
        entries = AuditEntry.objects.count()
        for name, statuses in MATRIX.items():
            self.client.force_login(getattr(self, name))
            for view, status in zip(VIEWS, statuses, strict=True):
                if view not in POSTED or status not in (403, 404):
                    continue
                with self.subTest(person=name, view=view):
                    response = self.client.post(self.urls[view], self.valid_post(view))
                    self.assertEqual(response.status_code, status)
        self.assertEqual(AuditEntry.objects.count(), entries)
        self.assertEqual(Task.objects.count(), 1)
        self.assertEqual(TaskReport.objects.count(), 1)
        self.report.refresh_from_db()
        self.assertEqual(self.report.review, "pending")

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        for view, url in self.urls.items():
            with self.subTest(view=view):
                response = self.client.post(url) if view == "review" else self.client.get(url)
                self.assertRedirects(response, "/login/?next=" + url, fetch_redirect_response=False)

    def test_a_unit_officer_cannot_report_for_a_unit_of_the_same_task_that_is_not_theirs(self):
        self.client.force_login(self.commune_officer)
        url = reverse("assignments:task-report", args=[self.task.pk, "CQ-NV"])
        self.assertEqual(self.client.post(url, self.valid_post("report")).status_code, 404)

    def test_a_report_of_another_task_is_not_found_through_this_one(self):
        second = tasks.save_task(self.task_input(code="NV-2026-002"), ACTOR).task
        self.client.force_login(self.home_affairs)
        for name in ("assignments:task-report-file", "assignments:task-review"):
            url = reverse(name, args=[second.pk, self.report.pk])
            response = self.client.post(url, {"decision": "accept"}) if "review" in name else self.client.get(url)
            self.assertEqual(response.status_code, 404, name)
