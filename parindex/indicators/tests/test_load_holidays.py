"""parindex load-holidays: the shipped holidays by default, all or nothing, and a dry run that writes nothing."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.deadlines.models import Holiday
from parindex.tests.district import TempDirMixin, write


def load(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_holidays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class LoadHolidaysTests(TempDirMixin, TestCase):
    def test_the_shipped_holidays_load_and_print_how_many(self):
        out, _err = load()
        self.assertEqual(int(out), Holiday.objects.count())
        self.assertGreater(Holiday.objects.count(), 10)

    def test_a_dry_run_checks_the_file_says_how_many_and_writes_nothing(self):
        out, err = load("--dry-run")
        self.assertGreater(int(out), 10)
        self.assertIn("Chạy thử", err)
        self.assertFalse(Holiday.objects.exists())

    def test_a_bad_entry_is_refused_in_a_dry_run_too(self):
        path = write(self.dir, "nghi.yaml", "holidays:\n  - {day: 2026-13-01, name: Sai}\n")
        with self.assertRaisesMessage(CommandError, "YAML"):
            load(str(path), "--dry-run")
        self.assertFalse(Holiday.objects.exists())
