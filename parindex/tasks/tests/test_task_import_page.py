"""The assigning office uploads a list of tasks (XLSX) on a page: the same all-or-nothing import as the command,
with the bad rows listed on the page."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.org.models import Role
from parindex.tasks.models import Task
from parindex.tasks.tests.test_task_support import TaskTestCase, xlsx_bytes
from parindex.tests.files import make_exe

IMPORT = reverse("assignments:task-import")
ROW = ["NV-10", "1/KH-UBND", "05/01/2026", "", "H", "Rà soát quy chế làm việc", "30/06/2026", "X-AN", "CQ-NV"]


class TaskImportPageTests(TaskTestCase):
    def upload(self, content, name="nhiem-vu-2026.xlsx", person=None):
        self.client.force_login(person or self.home_affairs)
        return self.client.post(IMPORT, {"file": SimpleUploadedFile(name, content)}, follow=True)

    def test_the_page_lists_the_columns(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(IMPORT)
        for column in ("Mã nhiệm vụ", "Hạn hoàn thành", "Đơn vị chủ trì", "Đơn vị phối hợp"):
            self.assertContains(response, column)

    def test_a_good_file_creates_the_tasks_and_says_so(self):
        second = ["NV-11", "2/KH-UBND", "05/01/2026", "", "H", "Cập nhật hồ sơ", "30/06/2026", "X-BINH", ""]
        response = self.upload(xlsx_bytes([ROW, second]))
        self.assertRedirects(response, reverse("assignments:tasks"))
        self.assertContains(response, "nhiem-vu-2026.xlsx")
        self.assertContains(response, "NV-10")
        self.assertEqual(Task.objects.count(), 3)
        entry = AuditEntry.objects.filter(action=Action.TASK_CHANGED).latest("id")
        self.assertEqual(entry.actor, self.home_affairs)
        self.assertIn("nhiem-vu-2026.xlsx", entry.reason)

    def test_a_bad_row_writes_nothing_and_the_page_names_it(self):
        bad = ROW[:]
        bad[0] = "NV-12"
        bad[6] = "31/02/2026"
        entries = AuditEntry.objects.count()
        response = self.upload(xlsx_bytes([ROW, bad]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "dòng 3")
        self.assertContains(response, "31/02/2026")
        self.assertContains(response, "chưa nhập gì")
        self.assertEqual(Task.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_a_program_renamed_xlsx_is_refused_by_its_content(self):
        response = self.upload(make_exe())
        self.assertContains(response, "chương trình")
        self.assertEqual(Task.objects.count(), 1)

    def test_an_office_imports_only_in_the_name_of_units_it_manages(self):
        commune_staff = self.person("noivu.an", Role.HOME_AFFAIRS, self.commune)
        response = self.upload(xlsx_bytes([ROW]), person=commune_staff)
        self.assertContains(response, "UBND huyện Thanh Giang")
        self.assertContains(response, "dòng 2")
        self.assertEqual(Task.objects.count(), 1)

    def test_an_office_imports_tasks_only_for_units_in_its_scope(self):
        own = ["NV-20", "2/KH-UBND", "05/01/2026", "", "X-AN", "Rà soát quy chế", "30/06/2026", "X-AN", ""]
        other = ["NV-21", "3/KH-UBND", "05/01/2026", "", "X-AN", "Rà soát quy chế", "30/06/2026", "X-BINH", "CQ-NV"]
        response = self.upload(xlsx_bytes([own, other]), person=self.commune_home_affairs)
        self.assertContains(response, "dòng 3")
        self.assertContains(response, "Xã Bình Minh nằm ngoài phạm vi của bạn")
        self.assertContains(response, "Phòng Nội vụ nằm ngoài phạm vi của bạn")
        self.assertEqual(Task.objects.count(), 1)
        self.assertRedirects(
            self.upload(xlsx_bytes([own]), person=self.commune_home_affairs), reverse("assignments:tasks")
        )
        self.assertTrue(Task.objects.filter(code="NV-20").exists())
