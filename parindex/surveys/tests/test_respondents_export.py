"""The list for the field team: each respondent drawn with the unit, procedure, channel and the one-time link; the
dossier reference, name and phone for Home Affairs staff only; never a live formula."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from parindex.org.models import Role
from parindex.surveys.models import Respondent
from parindex.surveys.tests.fieldwork import make_survey
from parindex.tests.district import DistrictTestCase


class RespondentsExportTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey()
        cls.first = Respondent.objects.create(
            survey=cls.survey,
            unit=cls.commune,
            name="=cmd|' /C calc'!A0",
            phone="0912345678",
            reference="X-AN-2026-0001",
            procedure="Đăng ký khai sinh",
            channel="online_full",
        )
        Respondent.objects.create(survey=cls.survey, unit=cls.other_commune, reference="X-BINH-2026-0007")
        cls.url = reverse("surveys:respondents-xlsx", args=[cls.survey.code])
        cls.admin_role = cls.person("quantri", Role.ADMIN, cls.district)

    def rows(self, user, query=""):
        self.client.force_login(user)
        response = self.client.get(self.url + query)
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]

    def test_home_affairs_gets_every_respondent_with_contact_procedure_and_link(self):
        header, first, second = self.rows(self.home_affairs)
        self.assertEqual(header[:6], ["STT", "Mã đơn vị", "Đơn vị", "Mã hồ sơ", "Họ và tên", "Điện thoại"])
        self.assertEqual(
            first[1:8],
            [
                "X-AN",
                "Xã An Bình",
                "X-AN-2026-0001",
                "=cmd|' /C calc'!A0",
                "0912345678",
                "Đăng ký khai sinh",
                "Trực tuyến toàn trình",
            ],
        )
        self.assertEqual(first[8], f"http://testserver/s/{self.first.token}/")
        self.assertEqual(first[9], f"http://testserver/surveys/sipas-test/respondents/{self.first.pk}/qr.svg")
        self.assertEqual(second[1], "X-BINH")

    def test_no_cell_is_a_formula_even_when_a_name_looks_like_one(self):
        self.client.force_login(self.home_affairs)
        workbook = load_workbook(io.BytesIO(self.client.get(self.url).content))
        for row in workbook.active.iter_rows():
            for cell in row:
                self.assertNotEqual(cell.data_type, "f", cell.coordinate)
        # The name typed as "=cmd|…" is kept as typed, as text with Excel's quote prefix: never evaluated.
        name = workbook.active["E4"]
        self.assertEqual((name.value, name.data_type, name.quotePrefix), ("=cmd|' /C calc'!A0", "s", True))

    def test_other_runners_get_the_list_without_personal_data(self):
        header, first, _second = self.rows(self.admin_role)
        self.assertNotIn("Họ và tên", header)
        text = " ".join(str(v) for v in first)
        for secret in ("X-AN-2026-0001", "0912345678", "calc"):
            self.assertNotIn(secret, text)
        self.assertIn(self.first.token, text)  # the field team still needs the link

    def test_one_units_list(self):
        rows = self.rows(self.home_affairs, "?unit=X-BINH")
        self.assertEqual([r[1] for r in rows[1:]], ["X-BINH"])

    def test_readers_and_unit_people_are_refused(self):
        for user in (self.viewer, self.appraiser, self.commune_officer):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user.username)
