"""A task's history as people read it: who by their full name, units by their names, never codes."""

from django.urls import reverse

from parindex.audit.services import Actor
from parindex.tasks import services as tasks
from parindex.tasks.tests.test_task_support import TaskTestCase


class TaskHistoryTests(TaskTestCase):
    def test_people_and_units_are_named_in_full(self):
        self.commune_officer.first_name, self.commune_officer.last_name = "Phạm Thị", "Lan"
        self.commune_officer.save()
        self.home_affairs.first_name, self.home_affairs.last_name = "Nguyễn Thị", "Hoa"
        self.home_affairs.save()
        tasks.save_task(
            self.task_input(coordinating=(self.agency, self.other_commune), deadline=self.task.deadline),
            Actor.of(self.home_affairs),
            self.task,
            reason="Thêm xã Bình Minh phối hợp",
        )
        tasks.review_task_report(self.send(), True, "", Actor.of(self.home_affairs))
        self.client.force_login(self.home_affairs)
        page = self.client.get(reverse("assignments:task", args=[self.task.pk]))
        history = page.context["history"]
        self.assertEqual([item.who for item in history][-3:], ["Nguyễn Thị Hoa", "Phạm Thị Lan", "Nguyễn Thị Hoa"])
        self.assertContains(page, "Phòng Nội vụ; Xã Bình Minh")  # the coordinating units after the change
        self.assertContains(page, "NV-2026-001 / Xã An Bình")  # what the report entries are about
        history_html = page.content.decode().split("Lịch sử thay đổi", 1)[1]
        for code in ("X-AN", "X-BINH", "CQ-NV"):
            self.assertNotIn(code, history_html)
        self.assertNotIn("canbo.an", history_html)
