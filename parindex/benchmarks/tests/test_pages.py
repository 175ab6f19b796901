"""parindex bench-pages: renders each page as its user, prints its time, queries and size beside a bare read of its
rows, keeps nothing, and fails with --check when a page is over its target."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TransactionTestCase

from parindex.assessments.models import Campaign, Score
from parindex.org.models import Unit
from parindex.ratings.models import HeadRating

PAGES = (
    "ranking · Home Affairs",
    "ranking · head of one unit",
    "overview · Home Affairs",
    "overview · council member (own list)",
    "head ratings · Home Affairs (open)",
    "head ratings · head of one unit (open)",
    "appraisal sheet · council member",
    "head ratings · Home Affairs (locked)",
)


class BenchPagesTests(TransactionTestCase):
    def test_it_prints_every_page_beside_its_anchor_and_rolls_everything_back(self):
        out = StringIO()
        call_command("bench_pages", "--units", "12", "--leaves", "10", "--runs", "1", stdout=out)
        lines = out.getvalue().splitlines()
        for label in PAGES:
            line = next(line for line in lines if line.strip().startswith(label))
            self.assertIn("≤ 300 ms", line)
            self.assertNotIn("HTTP", line)  # every page answered 200
            self.assertRegex(line, r" ms +\d+ +[\d,]+ ")  # its queries and size
        self.assertIn("bare read", out.getvalue())
        self.assertFalse(Campaign.objects.exists())
        self.assertFalse(Unit.objects.exists())
        self.assertFalse(Score.objects.exists())
        self.assertFalse(HeadRating.objects.exists())

    def test_check_fails_when_a_page_misses_its_target(self):
        with self.assertRaisesMessage(CommandError, "targets missed: appraisal sheet · council member, ranking"):
            call_command(
                "bench_pages",
                "--units",
                "3",
                "--leaves",
                "5",
                "--runs",
                "1",
                "--target",
                "0",
                "--check",
                stdout=StringIO(),
            )
