"""parindex refresh-indicators: every figure computed again from the store; a dry run computes and writes nothing."""

from io import StringIO

from django.core.management import call_command

from parindex.assessments.models import Score
from parindex.audit.models import AuditEntry
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
