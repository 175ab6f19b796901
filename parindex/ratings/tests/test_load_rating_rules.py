"""parindex load-rating-rules: prints the code; a set without a name is called by its code; a dry run writes
nothing."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.audit.models import AuditEntry
from parindex.ratings.models import RatingRuleSet
from parindex.ratings.spec import SAMPLES
from parindex.tests.district import TempDirMixin, write

# The example of issue 4: no name.
NAMELESS = """
code: quy-dinh-2026
levels:
  - {code: tot, name: Hoàn thành tốt nhiệm vụ, when: {index_min: 80}}
  - {code: khong_hoan_thanh, name: Không hoàn thành nhiệm vụ, when: {}}
"""


def load(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_rating_rules", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class LoadRatingRulesTests(TempDirMixin, TestCase):
    def test_the_sample_loads_and_its_code_is_printed(self):
        out, _err = load(str(SAMPLES / "sample-head-rating.yaml"))
        self.assertEqual(out.strip(), "sample-head-rating")
        self.assertEqual(RatingRuleSet.objects.get().name, "Quy định xếp loại trách nhiệm người đứng đầu (mẫu)")

    def test_a_rule_set_without_a_name_is_stored_under_its_code(self):
        out, _err = load(str(write(self.dir, "quy-dinh.yaml", NAMELESS)))
        self.assertEqual(out.strip(), "quy-dinh-2026")
        self.assertEqual(RatingRuleSet.objects.get().name, "quy-dinh-2026")

    def test_a_dry_run_validates_prints_the_code_and_writes_nothing(self):
        out, err = load(str(SAMPLES / "sample-head-rating.yaml"), "--dry-run")
        self.assertEqual(out.strip(), "sample-head-rating")
        self.assertIn("Chạy thử", err)
        self.assertFalse(RatingRuleSet.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_bad_set_is_refused_in_a_dry_run_too(self):
        path = write(self.dir, "sai.yaml", NAMELESS.replace("index_min: 80", "index_min: 180"))
        with self.assertRaisesMessage(CommandError, "180"):
            load(str(path), "--dry-run")
