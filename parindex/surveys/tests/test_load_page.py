"""The questionnaire upload page: Home Affairs loads an XLSForm from the browser; a wrong file is refused whole with
every problem named by sheet and row; the sample questionnaires can be downloaded to start from."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.surveys.models import Survey
from parindex.surveys.tests.xlsforms import HAND_FORM, edited, write_xlsform
from parindex.tests.district import DistrictTestCase, TempDirMixin

PAGE = reverse("surveys:load")


class LoadPageTests(TempDirMixin, DistrictTestCase):
    def upload(self, path, name="bang-hoi.xlsx"):
        return self.client.post(PAGE, {"file": SimpleUploadedFile(name, path.read_bytes())})

    def test_home_affairs_loads_a_questionnaire_and_lands_on_its_page(self):
        self.client.force_login(self.home_affairs)
        response = self.upload(HAND_FORM)
        survey = Survey.objects.get()
        self.assertRedirects(response, reverse("surveys:detail", args=[survey.code]), fetch_redirect_response=False)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Đã nạp bảng hỏi")
        entry = AuditEntry.objects.get(action=Action.SURVEY_LOADED)
        self.assertEqual((entry.actor_id, entry.object_id), (self.home_affairs.pk, str(survey.pk)))

    def test_a_wrong_questionnaire_is_refused_whole_with_each_problem_by_sheet_and_row(self):
        def break_it(sheets):
            sheets["survey"][3][0] = "select_one xyz"
            sheets["choices"][1][3] = 120

        self.client.force_login(self.home_affairs)
        response = self.upload(write_xlsform(self.dir / "sai.xlsx", edited(break_it)))
        self.assertContains(response, "2 lỗi cần sửa", status_code=400)
        self.assertContains(response, "choices, dòng 2: điểm 120 ngoài khoảng 0..100", status_code=400)
        self.assertContains(response, "survey, dòng 4: danh sách lựa chọn “xyz” không có", status_code=400)
        self.assertFalse(Survey.objects.exists())

    def test_a_file_that_is_not_a_workbook_gets_one_clear_line(self):
        self.client.force_login(self.home_affairs)
        bogus = self.dir / "bang-hoi.xlsx"
        bogus.write_bytes(b"not a workbook at all")
        response = self.upload(bogus)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="load-problems"', status_code=400)
        self.assertFalse(Survey.objects.exists())

    def test_only_excel_files_are_taken(self):
        self.client.force_login(self.home_affairs)
        response = self.client.post(PAGE, {"file": SimpleUploadedFile("bang-hoi.csv", b"type,name\n")})
        self.assertContains(response, "Chọn một tệp Excel (.xlsx)", status_code=400)

    def test_unit_staff_and_appraisers_may_not_load_questionnaires(self):
        for person in (self.commune_officer, self.commune_head, self.appraiser, self.viewer):
            with self.subTest(person=person.username):
                self.client.force_login(person)
                self.assertEqual(self.client.get(PAGE).status_code, 403)
                self.assertEqual(self.upload(HAND_FORM).status_code, 403)
        self.assertFalse(Survey.objects.exists())

    def test_the_sample_questionnaires_can_be_downloaded_and_nothing_else(self):
        self.client.force_login(self.home_affairs)
        page = self.client.get(PAGE)
        self.assertContains(page, "sipas-mau.xlsx")
        sample = self.client.get(reverse("surveys:sample", args=["sipas-mau.xlsx"]))
        self.assertEqual(sample.status_code, 200)
        self.assertTrue(b"".join(sample.streaming_content).startswith(b"PK"))
        self.assertEqual(self.client.get(reverse("surveys:sample", args=["..%2Fmodels.py"])).status_code, 404)
        self.client.force_login(self.commune_officer)
        self.assertEqual(self.client.get(reverse("surveys:sample", args=["sipas-mau.xlsx"])).status_code, 403)
