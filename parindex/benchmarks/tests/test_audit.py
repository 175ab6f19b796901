"""parindex bench-audit: prints its figures against a baseline of the same run and keeps nothing."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from parindex.audit.models import AuditEntry


class BenchAuditTests(TestCase):
    def test_it_verifies_the_synthetic_chain_prints_figures_with_the_baselines_and_rolls_back(self):
        out = StringIO()
        call_command("bench_audit", "--entries", "2500", stdout=out)
        text = out.getvalue()
        for label in (
            "bench-audit: 2,500 entries",
            "bare read of every entry",
            "SHA-256 alone",
            "walk the chain",
            "target ≤ 10,000 ms",
            "2,500 entries verified",
        ):
            self.assertIn(label, text)
        self.assertFalse(AuditEntry.objects.exists())
