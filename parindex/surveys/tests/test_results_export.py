"""The results exported to Excel: results per unit and component, questions, answers, field work, responses — as
numbers people can sum, never a live formula, never a respondent's personal data."""

import io
from decimal import Decimal as D

from django.urls import reverse
from openpyxl import load_workbook

from parindex.surveys.models import Respondent, Response, Sample
from parindex.surveys.tests.fieldwork import answer, make_survey
from parindex.tests.district import DistrictTestCase

PERSONAL = ("Nguyễn Văn Dân", "0912345678", "X-AN-2026-0001")


def cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield sheet.title, cell


class ResultsExportTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(min_sample=3)
        cls.survey.title = '=HYPERLINK("http://x")'
        cls.survey.save()
        Sample.objects.create(
            survey=cls.survey, unit=cls.commune, period="2026", population=60, size=53, margin=D("0.05"), seed="1"
        )
        name, phone, reference = PERSONAL
        respondent = Respondent.objects.create(
            survey=cls.survey, unit=cls.commune, name=name, phone=phone, reference=reference, procedure="Khai sinh"
        )
        answer(
            cls.survey, cls.commune, ["rat_hai_long", "hai_long", "khong"], Response.Channel.WEB, respondent=respondent
        )
        answer(cls.survey, cls.commune, ["hai_long", "khong_biet", "rat_hai_long"], flags=["straight_line"])
        answer(cls.survey, cls.commune, ["khong_biet", "khong_biet", "hai_long"], external_id="uuid-1")
        cls.url = reverse("surveys:results-xlsx", args=[cls.survey.code])

    def download(self, user):
        self.client.force_login(user)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("ket-qua-sipas-test.xlsx", response["Content-Disposition"])
        return load_workbook(io.BytesIO(response.content))

    def test_the_workbook_holds_results_questions_answers_field_work_and_responses(self):
        workbook = self.download(self.home_affairs)
        self.assertEqual(
            workbook.sheetnames, ["Kết quả", "Câu hỏi", "Số câu trả lời", "Tiến độ khảo sát", "Phiếu đã nhận"]
        )
        results = workbook["Kết quả"]
        self.assertEqual(results["A3"].value, "Mã đơn vị")
        rows = [[c.value for c in row] for row in results.iter_rows(min_row=4)]
        self.assertEqual(rows[0], ["X-AN", "Xã An Bình", "Tiếp cận dịch vụ", 2, 66.67, None])
        self.assertEqual(rows[2], ["X-AN", "Xã An Bình", "Tổng", 3, 60, None])
        field = [c.value for c in workbook["Tiến độ khảo sát"][4]]
        self.assertEqual(field[:6], ["X-AN", "Xã An Bình", 60, 53, 3, 5.66])
        responses = [[c.value for c in row] for row in workbook["Phiếu đã nhận"].iter_rows(min_row=4)]
        self.assertEqual(len(responses), 3)
        self.assertIn("cùng một câu trả lời cho mọi câu hỏi", " ".join(str(v) for row in responses for v in row))

    def test_no_cell_is_a_formula_even_when_a_title_looks_like_one(self):
        workbook = self.download(self.home_affairs)
        for title, cell in cells(workbook):
            self.assertNotEqual(cell.data_type, "f", f"{title}!{cell.coordinate}")
            self.assertFalse(str(cell.value or "").startswith("="), f"{title}!{cell.coordinate}")
        heading = workbook["Kết quả"]["A1"]
        self.assertTrue(heading.value.startswith("Kết quả khảo sát · =HYPERLINK"))

    def test_no_respondents_personal_data_leaves_with_the_results(self):
        workbook = self.download(self.home_affairs)
        text = " ".join(str(cell.value) for _title, cell in cells(workbook) if cell.value is not None)
        for secret in (*PERSONAL, "uuid-1", Respondent.objects.get().token):
            self.assertNotIn(secret, text)

    def test_readers_get_it_for_their_units_and_unit_people_are_refused(self):
        workbook = self.download(self.commune_viewer)
        self.assertEqual(workbook["Kết quả"]["A4"].value, "X-AN")
        self.client.force_login(self.commune_officer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
