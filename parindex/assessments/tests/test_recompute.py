"""Recomputing results after one edit (set_score) and for a whole campaign, with the audit trail."""

from decimal import Decimal as D
from io import StringIO

from django.core.management import call_command

from parindex.assessments.models import Result, Score
from parindex.assessments.scoring import recompute_campaign
from parindex.assessments.services import Stage, set_score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import ACTOR, DistrictTestCase


class SetScoreTests(DistrictTestCase):
    def leaf(self, code):
        return self.framework.criteria.get(code=code)

    def result(self, unit):
        return Result.objects.get(campaign=self.campaign, unit=unit)

    def test_one_edit_recomputes_the_unit_and_re_ranks_the_group(self):
        set_score(self.campaign, self.commune, self.leaf("1.2"), Stage.APPRAISED, D(1), ACTOR)
        set_score(self.campaign, self.other_commune, self.leaf("1.2"), Stage.APPRAISED, D(2), ACTOR)
        self.assertEqual((self.result(self.commune).rank, self.result(self.other_commune).rank), (2, 1))
        set_score(self.campaign, self.commune, self.leaf("2.1"), Stage.APPRAISED, D(4), ACTOR, reason="Bổ sung hồ sơ")
        self.assertEqual((self.result(self.commune).rank, self.result(self.other_commune).rank), (1, 2))
        self.assertEqual(self.result(self.commune).index, D("50.00"))

    def test_the_appraiser_change_is_audited_with_who_before_after_and_why(self):
        appraiser = Actor.of(self.appraiser)
        set_score(self.campaign, self.commune, self.leaf("1.2"), Stage.SELF, D(2), Actor.of(self.commune_officer))
        set_score(
            self.campaign, self.commune, self.leaf("1.2"), Stage.APPRAISED, D(1), appraiser, reason="Thiếu kế hoạch"
        )
        entry = AuditEntry.objects.filter(action=Action.SCORE_APPRAISED).get()
        self.assertEqual(entry.actor, self.appraiser)
        self.assertEqual(entry.actor_name, "thamdinh")
        self.assertEqual(entry.before, {"score": None, "not_applicable": False})
        self.assertEqual(entry.after, {"score": "1.00", "not_applicable": False})
        self.assertEqual(entry.reason, "Thiếu kế hoạch")
        self.assertEqual(entry.unit_id, self.commune.pk)
        score = Score.objects.get(unit=self.commune, criterion__code="1.2")
        self.assertEqual((score.self_score, score.appraised_score, score.final_score), (D(2), D(1), D(1)))
        result_entry = AuditEntry.objects.filter(action=Action.RESULT_COMPUTED, unit_id=self.commune.pk).latest("id")
        self.assertEqual((result_entry.before["index"], result_entry.after["index"]), ("20.00", "10.00"))

    def test_rank_moves_of_other_units_are_audited_in_one_entry(self):
        set_score(self.campaign, self.other_commune, self.leaf("1.2"), Stage.APPRAISED, D(1), ACTOR)
        set_score(self.campaign, self.commune, self.leaf("1.2"), Stage.APPRAISED, D(2), ACTOR)
        entry = AuditEntry.objects.filter(object_type="ranking").latest("id")
        self.assertEqual(entry.before, {str(self.other_commune.pk): 1})
        self.assertEqual(entry.after, {str(self.other_commune.pk): 2})

    def test_an_unchanged_score_writes_nothing(self):
        set_score(self.campaign, self.commune, self.leaf("1.1"), Stage.APPRAISED, D(1), ACTOR)
        count = AuditEntry.objects.count()
        set_score(self.campaign, self.commune, self.leaf("1.1"), Stage.APPRAISED, D("1.00"), ACTOR)
        self.assertEqual(AuditEntry.objects.count(), count)

    def test_a_score_outside_the_leaf_range_is_refused(self):
        with self.assertRaisesMessage(ValueError, "0..1"):
            set_score(self.campaign, self.commune, self.leaf("1.1"), Stage.APPRAISED, D(2), ACTOR)
        with self.assertRaises(ValueError):
            set_score(self.campaign, self.commune, self.leaf("1"), Stage.APPRAISED, D(1), ACTOR)

    def test_not_applicable_takes_the_leaf_out_of_the_maximum(self):
        set_score(self.campaign, self.commune, self.leaf("2.2"), Stage.APPRAISED, None, ACTOR, not_applicable=True)
        self.assertEqual(self.result(self.commune).max_points, D(8))
        with self.assertRaises(ValueError):
            set_score(self.campaign, self.commune, self.leaf("1.1"), Stage.APPRAISED, None, ACTOR, not_applicable=True)

    def test_bonus_and_penalty_move_the_total_within_their_caps(self):
        set_score(self.campaign, self.commune, self.leaf("1.2"), Stage.APPRAISED, D(2), ACTOR)
        set_score(self.campaign, self.commune, self.leaf("9.1"), Stage.APPRAISED, D(2), ACTOR)
        self.assertEqual(self.result(self.commune).points, D(4))
        set_score(self.campaign, self.commune, self.leaf("9.2"), Stage.APPRAISED, D(3), ACTOR)
        result = self.result(self.commune)
        self.assertEqual((result.bonus, result.penalty, result.points, result.index), (D(2), D(3), D(1), D("10.00")))


class RecomputeCommandTests(DistrictTestCase):
    def test_a_full_recompute_repairs_results_and_audits_only_changes(self):
        set_score(self.campaign, self.commune, self.framework.criteria.get(code="1.2"), Stage.APPRAISED, D(2), ACTOR)
        Result.objects.filter(unit=self.commune).update(index=D(99), rank=None)
        out = StringIO()
        call_command("recompute", "--campaign", "c2021", stdout=out)
        self.assertIn("1 kết quả thay đổi", out.getvalue())
        self.assertEqual(Result.objects.get(unit=self.commune).index, D("20.00"))
        self.assertEqual(recompute_campaign(self.campaign, ACTOR).changed, 0)

    def test_a_unit_leaving_the_group_loses_its_result(self):
        self.other_commune.group = None
        self.other_commune.save()
        recompute_campaign(self.campaign, ACTOR)
        self.assertEqual(list(Result.objects.values_list("unit__code", flat=True)), ["X-AN"])
