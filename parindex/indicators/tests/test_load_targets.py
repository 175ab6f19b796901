"""parindex load-targets: yearly targets from YAML, audited; a dry run checks and writes nothing."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from parindex.audit.models import Action, AuditEntry
from parindex.indicators.models import Target
from parindex.indicators.reference import SAMPLES


def load(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_targets", str(SAMPLES / "targets-sample.yaml"), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class LoadTargetsTests(TestCase):
    def test_the_sample_targets_are_stored_and_audited(self):
        out, _err = load()
        self.assertIn(str(Target.objects.count()), out)
        self.assertTrue(Target.objects.exists())
        self.assertTrue(AuditEntry.objects.filter(action=Action.TARGET_CHANGED).exists())

    def test_a_dry_run_reports_what_it_would_create_and_writes_nothing(self):
        out, err = load("--dry-run")
        self.assertIn("Đã tạo 7 chỉ tiêu", out)
        self.assertIn("Chạy thử", err)
        self.assertFalse(Target.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_quiet_dry_run_prints_nothing_on_standard_output(self):
        out, _err = load("--dry-run", "--verbosity", "0")
        self.assertEqual(out, "")
