"""The results page: each unit's value per component and in total, and a bar chart of each question's answers.

X-AN's three responses, computed by hand (scale 100 / 60 / 0, "Không biết" unscored; q2 weighs 2):
R1 q1 100, q2 60, q3 0; R2 q1 60, q2 —, q3 100; R3 q1 —, q2 —, q3 60.
q1 = 80, q2 = 60, q3 = 53,33…; access = (80 + 2 × 60) / 3 = 66,67 (2 respondents); result = 53,33 (3);
total = (66,66… + 53,33…) / 2 = 60,00 (3 respondents).
"""

import json
import re

from django.urls import reverse

from parindex.surveys.tests.fieldwork import answer, make_survey
from parindex.tests.district import DistrictTestCase


class ResultsPageTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(min_sample=3)
        answer(cls.survey, cls.commune, ["rat_hai_long", "hai_long", "khong"])
        answer(cls.survey, cls.commune, ["hai_long", "khong_biet", "rat_hai_long"])
        answer(cls.survey, cls.commune, ["khong_biet", "khong_biet", "hai_long"])
        answer(cls.survey, cls.other_commune, ["rat_hai_long", "rat_hai_long", "rat_hai_long"])
        cls.url = reverse("surveys:results", args=[cls.survey.code])

    def test_each_unit_shows_its_components_and_total_with_a_decimal_comma(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        commune = next(r for r in response.context["results"] if r.unit.code == "X-AN")
        self.assertEqual([str(c.value) for c in commune.components], ["66.67", "53.33"])
        self.assertEqual((str(commune.total.value), commune.respondents), ("60.00", 3))
        self.assertContains(response, '<td class="num strong">60,00</td>', html=True)
        self.assertContains(response, "66,67")
        self.assertContains(response, "Xã An Bình")
        # X-BINH has one respondent for a minimum of 3: shown, flagged.
        self.assertContains(response, "dưới mức tối thiểu (1/3)", count=1)

    def test_each_choice_question_has_a_bar_chart_of_its_answers_without_inline_script(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        charts = {c.question.name: c for c in response.context["charts"]}
        self.assertEqual(list(charts), ["q1", "q2", "q3"])  # the text question has no chart
        self.assertEqual(charts["q1"].labels, ["Rất hài lòng", "Hài lòng", "Không hài lòng", "Không biết"])
        self.assertEqual(charts["q1"].counts, [2, 1, 0, 1])
        self.assertEqual(charts["q2"].counts, [1, 1, 0, 2])
        script = rf'<script id="{charts["q1"].element_id}" type="application/json">(.*?)</script>'
        data = json.loads(re.search(script, response.content.decode())[1])
        self.assertEqual(data["values"], [2, 1, 0, 1])
        self.assertContains(response, "survey-charts.js")
        self.assertContains(response, "chart.umd.min.js")
        for tag in re.findall(r"<script[^>]*>", response.content.decode()):
            self.assertTrue("src=" in tag or 'type="application/json"' in tag, tag)

    def test_choosing_a_unit_charts_only_its_answers(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url + "?unit=X-BINH")
        self.assertEqual(response.context["chosen"], self.other_commune)
        q1 = response.context["charts"][0]
        self.assertEqual(q1.counts, [1, 0, 0, 0])
        self.assertContains(response, "Câu trả lời từng câu hỏi · Xã Bình Minh")
        self.assertEqual(self.client.get(self.url + "?unit=KHONG-CO").status_code, 404)

    def test_readers_of_one_commune_see_only_that_commune(self):
        self.client.force_login(self.commune_viewer)
        response = self.client.get(self.url)
        self.assertEqual([r.unit.code for r in response.context["results"]], ["X-AN"])
        self.assertEqual(self.client.get(self.url + "?unit=X-BINH").status_code, 404)

    def test_unit_people_and_outsiders_are_refused_and_an_unknown_survey_is_not_found(self):
        for user in (self.commune_officer, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user.username)
        self.client.force_login(self.home_affairs)
        self.assertEqual(self.client.get(reverse("surveys:results", args=["khong-co"])).status_code, 404)

    def test_the_page_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.viewer)
        with self.assertNumQueries(14):
            self.client.get(self.url)
        for _ in range(4):
            answer(self.survey, self.agency, ["khong", "hai_long", "khong_biet"])
        with self.assertNumQueries(14):
            self.client.get(self.url)
