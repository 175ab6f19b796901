"""The field dashboard: per unit, population, sample size, responses, completion and flags, in Vietnamese."""

from decimal import Decimal as D

from django.urls import reverse

from parindex.surveys.models import Respondent, Response, Sample
from parindex.surveys.tests.fieldwork import answer, make_survey
from parindex.tests.district import DistrictTestCase


class FieldDashboardTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(min_sample=3)
        Sample.objects.create(
            survey=cls.survey, unit=cls.commune, period="2026", population=60, size=53, margin=D("0.05"), seed="1"
        )
        Sample.objects.create(
            survey=cls.survey, unit=cls.other_commune, period="2026", population=2, size=2, margin=D("0.05"), seed="1"
        )
        drawn = Respondent.objects.bulk_create(Respondent(survey=cls.survey, unit=cls.commune) for _ in range(53))
        answer(
            cls.survey,
            cls.commune,
            ["rat_hai_long", "hai_long", "khong"],
            Response.Channel.WEB,
            ["too_fast"],
            respondent=drawn[0],
        )
        answer(cls.survey, cls.commune, ["hai_long", "hai_long", "hai_long"], flags=["straight_line"])
        answer(cls.survey, cls.commune, ["khong_biet", "khong_biet", "hai_long"], Response.Channel.IMPORT)
        answer(cls.survey, cls.other_commune, ["khong_biet", "khong_biet", "khong_biet"])
        cls.url = reverse("surveys:dashboard", args=[cls.survey.code])

    def test_home_affairs_sees_each_units_sample_responses_completion_and_flags(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        rows = {row.unit.code: row for row in response.context["rows"]}
        commune = rows["X-AN"]
        self.assertEqual((commune.population, commune.size, commune.drawn, commune.responses), (60, 53, 53, 3))
        self.assertEqual(commune.channels, {"web": 1, "entry": 1, "import": 1})
        self.assertEqual((commune.too_fast, commune.straight_line), (1, 1))
        self.assertEqual(commune.completion, D("5.66"))
        self.assertFalse(commune.under_minimum)
        # X-BINH's only response has no scored answer: under its minimum of 3.
        self.assertTrue(rows["X-BINH"].under_minimum)
        self.assertContains(response, "<td>Xã An Bình</td>", html=True)
        self.assertContains(response, '<td class="num">5,66</td>', html=True)
        self.assertContains(response, "dưới mức tối thiểu (0/3)")
        self.assertNotContains(response, ">X-AN<")
        self.assertEqual(response.context["totals"].responses, 4)

    def test_a_unit_with_responses_but_no_draw_still_shows(self):
        answer(self.survey, self.agency, ["rat_hai_long", "rat_hai_long", "rat_hai_long"])
        self.client.force_login(self.home_affairs)
        rows = {row.unit.code: row for row in self.client.get(self.url).context["rows"]}
        self.assertIsNone(rows["CQ-NV"].population)
        self.assertEqual(rows["CQ-NV"].responses, 1)

    def test_readers_see_only_the_units_in_their_scope(self):
        self.client.force_login(self.commune_viewer)
        rows = self.client.get(self.url).context["rows"]
        self.assertEqual([row.unit.code for row in rows], ["X-AN"])

    def test_unit_people_and_outsiders_are_refused(self):
        for user in (self.commune_officer, self.commune_head, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user.username)

    def test_the_dashboard_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.viewer)
        # session, user, memberships, survey, samples, responses by way, respondents drawn, scored, flags
        with self.assertNumQueries(9):
            self.client.get(self.url)
        for _ in range(5):
            answer(self.survey, self.other_commune, ["khong", "khong", "khong"], flags=["too_fast"])
        with self.assertNumQueries(9):
            self.client.get(self.url)
