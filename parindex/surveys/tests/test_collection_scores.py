"""Responses from the three ways of collecting land in the same figures, and the survey leaf follows them at once.

Survey sipas-test (collecting.py, minimum sample 3) feeds leaf 1.1 of testdata/collect-set.yaml (max 10, proportional
to 100). For Xã An Bình, by hand (a question's value is the mean score of its scored answers, a component's the mean
of its questions', the total the mean of the two components):

- imported r1: q1 100, q2 60, q3 60, q4 60, q5 "không biết" (left out);
- imported r2: q1 60, q2 60, q3 20, q4 100, q5 60 → 2 responses, under the minimum: the leaf is not scored;
- typed r3: q1 100, q3 60 → tiep_can = (86.67 + 60) / 2 = 73.33; ket_qua = (46.67 + 80 + 60) / 3 = 62.22;
  total 67.78 → 6.78 points;
- web r4: q1 0, q3 0 → tiep_can = (65 + 60) / 2 = 62.50; ket_qua = (35 + 80 + 60) / 3 = 58.33; total 60.42 → 6.04.
"""

import csv
import io
from decimal import Decimal as D

from django.core.management import call_command
from django.urls import reverse

from parindex.assessments.models import Score
from parindex.assessments.services import open_campaign
from parindex.frameworks.services import install_framework, read_framework_file
from parindex.surveys.tests.collecting import kobo_header, kobo_row, make_respondent, make_survey
from parindex.surveys.tests.xlsforms import TESTDATA
from parindex.tests.district import ACTOR, DistrictTestCase, TempDirMixin


class CollectionScoresTests(TempDirMixin, DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey()
        framework = install_framework(read_framework_file(TESTDATA / "collect-set.yaml"), ACTOR).framework
        cls.leaf = framework.criteria.get(code="1.1")
        cls.survey_campaign = open_campaign("c2026", "collect-set", "xa", ACTOR, year=2026, owner_code="H")

    def score(self):
        return Score.objects.filter(campaign=self.survey_campaign, unit=self.commune, criterion=self.leaf).first()

    def test_imported_typed_and_web_responses_score_the_survey_leaf_as_computed_by_hand(self):
        path = self.dir / "kobo.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(kobo_header())
            good, fair, poor, best = "hai_long", "hai_long", "chua_hai_long", "rat_hai_long"
            writer.writerow(kobo_row("r1", "X-AN", [best, good, good, good, "khong_biet"]))
            writer.writerow(kobo_row("r2", "X-AN", [fair, good, poor, best, good]))
        quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
        call_command("import_responses", str(path), "--survey", "sipas-test", **quiet)
        self.assertIsNone(self.score())  # 2 respondents, minimum 3

        self.client.force_login(self.home_affairs)
        self.client.post(reverse("surveys:entry", args=["sipas-test", "X-AN"]), {"q-q1": "1", "q-q3": "2"})
        score = self.score()
        self.assertEqual((score.self_value, score.self_score), (D("67.78"), D("6.78")))

        respondent = make_respondent(self.survey, self.commune)
        self.client.logout()
        self.client.post(
            reverse("survey-form", args=[respondent.token]), {"q-q1": "khong_hai_long", "q-q3": "khong_hai_long"}
        )
        score = self.score()
        self.assertEqual((score.self_value, score.self_score), (D("60.42"), D("6.04")))
