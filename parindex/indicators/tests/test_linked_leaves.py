"""Leaves whose source is ``indicator:<code>`` take the unit's figure for the campaign's year: the unit sees the
value and the points and cannot type over them; the council can override them with a reason."""

from decimal import Decimal as D

from django.core.management import call_command
from django.urls import reverse

from parindex.assessments import lifecycle
from parindex.assessments.models import Result, Score
from parindex.assessments.services import Stage, set_score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.indicators.tests.test_import_dossiers import DOSSIERS, run
from parindex.tests.district import DistrictTestCase, TempDirMixin, calendar_over, write


class LinkedLeafTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        self.leaf = self.framework.criteria.get(code="2.1")  # on-time rate, proportional to 100 %, max 4
        self.path = write(self.dir, "hoso.csv", DOSSIERS)

    def score(self, unit=None):
        return Score.objects.get(campaign=self.campaign, unit=unit or self.commune, criterion=self.leaf)

    def test_an_import_scores_the_linked_leaf_from_the_campaign_years_figure(self):
        run("import_dossiers", str(self.path))
        score = self.score()
        # X-AN resolved 4 dossiers in 2021, 2 on time: 50,00 % of the target → 2,00 of 4 points.
        self.assertEqual((score.self_value, score.self_score, score.final_score), (D("50.00"), D("2.00"), D("2.00")))
        self.assertEqual(self.score(self.other_commune).final_score, D("4.00"))
        entry = AuditEntry.objects.get(action=Action.SCORE_SELF, unit_id=self.commune.pk, criterion_id=self.leaf.pk)
        self.assertEqual(entry.after, {"score": "2.00", "not_applicable": False, "value": "50"})
        self.assertEqual(entry.reason, "nhập từ tệp hoso.csv")
        self.assertEqual(Result.objects.get(campaign=self.campaign, unit=self.commune).points, D("2.00"))

    def test_the_unit_sees_the_value_and_points_and_cannot_type_them(self):
        run("import_dossiers", str(self.path))
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertContains(page, "Tính cho năm 2021: 50,00% → <strong>2,00</strong> điểm", html=False)
        url = reverse("assessments:save-leaf", args=["c2021", "X-AN", self.leaf.pk])
        self.client.post(url, {"score_fields": "1", "value": "100"})
        self.assertEqual(self.score().self_score, D("2.00"))

    def test_a_unit_without_data_is_told_and_the_item_stays_unscored(self):
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertContains(page, "Chưa có số liệu vận hành của đơn vị")
        self.assertFalse(Score.objects.filter(criterion=self.leaf).exists())

    def test_the_councils_override_stands_when_new_data_arrives(self):
        run("import_dossiers", str(self.path))
        set_score(
            self.campaign,
            self.commune,
            self.leaf,
            Stage.APPRAISED,
            D("3"),
            Actor.of(self.appraiser),
            reason="Hồ sơ D4 trễ do lỗi phần mềm",
        )
        better = DOSSIERS.replace("2021-03-15 08:00", "2021-03-09 08:00")  # D4 now on time: 3 of 4
        run("import_dossiers", str(write(self.dir, "hoso2.csv", better)))
        score = self.score()
        self.assertEqual(
            (score.self_score, score.appraised_score, score.final_score), (D("3.00"), D("3.00"), D("3.00"))
        )
        self.assertEqual(score.self_value, D("75.00"))

    def test_locked_results_are_not_touched_by_new_data(self):
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        call_command("import_dossiers", str(self.path), verbosity=0)
        self.assertFalse(Score.objects.filter(criterion=self.leaf).exists())
