"""parindex load-rating-rules and rate-heads: the sample rules applied to a campaign, with reasons."""

import csv
import io
import json
from datetime import date
from decimal import Decimal as D

from django.core.management import CommandError, call_command

from parindex.assessments.services import Stage, set_score
from parindex.audit.models import Action, AuditEntry
from parindex.ratings.models import DisciplinaryCase, RatingRuleSet
from parindex.ratings.services import rate_campaign
from parindex.ratings.spec import SAMPLES
from parindex.tests.district import ACTOR, DistrictTestCase, TempDirMixin, write


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


class RateHeadsTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        leaves = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        scores = {
            self.commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"},  # 85,00; area 2 at 75 %
            self.other_commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "1.8"},  # 58,00; area 2 at 30 %
        }
        for unit, values in scores.items():
            for code, points in values.items():
                set_score(self.campaign, unit, leaves[code], Stage.APPRAISED, D(points), ACTOR)
        self.assertEqual(
            run("load_rating_rules", str(SAMPLES / "sample-head-rating.yaml")).strip(), "sample-head-rating"
        )

    def rows(self):
        return list(
            csv.DictReader(
                io.StringIO(
                    run("rate_heads", "--campaign", "c2021", "--rules", "sample-head-rating", "--format", "csv")
                )
            )
        )

    def test_the_csv_has_the_contract_header_and_each_units_level_with_reasons(self):
        text = run("rate_heads", "--campaign", "c2021", "--rules", "sample-head-rating", "--format", "csv")
        self.assertTrue(text.startswith("unit,name,index,level,reasons\n"))
        rows = {row["unit"]: row for row in self.rows()}
        self.assertEqual((rows["X-AN"]["index"], rows["X-AN"]["level"]), ("85.00", "tot"))
        self.assertIn("Lĩnh vực 2 đạt 75,00% < 80%", rows["X-AN"]["reasons"])
        self.assertIn("Chỉ số 85,00 < 90", rows["X-AN"]["reasons"])
        self.assertEqual(rows["X-BINH"]["level"], "hoan_thanh")
        self.assertEqual(
            rows["X-BINH"]["reasons"].split("; "),
            ["Chỉ số 58,00 < 90", "Lĩnh vực 2 đạt 30,00% < 80%", "Chỉ số 58,00 < 80", "Lĩnh vực 2 đạt 30,00% < 65%"],
        )

    def test_a_disciplinary_case_of_a_listed_kind_in_the_year_caps_the_rating(self):
        DisciplinaryCase.objects.create(
            unit=self.commune, decided_on=date(2021, 6, 1), decision_number="12/QĐ-UBND", kind="lam_dung_chuc_vu"
        )
        rows = {row["unit"]: row for row in self.rows()}
        self.assertEqual(rows["X-AN"]["level"], "hoan_thanh")
        self.assertIn("Lạm dụng chức vụ", rows["X-AN"]["reasons"])

    def test_a_case_from_another_year_does_not_count(self):
        DisciplinaryCase.objects.create(
            unit=self.commune, decided_on=date(2020, 6, 1), decision_number="9/QĐ-UBND", kind="lam_dung_chuc_vu"
        )
        self.assertEqual({row["unit"]: row for row in self.rows()}["X-AN"]["level"], "tot")

    def test_json_and_table_name_the_levels(self):
        payload = json.loads(
            run("rate_heads", "--campaign", "c2021", "--rules", "sample-head-rating", "--format", "json")
        )
        self.assertTrue(payload["sample"])
        self.assertEqual(payload["units"][0]["level_name"], "Hoàn thành tốt nhiệm vụ")
        table = run("rate_heads", "--campaign", "c2021", "--rules", "sample-head-rating")
        self.assertIn("Hoàn thành nhiệm vụ", table)

    def test_loading_again_is_audited_once_and_a_bad_file_names_the_problem(self):
        run("load_rating_rules", str(SAMPLES / "sample-head-rating.yaml"))
        self.assertEqual(AuditEntry.objects.filter(action=Action.RATING_RULES_LOADED).count(), 1)
        self.assertEqual(RatingRuleSet.objects.get().rules.levels[0].code, "xuat_sac")
        bad = write(
            self.dir,
            "bad.yaml",
            "code: x\nname: X\nlevels:\n  - {code: a, name: A, when: {index_minimum: 1}}\n  - {code: b, name: B}\n",
        )
        with self.assertRaisesMessage(CommandError, "index_minimum"):
            run("load_rating_rules", str(bad))
        with self.assertRaisesMessage(CommandError, "nope"):
            run("rate_heads", "--campaign", "c2021", "--rules", "nope")

    def test_criterion_shares_come_from_the_final_scores_for_all_units_and_for_one(self):
        rules = write(
            self.dir,
            "criteria.yaml",
            "code: criteria\nname: Theo tiêu chí\nlevels:\n"
            "  - {code: tot, name: Tốt, when: {every_criterion_min_pct: 60}}\n"
            "  - {code: con_lai, name: Còn lại, when: {}}\n",
        )
        self.assertEqual(run("load_rating_rules", str(rules)).strip(), "criteria")
        table = run("rate_heads", "--campaign", "c2021", "--rules", "criteria", "--format", "csv")
        rows = {row["unit"]: row for row in csv.DictReader(io.StringIO(table))}
        self.assertEqual(rows["X-AN"]["reasons"], "Tiêu chí 2.2 đạt 25,00% < 60%")
        # X-BINH never scored 2.2: 0 of its maximum, as in the index.
        self.assertEqual(rows["X-BINH"]["reasons"], "Tiêu chí 2.1 đạt 45,00% < 60%; Tiêu chí 2.2 đạt 0,00% < 60%")
        stored = RatingRuleSet.objects.get(code="criteria")
        self.assertEqual(
            rate_campaign(self.campaign, stored.rules, [self.commune.pk])[0].reasons, [rows["X-AN"]["reasons"]]
        )
