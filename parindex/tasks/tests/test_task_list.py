"""The register of assigned tasks: who sees which tasks, overdue ones first and red, filters, and a fixed number of
queries whatever the number of tasks."""

import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parindex.tasks import services as tasks
from parindex.tasks.tests.test_task_support import TaskTestCase, local
from parindex.tests.district import ACTOR

LIST = reverse("assignments:tasks")


class TaskListTests(TaskTestCase):
    def setUp(self):
        super().setUp()
        tasks.save_task(
            self.task_input(
                code="NV-BINH",
                lead=self.other_commune,
                coordinating=(),
                content="Việc của xã Bình Minh",
                deadline=self.task.deadline,
            ),
            ACTOR,
        )
        past = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0) - timedelta(days=10)
        tasks.save_task(self.task_input(code="NV-TRE", deadline=past, coordinating=()), ACTOR)

    def get(self, person, query=""):
        self.client.force_login(person)
        return self.client.get(LIST + query)

    def codes(self, response):
        return re.findall(r'data-task="([^"]+)"', response.content.decode())

    def test_unit_people_see_their_units_tasks_only(self):
        for person in (self.commune_officer, self.commune_head):
            self.assertEqual(sorted(self.codes(self.get(person))), ["NV-2026-001", "NV-TRE"], person.username)
        self.assertEqual(self.codes(self.get(self.other_officer)), ["NV-BINH"])

    def test_the_assigning_office_leaders_and_appraisers_see_every_task_in_their_scope(self):
        for person in (self.home_affairs, self.viewer, self.appraiser):
            self.assertEqual(sorted(self.codes(self.get(person))), ["NV-2026-001", "NV-BINH", "NV-TRE"])

    def test_overdue_tasks_come_first_in_red_with_a_warning(self):
        response = self.get(self.home_affairs)
        self.assertEqual(self.codes(response)[0], "NV-TRE")
        self.assertContains(response, '<tr class="st-missed" data-task="NV-TRE">', html=False)
        self.assertContains(response, "1 nhiệm vụ quá hạn")
        self.assertContains(response, "Quá hạn chưa hoàn thành")
        self.assertNotContains(self.get(self.other_officer), "st-missed")

    def test_each_task_lists_its_units_with_their_status(self):
        response = self.get(self.home_affairs)
        self.assertContains(response, "Xã An Bình")
        self.assertContains(response, "Phòng Nội vụ")
        self.assertContains(response, "Chưa thực hiện")
        self.assertContains(response, "05/01/2026")

    def test_it_filters_by_status_and_by_year(self):
        self.assertEqual(self.codes(self.get(self.home_affairs, "?status=overdue")), ["NV-TRE"])
        last_year = self.task_input(code="NV-2025", document_date=date(2025, 1, 5), deadline=local("30/06/2025 17:00"))
        tasks.save_task(last_year, ACTOR)
        self.assertEqual(self.codes(self.get(self.home_affairs, "?year=2025")), ["NV-2025"])
        self.assertIn("NV-2025", self.codes(self.get(self.home_affairs, "?status=overdue")))
        self.assertEqual(self.get(self.home_affairs, "?year=abc").status_code, 200)

    def test_the_register_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        with CaptureQueriesContext(connection) as few:
            self.client.get(LIST)
        for i in range(30):
            tasks.save_task(
                self.task_input(code=f"NV-{i:03d}", coordinating=(self.agency, self.other_commune)),
                ACTOR,
                refresh_figures=False,
            )
        # session, user, memberships, the years of the deadlines, the tasks with their issuer, their units
        with self.assertNumQueries(6):
            response = self.client.get(LIST)
        self.assertEqual(len(self.codes(response)), 33)
        self.assertEqual(len(few), 6)
