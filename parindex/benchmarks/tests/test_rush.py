"""parindex bench-rush: officers saving through a real app server on a scratch database, with a floor."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase

from parindex.assessments.models import Campaign
from parindex.benchmarks import rush
from parindex.frameworks.services import SAMPLES, install_framework, read_framework_file
from parindex.tests.district import ACTOR


class ValidInputsTests(TestCase):
    def test_every_generated_input_is_accepted_by_its_leafs_rule(self):
        from parindex.assessments.leafrules import read_inputs

        framework = install_framework(read_framework_file(SAMPLES / "sample-commune-2021.yaml"), ACTOR).framework
        for leaf in framework.criteria.filter(is_leaf=True, kind="normal"):
            for posted in rush.valid_inputs(leaf):
                reading = read_inputs(leaf, posted)
                assert reading is not None, (leaf.code, posted)
                self.assertLessEqual(Decimal(0), reading.points, (leaf.code, posted))


@pytest.mark.slow
class BenchRushTests(TestCase):
    def test_it_measures_saves_against_the_floor_on_a_scratch_database(self):
        out = StringIO()
        call_command(
            "bench_rush", "--users", "4", "--seconds", "2", "--think", "0.2", "0.4", "--workers", "2", stdout=out
        )
        text = out.getvalue()
        self.assertIn("floor: GET /login/", text)
        saves = re.search(r"saves: POST a leaf \(HTMX autosave\): ([\d,]+) requests.*errors (\d+)", text)
        self.assertIsNotNone(saves, text)
        self.assertGreater(int(saves.group(1).replace(",", "")), 4)
        self.assertEqual(saves.group(2), "0", text)
        self.assertIn("target: p95 ≤ 300 ms", text)
        self.assertFalse(Campaign.objects.filter(code=rush.CAMPAIGN).exists())  # the scratch database is gone
