"""The upload page: Home Affairs queues an export, ``run-imports`` processes it, the page follows its progress and
shows every bad row of a refused file."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from parindex.indicators.models import Figure, ImportBatch
from parindex.indicators.tests.test_import_dossiers import DOSSIERS
from parindex.org.models import Role, Unit
from parindex.tests.district import DistrictTestCase

IMPORTS = reverse("indicators:imports")


def upload(client, text, name="hoso.csv", kind="dossiers", mapping=""):
    data = {"kind": kind, "mapping": mapping, "file": SimpleUploadedFile(name, text.encode("utf-8-sig"))}
    return client.post(IMPORTS, data)


class ImportsPageTests(DistrictTestCase):
    def test_home_affairs_uploads_and_the_worker_imports_it(self):
        self.client.force_login(self.home_affairs)
        response = upload(self.client, DOSSIERS)
        batch = ImportBatch.objects.get()
        self.assertRedirects(response, reverse("indicators:import", args=[batch.pk]))
        self.assertEqual(batch.status, ImportBatch.Status.QUEUED)
        page = self.client.get(reverse("indicators:import", args=[batch.pk]))
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.assertContains(page, "Đang chờ")
        call_command("run_imports", verbosity=0)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.rows, batch.progress), (ImportBatch.Status.DONE, 6, 100))
        self.assertTrue(Figure.objects.filter(unit=self.district, period="2021-03").exists())
        status = self.client.get(reverse("indicators:import", args=[batch.pk]), headers={"HX-Request": "true"})
        self.assertContains(status, "Đã nhập 6 dòng")
        self.assertNotContains(status, "every 1s")

    def test_a_refused_file_lists_its_bad_rows_and_stores_nothing(self):
        self.client.force_login(self.home_affairs)
        upload(self.client, DOSSIERS.replace("online_full", "fax"))
        call_command("run_imports", verbosity=0)
        batch = ImportBatch.objects.get()
        self.assertEqual((batch.status, batch.problem_count), (ImportBatch.Status.REJECTED, 1))
        page = self.client.get(reverse("indicators:import", args=[batch.pk]))
        self.assertContains(page, "dòng 2: submission “fax” không rõ")
        self.assertFalse(Figure.objects.exists())

    def test_a_file_with_units_outside_the_importers_scope_is_refused(self):
        province = Unit.objects.create(code="T", name="UBND tỉnh")
        other = Unit.objects.create(code="H2", name="UBND huyện khác", parent=province)
        officer = self.person("noivu.h2", Role.HOME_AFFAIRS, other)
        self.client.force_login(officer)
        upload(self.client, DOSSIERS)
        call_command("run_imports", verbosity=0)
        batch = ImportBatch.objects.get()
        self.assertEqual(batch.status, ImportBatch.Status.REJECTED)
        self.assertIn("nằm ngoài các đơn vị bạn quản lý", batch.problems[0]["message"])

    def test_the_form_refuses_a_wrong_file_type_in_vietnamese(self):
        self.client.force_login(self.home_affairs)
        response = upload(self.client, "x", name="hoso.xls")
        self.assertContains(response, "chỉ nhận tệp CSV hoặc XLSX")
        response = upload(self.client, DOSSIERS, kind="logins", mapping="motcua-dien-tu")
        self.assertContains(response, "bảng ánh xạ cột này dành cho loại dữ liệu khác")
        self.assertFalse(ImportBatch.objects.exists())

    def test_only_home_affairs_and_administrators_import(self):
        for user in (self.commune_officer, self.commune_head, self.appraiser, self.viewer, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(IMPORTS).status_code, 403, user.username)
            self.assertEqual(upload(self.client, DOSSIERS).status_code, 403, user.username)
        self.assertFalse(ImportBatch.objects.exists())
        self.client.logout()
        self.assertEqual(self.client.get(IMPORTS).status_code, 302)

    def test_the_list_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        for i in range(5):
            upload(self.client, DOSSIERS, name=f"hoso{i}.csv")
        with self.assertNumQueries(4):  # session, user, memberships, batches with their uploader
            self.client.get(IMPORTS)


class RunImportsTests(DistrictTestCase):
    def queue(self):
        self.client.force_login(self.home_affairs)
        upload(self.client, DOSSIERS)
        return ImportBatch.objects.get()

    def test_two_workers_never_take_the_same_file(self):
        from parindex.indicators.worker import claim

        batch = self.queue()
        self.assertTrue(claim(batch.pk))
        self.assertFalse(claim(batch.pk))

    def test_a_dry_run_lists_what_is_due_and_processes_nothing(self):
        import io

        batch = self.queue()
        out = io.StringIO()
        call_command("run_imports", "--dry-run", stdout=out)
        self.assertIn(str(batch.pk), out.getvalue())
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.QUEUED)

    def test_a_file_a_dead_worker_left_is_queued_again(self):
        from datetime import timedelta

        from django.utils import timezone

        from parindex.indicators.worker import requeue_stale

        batch = self.queue()
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.RUNNING, claimed_at=timezone.now() - timedelta(hours=2)
        )
        self.assertEqual(requeue_stale(60), 1)
        call_command("run_imports", verbosity=0)
        batch.refresh_from_db()
        self.assertEqual(batch.status, ImportBatch.Status.DONE)
