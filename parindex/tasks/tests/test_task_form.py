"""The assigning office records and changes tasks: units in charge and coordinating, Vietnamese form errors, a reason
for every change, the audit with before and after."""

from django.urls import reverse
from django.utils import timezone

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.org.models import Role
from parindex.tasks import services as tasks
from parindex.tasks.models import Task, TaskUnit
from parindex.tasks.tests.test_task_support import TaskTestCase, local
from parindex.tests.district import ACTOR

NEW = reverse("assignments:task-new")


class TaskFormTests(TaskTestCase):
    def data(self, **changes):
        values = {
            "code": "NV-2026-010",
            "document_number": "45/KH-UBND",
            "document_date": "10/02/2026",
            "signer": "Trần Thị Bình",
            "issuer": self.district.pk,
            "content": "Triển khai dịch vụ công trực tuyến toàn trình",
            "deadline": "2026-06-30T17:00",
            "lead": self.commune.pk,
            "coordinating": [self.agency.pk, self.other_commune.pk],
        }
        values.update(changes)
        return values

    def post_new(self, person=None, **changes):
        self.client.force_login(person or self.home_affairs)
        return self.client.post(NEW, self.data(**changes))

    def test_home_affairs_records_a_task_with_its_units_and_it_is_audited(self):
        response = self.post_new()
        task = Task.objects.get(code="NV-2026-010")
        self.assertRedirects(response, reverse("assignments:task", args=[task.pk]))
        self.assertEqual(task.deadline, local("30/06/2026 17:00"))
        self.assertEqual(task.created_by, self.home_affairs)
        roles = dict(task.units.values_list("unit__code", "role"))
        self.assertEqual(roles, {"X-AN": "lead", "CQ-NV": "coordinate", "X-BINH": "coordinate"})
        entry = AuditEntry.objects.get(action=Action.TASK_CHANGED, object_id=str(task.pk))
        self.assertEqual((entry.actor, entry.object_type, entry.before), (self.home_affairs, "task", None))
        self.assertEqual((entry.after["lead"], entry.after["coordinating"]), ("X-AN", ["CQ-NV", "X-BINH"]))
        self.assertEqual(entry.after["deadline"], "2026-06-30T17:00:00+07:00")

    def test_the_form_says_what_is_wrong_in_vietnamese_and_saves_nothing(self):
        entries = AuditEntry.objects.count()
        response = self.post_new(code="NV-2026-001", content="")
        self.assertContains(response, "Mã nhiệm vụ NV-2026-001 đã được dùng")
        self.assertContains(response, "Trường này là bắt buộc")
        response = self.post_new(coordinating=[self.commune.pk])
        self.assertContains(response, "Đơn vị chủ trì không đồng thời là đơn vị phối hợp")
        response = self.post_new(deadline="2026-01-01T17:00")
        self.assertContains(response, "trước ngày văn bản")
        self.assertEqual(Task.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_an_office_assigns_only_in_the_name_of_units_it_manages(self):
        commune_staff = self.person("noivu.an", Role.HOME_AFFAIRS, self.commune)
        response = self.post_new(commune_staff, coordinating=[])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Task.objects.filter(code="NV-2026-010").exists())
        self.assertRedirects(
            self.post_new(commune_staff, issuer=self.commune.pk, coordinating=[]),
            reverse("assignments:task", args=[Task.objects.get(code="NV-2026-010").pk]),
        )

    def test_staff_of_one_commune_give_tasks_only_to_units_in_their_scope(self):
        entries = AuditEntry.objects.count()
        for changes in ({"lead": self.other_commune.pk, "coordinating": []}, {"coordinating": [self.agency.pk]}):
            with self.subTest(changes=changes):
                response = self.post_new(self.commune_home_affairs, issuer=self.commune.pk, **changes)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "has-error")
        # The form does not even offer the other units.
        self.assertNotContains(self.client.get(NEW), "Xã Bình Minh")
        self.assertFalse(Task.objects.filter(code="NV-2026-010").exists())
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_the_service_refuses_a_task_for_a_unit_outside_the_persons_scope(self):
        staff = Actor.of(self.commune_home_affairs)
        data = self.task_input(code="NV-2026-011", issuer=self.commune, lead=self.other_commune, coordinating=())
        with self.assertRaisesMessage(tasks.TaskRefused, "Xã Bình Minh nằm ngoài phạm vi của bạn"):
            tasks.save_task(data, staff)
        data = self.task_input(code="NV-2026-011", issuer=self.district, coordinating=())
        with self.assertRaisesMessage(tasks.TaskRefused, "Bạn không quản lý UBND huyện Thanh Giang"):
            tasks.save_task(data, staff)
        self.assertFalse(Task.objects.filter(code="NV-2026-011").exists())
        # Within the scope it is recorded; the command line is not limited.
        tasks.save_task(self.task_input(code="NV-2026-011", issuer=self.commune, coordinating=()), staff)
        tasks.save_task(self.task_input(code="NV-2026-012", lead=self.other_commune, coordinating=()), ACTOR)
        self.assertEqual(Task.objects.filter(code__in=["NV-2026-011", "NV-2026-012"]).count(), 2)

    def test_units_already_on_a_task_stay_when_the_office_changes_it(self):
        # Recorded from the command line: X-AN's own task with X-BINH coordinating.
        task = tasks.save_task(
            self.task_input(code="NV-2026-013", issuer=self.commune, coordinating=(self.other_commune,)), ACTOR
        ).task
        changed = self.task_input(
            code="NV-2026-013",
            issuer=self.commune,
            coordinating=(self.other_commune,),
            deadline=local("30/06/2026 17:00"),
        )
        saved = tasks.save_task(changed, Actor.of(self.commune_home_affairs), task, "Gia hạn")
        self.assertTrue(saved.changed)
        more = self.task_input(code="NV-2026-013", issuer=self.commune, coordinating=(self.other_commune, self.agency))
        with self.assertRaisesMessage(tasks.TaskRefused, "Phòng Nội vụ nằm ngoài phạm vi của bạn"):
            tasks.save_task(more, Actor.of(self.commune_home_affairs), task, "Thêm đơn vị")

    def test_a_change_needs_a_reason_and_is_audited_with_before_and_after(self):
        self.client.force_login(self.home_affairs)
        url = reverse("assignments:task-edit", args=[self.task.pk])
        form = self.client.get(url)
        self.assertContains(form, "NV-2026-001")
        data = self.data(code="NV-2026-001", deadline="2026-12-31T17:00", coordinating=[])
        self.assertContains(self.client.post(url, data), "Trường này là bắt buộc")
        response = self.client.post(url, {**data, "reason": "Gia hạn theo Công văn 45/UBND-NV"})
        self.assertRedirects(response, reverse("assignments:task", args=[self.task.pk]))
        self.task.refresh_from_db()
        self.assertEqual(self.task.deadline, local("31/12/2026 17:00"))
        self.assertEqual(list(self.task.units.values_list("unit__code", flat=True)), ["X-AN"])
        entry = AuditEntry.objects.filter(action=Action.TASK_CHANGED, object_id=str(self.task.pk)).latest("id")
        self.assertEqual(entry.before["coordinating"], ["CQ-NV"])
        self.assertEqual(entry.after["coordinating"], [])
        self.assertEqual(entry.after["deadline"], "2026-12-31T17:00:00+07:00")
        self.assertEqual((entry.reason, entry.actor), ("Gia hạn theo Công văn 45/UBND-NV", self.home_affairs))

    def test_saving_without_a_change_writes_no_entry(self):
        self.client.force_login(self.home_affairs)
        url = reverse("assignments:task-edit", args=[self.task.pk])
        entries = AuditEntry.objects.count()
        deadline = timezone.localtime(self.task.deadline).strftime("%Y-%m-%dT%H:%M")
        data = self.data(
            code="NV-2026-001",
            document_number="125/KH-UBND",
            document_date="2026-01-05",
            signer="Nguyễn Văn An",
            content=self.task.content,
            deadline=deadline,
            coordinating=[self.agency.pk],
            reason="Xem lại",
        )
        self.client.post(url, data)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_swapping_the_unit_in_charge_keeps_one_lead(self):
        self.client.force_login(self.home_affairs)
        url = reverse("assignments:task-edit", args=[self.task.pk])
        data = self.data(
            code="NV-2026-001", lead=self.agency.pk, coordinating=[self.commune.pk], reason="Đổi đơn vị chủ trì"
        )
        self.client.post(url, data)
        roles = dict(self.task.units.values_list("unit__code", "role"))
        self.assertEqual(roles, {"CQ-NV": TaskUnit.Role.LEAD, "X-AN": TaskUnit.Role.COORDINATE})
