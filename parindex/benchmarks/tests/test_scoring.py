"""parindex bench-scoring: prints its figures against a baseline of the same run and keeps nothing."""

from io import StringIO

from django.core.management import call_command
from django.test import TransactionTestCase

from parindex.assessments.models import Campaign, Score
from parindex.org.models import Unit


class BenchScoringTests(TransactionTestCase):
    def test_it_prints_figures_with_the_baseline_and_rolls_everything_back(self):
        out = StringIO()
        call_command("bench_scoring", "--units", "30", "--leaves", "12", "--runs", "1", "--edits", "3", stdout=out)
        text = out.getvalue()
        for label in (
            "import-scores of",
            "bare read of all score rows",
            "first (every result inserted)",
            "edit, median",
            "edit, p95",
        ):
            self.assertIn(label, text)
        self.assertIn("target ≤ 2,000 ms", text)
        self.assertIn("target ≤ 10,000 ms", text)
        self.assertFalse(Campaign.objects.exists())
        self.assertFalse(Unit.objects.exists())
        self.assertFalse(Score.objects.exists())
