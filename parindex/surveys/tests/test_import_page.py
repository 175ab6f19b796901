"""The upload page of survey responses: Home Affairs checks or imports a Kobo / ODK export, every bad row shown."""

from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.org.models import Role, Unit
from parindex.surveys.models import Response
from parindex.surveys.tests.collecting import kobo_row, make_survey
from parindex.surveys.tests.test_import_responses import SATISFIED, csv_text, three_rows
from parindex.tests.district import DistrictTestCase, to_cp1258

PAGE = reverse("surveys:import", args=["sipas-test"])


def upload(client, data: bytes, name="kobo.csv", check_only=False):
    fields: dict[str, object] = {"file": SimpleUploadedFile(name, data)}
    if check_only:
        fields["check_only"] = "on"
    return client.post(PAGE, fields)


class ImportPageTests(DistrictTestCase):
    def setUp(self):
        super().setUp()
        self.survey = make_survey()
        patcher = mock.patch("parindex.surveys.collect_views.rescore", return_value=0)
        self.rescore = patcher.start()
        self.addCleanup(patcher.stop)

    def test_home_affairs_imports_a_file_and_the_survey_leaves_are_recomputed(self):
        self.client.force_login(self.home_affairs)
        response = upload(self.client, csv_text(three_rows()).encode("utf-8-sig"))
        self.assertRedirects(response, PAGE, fetch_redirect_response=False)
        self.assertEqual(Response.objects.filter(entered_by=self.home_affairs).count(), 3)
        self.rescore.assert_called_once()
        self.assertEqual(self.rescore.call_args.args[3], {self.commune.pk, self.other_commune.pk})
        page = self.client.get(PAGE)
        self.assertContains(page, "Đã nhập 3 phiếu (3 mới, 0 thay thế, 0 cần xem lại).")
        self.assertContains(page, "kobo.csv")
        entry = AuditEntry.objects.get(action=Action.SURVEY_RESPONSES_IMPORTED)
        self.assertEqual((entry.actor, entry.after["responses"]), (self.home_affairs, 3))

    def test_a_refused_file_lists_every_bad_row_and_imports_nothing(self):
        self.client.force_login(self.home_affairs)
        rows = [kobo_row("a1", "X-AN", SATISFIED), kobo_row("a2", "Xã Không Có", ["tot", *SATISFIED[1:]])]
        response = upload(self.client, to_cp1258(csv_text(rows, delimiter=";")))
        self.assertContains(response, "Tệp bị từ chối: 1 lỗi. Không nhập gì.")
        self.assertContains(response, "dòng 3: đơn vị “Xã Không Có” không có trong danh sách")
        self.assertContains(response, "“tot” không phải là một lựa chọn của q1")
        self.assertFalse(Response.objects.exists())
        self.rescore.assert_not_called()

    def test_check_only_previews_the_file_without_importing(self):
        self.client.force_login(self.home_affairs)
        response = upload(self.client, csv_text(three_rows()).encode("utf-16"), check_only=True)
        self.assertContains(response, "Tệp đúng; chưa nhập gì.")
        self.assertContains(response, "3 phiếu của 2 đơn vị")
        self.assertFalse(Response.objects.exists())

    def test_a_damaged_workbook_is_refused_with_a_message_not_an_error_page(self):
        self.client.force_login(self.home_affairs)
        response = upload(self.client, b"PK\x03\x04garbage", name="kobo.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "xlsx")
        response = upload(self.client, b"x", name="kobo.xls")
        self.assertContains(response, "chỉ nhận tệp CSV hoặc XLSX")

    def test_units_outside_the_importers_scope_are_refused(self):
        province = Unit.objects.create(code="T", name="UBND tỉnh")
        other = Unit.objects.create(code="H2", name="UBND huyện khác", parent=province)
        officer = self.person("noivu.h2", Role.HOME_AFFAIRS, other)
        self.client.force_login(officer)
        response = upload(self.client, csv_text(three_rows()).encode())
        self.assertContains(response, "nằm ngoài các đơn vị bạn quản lý")
        self.assertFalse(Response.objects.exists())

    def test_only_home_affairs_and_administrators_import(self):
        for user in (self.commune_officer, self.commune_head, self.appraiser, self.viewer, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(PAGE).status_code, 403, user.username)
            self.assertEqual(upload(self.client, csv_text(three_rows()).encode()).status_code, 403, user.username)
        self.assertFalse(Response.objects.exists())
        self.client.logout()
        self.assertEqual(self.client.get(PAGE).status_code, 302)
        self.client.force_login(self.home_affairs)
        self.assertEqual(self.client.get(reverse("surveys:import", args=["khong-co"])).status_code, 404)

    def test_the_page_and_its_import_history_read_a_fixed_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        upload(self.client, csv_text(three_rows()).encode())
        self.client.get(PAGE)  # the session's messages are read once
        with self.assertNumQueries(6):
            self.client.get(PAGE)
        for i in range(3):
            upload(self.client, csv_text([kobo_row(f"n{i}", "X-AN", SATISFIED)]).encode(), name=f"kobo{i}.csv")
        self.client.get(PAGE)
        with self.assertNumQueries(6):
            page = self.client.get(PAGE)
        self.assertContains(page, "kobo2.csv")
