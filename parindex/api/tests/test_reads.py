from __future__ import annotations

import io
import json

from django.core.management import call_command

from parindex.api.tests.base import ApiTestCase
from parindex.assessments import lifecycle
from parindex.assessments.services import ScoreRow, Stage, store_scores
from parindex.audit.services import Actor
from parindex.frameworks.models import Criterion
from parindex.indicators.models import Figure
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import ACTOR, calendar_over


def cli_ranking(code: str) -> dict:
    out = io.StringIO()
    call_command("ranking", "--campaign", code, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


class ReadTests(ApiTestCase):
    def score(self, unit, code: str, points: str) -> None:
        from decimal import Decimal

        leaf = Criterion.objects.get(framework=self.framework, code=code)
        store_scores(self.campaign, Stage.SELF, [ScoreRow(unit.pk, leaf, Decimal(points), False)], ACTOR, "tests")

    def test_the_ranking_equals_the_command_lines_json_once_the_results_are_locked(self):
        self.score(self.commune, "1.1", "1")
        self.score(self.other_commune, "1.2", "2")
        self.score(self.other_commune, "2.1", "3.5")
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        response = self.get("/campaigns/c2021/ranking", self.home_affairs)
        self.assertEqual(response.status_code, 200)
        got = response.json()
        self.assertIs(got.pop("provisional"), False)
        for unit in got["units"]:
            self.assertEqual((unit.pop("standing"), unit.pop("hidden")), ("missed", False))  # nobody submitted
        expected = cli_ranking("c2021")
        self.assertEqual(got, expected)
        self.assertEqual([u["unit"] for u in got["units"]], ["X-BINH", "X-AN"])
        self.assertEqual(got["units"][0]["rank"], 1)

    def test_a_commune_officer_sees_its_own_draft_but_never_another_communes(self):
        self.score(self.commune, "1.1", "1")
        self.score(self.other_commune, "1.1", "0.5")
        ranking = self.get("/campaigns/c2021/ranking", self.commune_officer).json()
        self.assertIs(ranking["provisional"], True)
        self.assertEqual([(u["unit"], u["hidden"]) for u in ranking["units"]], [("X-AN", False)])
        self.assertIsNotNone(ranking["units"][0]["points"])
        own = self.get("/campaigns/c2021/results/X-AN", self.commune_officer).json()
        self.assertEqual((own["hidden"], own["points"]), (False, 1.0))
        self.assertEqual([a["code"] for a in own["areas"]], ["1", "2"])
        self.assertEqual(self.get("/campaigns/c2021/results/X-BINH", self.commune_officer).status_code, 404)
        # Home Affairs over the district sees both units listed, neither draft's figures.
        seen = self.get("/campaigns/c2021/ranking", self.home_affairs).json()
        self.assertEqual(
            {(u["unit"], u["hidden"], u["points"]) for u in seen["units"]},
            {("X-AN", True, None), ("X-BINH", True, None)},
        )
        other = self.get("/campaigns/c2021/results/X-BINH", self.home_affairs).json()
        self.assertEqual(
            (other["hidden"], other["points"], other["areas"], other["standing"]), (True, None, [], "not_submitted")
        )

    def test_campaigns_and_units_follow_the_users_scope(self):
        self.assertEqual(self.get("/campaigns", self.outsider).json(), [])
        self.assertEqual(self.get("/campaigns/c2021", self.outsider).status_code, 404)
        self.assertEqual(self.get("/campaigns/c2021", self.other_officer).json()["owner"], "H")
        self.assertEqual([u["code"] for u in self.get("/units", self.commune_officer).json()], ["X-AN"])
        self.assertEqual(
            {u["code"] for u in self.get("/units", self.home_affairs).json()}, {"H", "X-AN", "X-BINH", "CQ-NV"}
        )
        missing = self.get("/campaigns/nope", self.home_affairs)
        self.assertEqual((missing.status_code, missing.json()["error"]), (404, "not_found"))

    def test_indicator_figures_are_those_of_the_units_in_scope(self):
        Figure.objects.create(
            unit=self.commune, period="2021", kind="year", indicator="ontime_rate", numerator=3, denominator=4
        )
        Figure.objects.create(
            unit=self.other_commune, period="2021", kind="year", indicator="ontime_rate", numerator=1, denominator=1
        )
        mine = self.get("/indicators", self.commune_officer, period="2021").json()
        self.assertEqual([(f["unit"], f["value"]) for f in mine], [("X-AN", 75.0)])
        self.assertEqual(self.get("/indicators", self.commune_officer, period="2021", unit="X-BINH").status_code, 404)
        every = self.get("/indicators", self.viewer, period="2021", indicator="ontime_rate").json()
        self.assertEqual([f["unit"] for f in every], ["X-AN", "X-BINH"])
        bad = self.get("/indicators", self.viewer, period="2021-13")
        self.assertEqual((bad.status_code, bad.json()["error"]), (400, "invalid_request"))
        self.assertEqual(self.get("/indicators", self.viewer).status_code, 422)

    def test_survey_results_are_the_committees_and_head_ratings_follow_the_ranking_rules(self):
        self.assertEqual(self.get("/surveys", self.commune_officer).status_code, 403)
        self.assertEqual(self.get("/surveys", self.viewer).json(), [])
        self.assertEqual(self.get("/surveys/none/results", self.viewer).status_code, 404)
        ratings = self.get("/campaigns/c2021/ratings", self.home_affairs).json()
        self.assertEqual((ratings["rules"], ratings["units"]), (None, []))

    def test_head_ratings_are_those_of_the_ratings_page_with_the_same_disclosure(self):
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        stored, _outcome = install_rule_set(rules, meta, ACTOR)
        lifecycle.save_settings(self.campaign, {"rating_rules": stored}, Actor.of(self.home_affairs))
        self.score(self.commune, "1.1", "1")
        ratings = self.get("/campaigns/c2021/ratings", self.commune_officer).json()
        self.assertEqual((ratings["rules"], ratings["provisional"]), (stored.code, True))
        self.assertEqual([(u["unit"], u["hidden"]) for u in ratings["units"]], [("X-AN", False)])
        self.assertTrue(ratings["units"][0]["level_name"])
        seen = self.get("/campaigns/c2021/ratings", self.viewer).json()
        self.assertEqual(
            {(u["unit"], u["hidden"], u["level"]) for u in seen["units"]}, {("X-AN", True, ""), ("X-BINH", True, "")}
        )
