"""A task's page: its source document, each unit's status and reports, the forms each person may use, and the
history of who changed what, when and why."""

from django.urls import reverse
from django.utils import timezone

from parindex.audit.services import Actor
from parindex.tasks import services as tasks
from parindex.tasks.tests.test_task_support import TaskTestCase
from parindex.tests.district import ACTOR


class TaskPageTests(TaskTestCase):
    def setUp(self):
        super().setUp()
        self.url = reverse("assignments:task", args=[self.task.pk])

    def get(self, person):
        self.client.force_login(person)
        return self.client.get(self.url)

    def test_it_shows_the_source_document_content_deadline_and_units(self):
        response = self.get(self.viewer)
        for text in (
            "125/KH-UBND",
            "05/01/2026",
            "Nguyễn Văn An",
            "UBND huyện Thanh Giang",
            "Rà soát, đơn giản hóa thủ tục hành chính",
            timezone.localtime(self.task.deadline).strftime("17:00 %d/%m/%Y"),
            "Xã An Bình",
            "Phòng Nội vụ",
            "(chủ trì)",
            "(phối hợp)",
            "Chưa thực hiện",
        ):
            self.assertContains(response, text)

    def test_the_unit_sees_its_report_form_the_office_its_review_form_a_viewer_neither(self):
        report_url = reverse("assignments:task-report", args=[self.task.pk, "X-AN"])
        self.send()
        review_url = reverse("assignments:task-review", args=[self.task.pk, self.part().reports.get().pk])
        officer = self.get(self.commune_officer)
        self.assertContains(officer, report_url)
        self.assertNotContains(officer, review_url)
        self.assertContains(officer, "đang chờ")  # the completion report awaits review
        office = self.get(self.home_affairs)
        self.assertContains(office, review_url)
        self.assertNotContains(office, report_url)
        viewer = self.get(self.viewer)
        self.assertNotContains(viewer, report_url)
        self.assertNotContains(viewer, review_url)
        self.assertNotContains(viewer, reverse("assignments:task-edit", args=[self.task.pk]))

    def test_reports_show_with_their_files_and_reviews(self):
        report = self.send()
        tasks.review_task_report(report, False, "Thiếu phụ lục danh mục thủ tục", Actor.of(self.home_affairs))
        response = self.get(self.commune_head)
        self.assertContains(response, "Đã hoàn thành rà soát 12 thủ tục")
        self.assertContains(response, reverse("assignments:task-report-file", args=[self.task.pk, report.pk]))
        self.assertContains(response, "bị trả lại")
        self.assertContains(response, "Thiếu phụ lục danh mục thủ tục")
        self.assertContains(response, "canbo.an")

    def test_a_coordinating_unit_sees_the_lead_units_status_but_not_its_reports(self):
        task = tasks.save_task(
            self.task_input(code="NV-2026-002", coordinating=(self.other_commune,), deadline=self.task.deadline), ACTOR
        ).task
        tasks.send_report(
            self.part(task=task), "progress", "Nội dung riêng của xã An Bình", Actor.of(self.commune_head)
        )
        self.client.force_login(self.other_officer)
        response = self.client.get(reverse("assignments:task", args=[task.pk]))
        self.assertContains(response, "Xã An Bình")
        self.assertContains(response, "Đang thực hiện")
        self.assertNotContains(response, "Nội dung riêng của xã An Bình")
        self.assertContains(response, reverse("assignments:task-report", args=[task.pk, "X-BINH"]))

    def test_the_history_shows_who_changed_what_when_and_why(self):
        self.client.force_login(self.home_affairs)
        data = {
            "code": "NV-2026-001",
            "document_number": "125/KH-UBND",
            "document_date": "2026-01-05",
            "signer": "Nguyễn Văn An",
            "issuer": self.district.pk,
            "content": self.task.content,
            "deadline": "2026-12-31T17:00",
            "lead": self.commune.pk,
            "coordinating": [self.agency.pk],
            "reason": "Gia hạn theo Công văn 45/UBND-NV",
        }
        self.client.post(reverse("assignments:task-edit", args=[self.task.pk]), data)
        report = self.send()
        tasks.review_task_report(report, True, "", Actor.of(self.home_affairs))
        response = self.get(self.commune_officer)
        self.assertContains(response, "Lịch sử thay đổi")
        self.assertContains(response, "noivu")
        self.assertContains(response, "Hạn hoàn thành")
        self.assertContains(response, "17:00 31/12/2026")
        self.assertContains(response, "Gia hạn theo Công văn 45/UBND-NV")
        self.assertContains(response, "canbo.an")
        self.assertContains(response, "đã chấp nhận")
        history = [item.entry.action for item in response.context["history"]]
        self.assertEqual(history, ["task.changed", "task.changed", "task.reported", "task.reviewed"])

    def test_the_history_leaves_out_reports_the_person_may_not_read(self):
        task = tasks.save_task(
            self.task_input(code="NV-2026-002", coordinating=(self.other_commune,), deadline=self.task.deadline), ACTOR
        ).task
        tasks.send_report(
            self.part(task=task), "progress", "Nội dung riêng của xã An Bình", Actor.of(self.commune_head)
        )
        self.client.force_login(self.other_officer)
        response = self.client.get(reverse("assignments:task", args=[task.pk]))
        self.assertEqual([item.entry.action for item in response.context["history"]], ["task.changed"])
