"""parindex draw-sample: each unit's respondents drawn from the dossiers it resolved, reproducibly, with quotas.

X-AN resolved 60 dossiers in 2021 and X-BINH 30; each also has one dossier still open and one resolved in 2020,
which the 2021 population leaves out. At 5 %: n = ⌈60 / 1,15⌉ = 53 and ⌈30 / 1,075⌉ = 28.
"""

from collections import Counter
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from parindex.audit.models import Action, AuditEntry
from parindex.surveys.models import Respondent, Sample
from parindex.surveys.tests.fieldwork import import_dossiers, make_survey
from parindex.tests.district import DistrictTestCase, TempDirMixin


class DrawSampleTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        self.survey = make_survey()
        import_dossiers(self.dir, {"X-AN": 60, "X-BINH": 30})

    def draw(self, *args):
        out, err = StringIO(), StringIO()
        call_command("draw_sample", "--survey", "sipas-test", "--period", "2021", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def references(self, unit):
        return sorted(Respondent.objects.filter(survey=self.survey, unit=unit).values_list("reference", flat=True))

    def test_each_unit_gets_the_sample_size_of_the_dossiers_it_resolved_in_the_period(self):
        out, _err = self.draw("--group", "xa", "--seed", "2021")
        samples = {s.unit.code: s for s in Sample.objects.select_related("unit")}
        self.assertEqual((samples["X-AN"].population, samples["X-AN"].size), (60, 53))
        self.assertEqual((samples["X-BINH"].population, samples["X-BINH"].size), (30, 28))
        self.assertNotIn("CQ-NV", samples)
        drawn = self.references(self.commune)
        self.assertEqual(len(drawn), 53)
        self.assertTrue(all(r.startswith("X-AN-2021-0") for r in drawn))  # neither the open nor the 2020 dossier
        self.assertIn("X-AN           N=60      n=53", out)
        self.assertIn("2 đơn vị, 81 người được chọn từ hồ sơ của 2021 (hạt giống 2021)", out)

    def test_every_respondent_has_its_own_one_time_link_and_the_dossiers_procedure_and_channel(self):
        self.draw("--unit", "X-BINH", "--seed", "5")
        respondents = list(Respondent.objects.filter(survey=self.survey))
        self.assertEqual(len({r.token for r in respondents}), 28)
        self.assertTrue(all(len(r.token) >= 32 and r.token_used_at is None for r in respondents))
        first = respondents[0]
        self.assertTrue(first.procedure and first.channel in {"direct", "online_partial", "online_full", "postal"})
        self.assertEqual(first.population, Respondent.Population.DOSSIERS)

    def test_the_same_seed_draws_the_same_people_and_another_seed_other_people(self):
        self.draw("--unit", "X-AN", "--seed", "42")
        first = self.references(self.commune)
        self.draw("--unit", "X-AN", "--seed", "42", "--redraw")
        self.assertEqual(self.references(self.commune), first)
        self.draw("--unit", "X-AN", "--seed", "43", "--redraw")
        self.assertNotEqual(self.references(self.commune), first)

    def test_a_unit_at_the_top_draws_from_its_whole_subtree(self):
        self.draw("--unit", "H", "--seed", "1")
        self.assertEqual(Sample.objects.get(unit=self.district).population, 90)

    def test_quotas_by_channel_share_the_sample_by_the_largest_remainder(self):
        out, _err = self.draw("--unit", "X-AN", "--seed", "9", "--quota-by", "channel", "--margin", "0.1")
        sample = Sample.objects.get(unit=self.commune)
        # 60 dossiers: 24 direct, 12 each of the three others; n = ⌈60 / 1,6⌉ = 38 → 15,2 / 7,6 / 7,6 / 7,6.
        self.assertEqual(sample.size, 38)
        self.assertEqual(sample.quotas, {"direct": 15, "online_full": 8, "online_partial": 8, "postal": 7})
        drawn = Counter(Respondent.objects.filter(unit=self.commune).values_list("channel", flat=True))
        self.assertEqual(dict(drawn), sample.quotas)
        self.assertIn("Trực tiếp tại Bộ phận Một cửa: 15", out)
        self.assertEqual(str(sample.margin), "0.100")

    def test_a_unit_drawn_before_is_kept_and_cannot_be_drawn_again_once_someone_answered(self):
        self.draw("--unit", "X-AN", "--seed", "3")
        first = self.references(self.commune)
        out, _err = self.draw("--unit", "X-AN", "--seed", "4")
        self.assertIn("đã chọn mẫu trước đây, giữ nguyên", out)
        self.assertEqual(self.references(self.commune), first)
        Respondent.objects.filter(unit=self.commune).update(token_used_at=timezone.now())
        with self.assertRaisesMessage(CommandError, "Xã An Bình"):
            self.draw("--unit", "X-AN", "--seed", "4", "--redraw")
        self.assertEqual(self.references(self.commune), first)

    def test_each_draw_is_audited_with_its_seed_and_sizes_but_no_personal_data(self):
        self.draw("--unit", "X-AN", "--seed", "11")
        entry = AuditEntry.objects.get(action=Action.SURVEY_SAMPLE_DRAWN)
        self.assertEqual(entry.unit_id, self.commune.pk)
        self.assertEqual(
            {k: entry.after[k] for k in ("seed", "period", "population", "size", "respondents")},
            {"seed": "11", "period": "2021", "population": 60, "size": 53, "respondents": 53},
        )
        self.assertNotIn("X-AN-2021-", str(entry.after))

    def test_without_a_seed_one_is_chosen_printed_and_recorded(self):
        out, _err = self.draw("--unit", "X-AN")
        seed = Sample.objects.get(unit=self.commune).seed
        self.assertRegex(seed, r"^\d{6}$")
        self.assertIn(f"(hạt giống {seed})", out)

    def test_a_dry_run_prints_the_plan_and_writes_nothing(self):
        out, err = self.draw("--group", "xa", "--seed", "1", "--dry-run")
        self.assertIn("N=60", out)
        self.assertIn("Chạy thử", err)
        self.assertFalse(Sample.objects.exists())
        self.assertFalse(Respondent.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action=Action.SURVEY_SAMPLE_DRAWN).exists())

    def test_mistakes_end_with_one_clear_line(self):
        cases = [
            (["--survey", "khong-co"], "khong-co"),
            (["--survey", "sipas-test", "--unit", "X-KHONG"], "X-KHONG"),
            (["--survey", "sipas-test", "--period", "2021-13"], "2026-Q3"),
            (["--survey", "sipas-test", "--margin", "năm"], "0,05"),
            (["--survey", "sipas-test", "--margin", "1"], "0,05"),
        ]
        for args, needle in cases:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, needle):
                call_command("draw_sample", *args, stdout=StringIO(), stderr=StringIO())


class DrawWithoutDossiersTests(DistrictTestCase):
    def test_a_draw_before_any_dossier_was_imported_says_so(self):
        make_survey()
        with self.assertRaisesMessage(CommandError, "import-dossiers"):
            call_command("draw_sample", "--survey", "sipas-test", stdout=StringIO(), stderr=StringIO())
