"""parindex refresh-indicators: every figure computed again from the store; a dry run computes and writes nothing."""

from io import StringIO

from django.core.management import CommandError, call_command

from parindex.assessments.models import Score
from parindex.audit.models import AuditEntry
from parindex.indicators import store
from parindex.indicators.models import Figure
from parindex.indicators.tests.test_import_dossiers import DOSSIERS, run
from parindex.tests.district import DistrictTestCase, TempDirMixin, write


class RefreshIndicatorsTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        run("import_dossiers", str(write(self.dir, "hoso.csv", DOSSIERS)))
        # As after a holiday or unit change: the stored figures and the linked scores are out of date.
        Figure.objects.all().delete()
        Score.objects.all().delete()

    def refresh(self, *args: str) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("refresh_indicators", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_it_stores_the_figures_and_scores_the_linked_leaves(self):
        self.refresh()
        self.assertTrue(Figure.objects.exists())
        self.assertTrue(Score.objects.exists())

    def test_a_dry_run_says_what_it_computed_and_writes_nothing(self):
        entries = AuditEntry.objects.count()
        out, err = self.refresh("--dry-run")
        self.assertRegex(out, r"[1-9]\d* ")
        self.assertIn("Chạy thử", err)
        self.assertFalse(Figure.objects.exists())
        self.assertFalse(Score.objects.exists())
        self.assertEqual(AuditEntry.objects.count(), entries)


class EmptyStoreTests(TempDirMixin, DistrictTestCase):
    """A database restored without its store (or a store lost): the figures must not be silently replaced."""

    def setUp(self):
        super().setUp()
        run("import_dossiers", str(write(self.dir, "hoso.csv", DOSSIERS)))
        store.clear()
        self.figures = sorted(Figure.objects.values_list("unit_id", "period", "indicator", "numerator", "denominator"))

    def test_a_refresh_on_a_store_without_the_figures_file_is_refused_and_changes_nothing(self):
        self.assertTrue(self.figures)
        with self.assertRaises(CommandError) as refused:
            call_command("refresh_indicators", stdout=StringIO(), stderr=StringIO())
        self.assertIn("không có dossiers.parquet", str(refused.exception))
        self.assertIn("--force", str(refused.exception))
        self.assertNotIn("\n", str(refused.exception))
        self.assertEqual(
            sorted(Figure.objects.values_list("unit_id", "period", "indicator", "numerator", "denominator")),
            self.figures,
        )

    def test_force_refreshes_anyway(self):
        call_command("refresh_indicators", "--force", stdout=StringIO(), stderr=StringIO())
        self.assertFalse(Figure.objects.filter(indicator="ontime_rate", numerator__gt=0).exists())

    def test_a_store_that_never_held_logins_refreshes_when_no_login_figure_exists(self):
        run("import_dossiers", str(write(self.dir, "hoso.csv", DOSSIERS)))
        self.assertFalse(store.path_of("logins").exists())
        call_command("refresh_indicators", stdout=StringIO(), stderr=StringIO())
        self.assertTrue(Figure.objects.filter(indicator="ontime_rate", numerator__gt=0).exists())
