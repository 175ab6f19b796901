"""Each audited model builds its own audit entries (``to_change``, ``snapshot``): the very entries the services built
by hand before, field for field."""

from datetime import date
from decimal import Decimal

from parindex.assessments.models import Assessment, Evidence, Question, Result, Score
from parindex.audit.models import Action
from parindex.audit.services import Change
from parindex.indicators.models import Target
from parindex.ratings.models import DisciplinaryCase, HeadRating, RatingRuleSet
from parindex.tests.district import DistrictTestCase


class AuditedModelTests(DistrictTestCase):
    def setUp(self):
        self.leaf = self.framework.criteria.filter(is_leaf=True).order_by("position").first()
        self.ids = {"campaign_id": self.campaign.pk, "unit_id": self.commune.pk}
        self.leaf_ids = {**self.ids, "criterion_id": self.leaf.pk}

    def test_a_campaigns_entry_names_it_by_its_code_and_is_filed_under_it(self):
        campaign = self.campaign
        self.assertEqual(
            campaign.to_change(Action.CAMPAIGN_CHANGED, {"name": "A"}, {"name": "B"}),
            Change(
                Action.CAMPAIGN_CHANGED, "campaign", campaign.pk, "c2021", {"name": "A"}, {"name": "B"}, campaign.pk
            ),
        )

    def test_a_campaign_wide_entry_of_another_kind_overrides_the_type_and_name(self):
        entry = self.campaign.to_change(
            Action.RESULT_COMPUTED, {"7": 2}, {"7": 1}, object_type="ranking", object_repr="c2021: 1"
        )
        expected = Change(
            Action.RESULT_COMPUTED, "ranking", self.campaign.pk, "c2021: 1", {"7": 2}, {"7": 1}, self.campaign.pk
        )
        self.assertEqual(entry, expected)

    def test_an_assessments_entry_names_the_campaign_by_code_and_the_unit_by_id(self):
        assessment = Assessment.objects.get(campaign=self.campaign, unit=self.commune)
        before, after = {"state": "submitted"}, {"state": "appraising"}
        self.assertEqual(
            assessment.to_change(Action.STATE_CHANGED, before, after),
            Change(
                Action.STATE_CHANGED, "assessment", assessment.pk, f"c2021/{self.commune.pk}", before, after, **self.ids
            ),
        )

    def test_a_scores_entry_is_the_same_from_the_row_or_from_its_ids(self):
        score = Score(campaign=self.campaign, unit=self.commune, criterion=self.leaf)
        after = score.snapshot("self")
        expected = Change(
            Action.SCORE_SELF,
            "score",
            f"{self.campaign.pk}:{self.commune.pk}:{self.leaf.pk}",
            f"{self.commune.pk}/{self.leaf.pk}",
            None,
            after,
            **self.leaf_ids,
        )
        self.assertEqual(score.to_change(Action.SCORE_SELF, None, after), expected)
        entry = Score.entry(Action.SCORE_SELF, self.campaign.pk, self.commune.pk, self.leaf.pk, None, after)
        self.assertEqual(entry, expected)

    def test_a_score_entry_may_name_the_unit_and_leaf_by_code(self):
        score = Score(campaign=self.campaign, unit=self.commune, criterion=self.leaf)
        name = f"X-AN/{self.leaf.code}"
        self.assertEqual(
            score.to_change(Action.NOTE_CHANGED, {"note": ""}, {"note": "x"}, object_repr=name).object_repr, name
        )

    def test_a_results_entry_names_campaign_and_unit_by_id(self):
        result = Result(campaign=self.campaign, unit=self.commune, points=Decimal("12.50"), max_points=Decimal(20))
        key = f"{self.campaign.pk}:{self.commune.pk}"
        self.assertEqual(
            result.to_change(Action.RESULT_COMPUTED, None, result.snapshot()),
            Change(
                Action.RESULT_COMPUTED,
                "result",
                key,
                key.replace(":", "/"),
                None,
                {"points": "12.50", "max_points": "20", "index": None, "rank": None, "band": ""},
                **self.ids,
            ),
        )

    def test_an_evidence_files_entry_keeps_its_name_size_fingerprint_and_stage(self):
        evidence = Evidence(
            pk=7,
            campaign=self.campaign,
            unit=self.commune,
            criterion=self.leaf,
            name="Quyết định.pdf",
            size=1024,
            sha256="ab" * 32,
            stage=Evidence.Stage.SELF,
        )
        described = {"name": "Quyết định.pdf", "size": 1024, "sha256": "ab" * 32, "stage": "self"}
        self.assertEqual(
            evidence.to_change(Action.EVIDENCE_REMOVED, evidence.snapshot(), None),
            Change(Action.EVIDENCE_REMOVED, "evidence", 7, "Quyết định.pdf", described, None, **self.leaf_ids),
        )

    def test_a_questions_entry_names_the_unit_and_leaf_by_code(self):
        question = Question(pk=3, campaign=self.campaign, unit=self.commune, criterion=self.leaf, text="Vì sao?")
        self.assertEqual(
            question.to_change(Action.EXPLANATION_ASKED, None, {"question": "Vì sao?"}),
            Change(
                Action.EXPLANATION_ASKED,
                "question",
                3,
                f"X-AN/{self.leaf.code}",
                None,
                {"question": "Vì sao?"},
                **self.leaf_ids,
            ),
        )

    def test_a_units_entry_keeps_its_name_parent_and_group_by_code(self):
        unit = self.commune
        self.assertEqual(
            unit.to_change(Action.UNIT_CHANGED, None, unit.snapshot()),
            Change(
                Action.UNIT_CHANGED,
                "unit",
                unit.pk,
                "X-AN Xã An Bình",
                None,
                {"name": "Xã An Bình", "parent": "H", "group": "xa"},
                unit_id=unit.pk,
            ),
        )

    def test_a_criteria_sets_entry_names_its_version(self):
        framework = self.framework
        after = {"version": 1, "digest": framework.digest, "outcome": "created"}
        self.assertEqual(
            framework.to_change(Action.FRAMEWORK_LOADED, None, after),
            Change(Action.FRAMEWORK_LOADED, "framework", framework.pk, str(framework), None, after),
        )

    def test_a_rating_rule_sets_entry_names_it_by_its_code(self):
        rules = RatingRuleSet(pk=4, code="mau-2026", name="Quy định mẫu")
        self.assertEqual(
            rules.to_change(Action.RATING_RULES_LOADED, None, {"code": "mau-2026"}),
            Change(Action.RATING_RULES_LOADED, "rating_rules", 4, "mau-2026", None, {"code": "mau-2026"}),
        )

    def test_a_disciplinary_cases_entry_keeps_what_the_register_says(self):
        case = DisciplinaryCase(
            pk=5,
            unit=self.commune,
            decided_on=date(2026, 3, 2),
            decision_number="12/QĐ-UBND",
            kind=DisciplinaryCase.Kind.HARASSMENT,
            official="Nguyễn Văn A",
            summary="Gây phiền hà",
        )
        said = {
            "unit": "X-AN",
            "decided_on": "2026-03-02",
            "decision_number": "12/QĐ-UBND",
            "kind": "nhung_nhieu",
            "official": "Nguyễn Văn A",
            "summary": "Gây phiền hà",
        }
        self.assertEqual(
            case.to_change(Action.DISCIPLINE_REMOVED, case.snapshot(), None),
            Change(
                Action.DISCIPLINE_REMOVED, "discipline", 5, "12/QĐ-UBND (X-AN)", said, None, unit_id=self.commune.pk
            ),
        )

    def test_a_head_ratings_entry_keeps_its_level_and_reasons(self):
        reasons = [{"level": "xuat-sac", "check": "index_min", "subject": "", "actual": "80", "required": "90"}]
        rating = HeadRating(pk=6, campaign=self.campaign, unit=self.commune, level_code="tot", reasons=reasons)
        self.assertEqual(
            rating.to_change(Action.HEAD_RATED, None, rating.snapshot()),
            Change(
                Action.HEAD_RATED,
                "head_rating",
                6,
                f"c2021/{self.commune.pk}",
                None,
                {"level": "tot", "reasons": reasons},
                **self.ids,
            ),
        )

    def test_an_indicator_targets_entry_names_the_indicator_and_year(self):
        target = Target(pk=8, indicator="dossiers_on_time", year=2026, minimum=Decimal("80.00"))
        self.assertEqual(
            target.to_change(Action.TARGET_CHANGED, "75.00", "80.00"),
            Change(Action.TARGET_CHANGED, "indicator_target", 8, "dossiers_on_time 2026", "75.00", "80.00"),
        )
