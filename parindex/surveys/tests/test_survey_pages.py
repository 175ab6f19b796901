"""The survey list and a survey's page, linking the field work, the results, the exports and the draw; the menu."""

from django.urls import reverse

from parindex.surveys.models import Survey
from parindex.surveys.tests.fieldwork import answer, make_survey
from parindex.tests.district import DistrictTestCase

LIST = reverse("surveys:list")


class SurveyPagesTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # An older version of the questionnaire, the current one, and another questionnaire.
        old = make_survey(version="0")
        cls.survey = make_survey()
        Survey.objects.filter(pk=old.pk).update(loaded_at=cls.survey.loaded_at.replace(year=2025))
        answer(cls.survey, cls.commune, ["rat_hai_long", "hai_long", "khong"])
        answer(cls.survey, cls.other_commune, ["hai_long", "hai_long", "khong"])
        make_survey("can-bo")

    def test_the_list_shows_each_questionnaires_latest_version_with_its_responses(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(LIST)
        surveys = {s.code: s for s in response.context["surveys"]}
        self.assertEqual(set(surveys), {"sipas-test", "can-bo"})
        self.assertEqual((surveys["sipas-test"].version, surveys["sipas-test"].response_count), ("1", 2))
        self.assertContains(response, reverse("surveys:dashboard", args=["sipas-test"]))
        self.assertContains(response, "Tiến độ khảo sát")

    def test_a_commune_reader_counts_only_its_communes_responses(self):
        self.client.force_login(self.commune_viewer)
        surveys = {s.code: s for s in self.client.get(LIST).context["surveys"]}
        self.assertEqual(surveys["sipas-test"].response_count, 1)

    def test_the_survey_page_links_everything_and_the_run_actions_only_for_home_affairs(self):
        url = reverse("surveys:detail", args=["sipas-test"])
        self.client.force_login(self.home_affairs)
        response = self.client.get(url)
        self.assertContains(response, "Tiếp cận dịch vụ")
        for name in (
            "surveys:dashboard",
            "surveys:results",
            "surveys:results-xlsx",
            "surveys:draw",
            "surveys:respondents-xlsx",
            "surveys:import",
        ):
            self.assertContains(response, reverse(name, args=["sipas-test"]))
        self.assertContains(response, "survey:sipas-test")
        self.assertEqual(len(response.context["versions"]), 2)
        self.client.force_login(self.viewer)
        response = self.client.get(url)
        self.assertContains(response, reverse("surveys:results", args=["sipas-test"]))
        self.assertNotContains(response, reverse("surveys:draw", args=["sipas-test"]))

    def test_the_top_bar_offers_surveys_to_the_committee_not_to_unit_people(self):
        self.client.force_login(self.home_affairs)
        self.assertContains(self.client.get(LIST), f'<a href="{LIST}">Khảo sát</a>', html=True)
        self.client.force_login(self.commune_officer)
        self.assertNotContains(self.client.get(reverse("assessments:campaign-list")), f'href="{LIST}"')
        self.assertEqual(self.client.get(LIST).status_code, 403)

    def test_the_pages_read_a_fixed_number_of_queries(self):
        self.client.force_login(self.viewer)
        with self.assertNumQueries(4):  # session, user, memberships, surveys with their counts
            self.client.get(LIST)
        with self.assertNumQueries(7):  # … the survey, its components, questions, versions
            self.client.get(reverse("surveys:detail", args=["sipas-test"]))
