"""The deadline board of Home Affairs and a unit's to-do list: overdue first, with the reminders sent."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from parindex.deadlines.models import Reminder
from parindex.tasks.models import Task, TaskUnit
from parindex.tests.district import DistrictTestCase

BOARD = reverse("assignments:board")


class BoardTests(DistrictTestCase):
    def setUp(self):
        now = timezone.now()
        self.late = self.task("NV-TRE", now - timedelta(days=5), self.commune)
        self.soon = self.task("NV-SAP", now + timedelta(days=3), self.other_commune)
        self.task("NV-XA", now + timedelta(days=30), self.commune)
        Reminder.objects.create(  # a unit nobody can be reached at is recorded as reminded all the same
            kind="task",
            object_key=str(self.soon.pk),
            unit=self.other_commune,
            subject="NV-SAP",
            deadline=now,
            step=1,
            level="unit",
            recipient=None,
            due_at=now,
            sent_at=now,
        )
        for step in (1, 2, 3, 4):
            Reminder.objects.create(
                kind="task",
                object_key=str(self.late.pk),
                unit=self.commune,
                subject="NV-TRE",
                deadline=now,
                step=step,
                level="unit",
                recipient=self.commune_officer,
                due_at=now,
                sent_at=now,
            )

    def task(self, code, deadline, unit):
        task = Task.objects.create(
            code=code,
            document_number="5/KH-UBND",
            document_date=timezone.localdate(),
            issuer=self.district,
            content=f"Nhiệm vụ {code}",
            deadline=deadline,
        )
        return TaskUnit.objects.create(task=task, unit=unit)

    def test_home_affairs_sees_what_is_overdue_and_how_often_it_was_reminded(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(BOARD)
        overdue = response.context["overdue"]
        self.assertEqual([row["item"].subject for row in overdue], ["Nhiệm vụ NV-TRE: Nhiệm vụ NV-TRE"])
        self.assertEqual(overdue[0]["reminded"], 4)
        self.assertContains(response, "4 lần")
        self.assertEqual([row["item"].key for row in response.context["soon"]], [str(self.soon.pk)])
        self.assertEqual(response.context["late_units"], [(self.commune, 1)])
        self.assertContains(response, "không có người nhận")

    def test_the_board_is_for_home_affairs_and_leaders(self):
        for user, status in [
            (self.viewer, 200),
            (self.commune_officer, 403),
            (self.appraiser, 403),
            (self.outsider, 403),
        ]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(BOARD).status_code, status, user.username)

    def test_the_board_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        self.client.get(BOARD)
        for i in range(5):
            self.task(f"NV-{i}", timezone.now() - timedelta(days=i + 1), self.other_commune)
        # session, user, memberships, units in scope, report periods, units by group and by code, tasks, self-
        # assessments, improvement plan actions, reminder counts, reminders sent: the same whatever the number of tasks
        with self.assertNumQueries(12):
            self.client.get(BOARD)

    def test_a_unit_sees_its_own_to_do_list_with_the_reminders(self):
        self.client.force_login(self.commune_head)
        response = self.client.get(reverse("assignments:todo", args=["X-AN"]))
        self.assertEqual(
            [row["item"].key for row in response.context["open"]],
            [str(self.late.pk), *[row["item"].key for row in response.context["open"][1:]]],
        )
        self.assertTrue(response.context["open"][0]["overdue"])
        self.assertContains(response, "đã nhắc nhở 4 lần")
        self.assertEqual(self.client.get(reverse("assignments:todo", args=["X-BINH"])).status_code, 404)
