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


def level(rate: float, p95: float, served: float | None = None, errors: int = 0) -> rush.Level:
    """A level whose 20 latencies have the given 95th percentile, served at ``served`` per second."""
    seconds = 20 / (rate if served is None else served)
    return rush.Level(rate, seconds, latencies=[p95] * 20, errors=["500 /x"] * errors)


class SearchTests(TestCase):
    def test_it_doubles_the_offered_rate_then_halves_the_gap_to_the_highest_rate_met(self):
        offered: list[float] = []

        def measure(rate: float) -> rush.Level:
            offered.append(rate)
            return level(rate, 0.1 if rate <= 130 else 0.9)

        levels = rush.search(measure, 0.3, start=40, ceiling=2000)
        self.assertEqual(offered, [40, 80, 160, 120, 140, 130])
        self.assertEqual(rush.best(levels, 0.3).rate, 130)

    def test_a_level_served_slower_than_offered_or_with_an_error_does_not_meet_the_target(self):
        self.assertTrue(level(100, 0.2).meets(0.3))
        self.assertFalse(level(100, 0.2, served=80).meets(0.3))  # the server fell behind the offered rate
        self.assertFalse(level(100, 0.2, errors=1).meets(0.3))
        self.assertFalse(level(100, 0.31).meets(0.3))

    def test_no_rate_met_is_said_as_none(self):
        levels = rush.search(lambda rate: level(rate, 1.0), 0.3, start=40, ceiling=2000)
        self.assertEqual([lv.rate for lv in levels], [40])
        self.assertIsNone(rush.best(levels, 0.3))


@pytest.mark.slow
class BenchRushTests(TestCase):
    def test_it_searches_the_rate_of_saves_and_of_the_floor_and_counts_their_statements(self):
        out = StringIO()
        call_command(
            "bench_rush",
            *("--users", "4", "--seconds", "1", "--start-rate", "4", "--ceiling", "8"),
            *("--threads", "4", "--workers", "2"),
            stdout=out,
        )
        text = out.getvalue()
        counted = re.search(r"SQL statements per request .*: save ([\d.]+), floor ([\d.]+)", text)
        self.assertIsNotNone(counted, text)
        self.assertGreater(float(counted.group(1)), float(counted.group(2)))  # a save does more than the floor
        self.assertGreaterEqual(float(counted.group(2)), 4)  # session, user, the row, the audit entry at least
        self.assertEqual(len(re.findall(r"  offered +4/s: served", text)), 2, text)  # the floor's and the saves'
        self.assertNotIn("errors", text.split("result (")[0])
        self.assertRegex(text, r"floor: one row \+ one audit entry +\d+/s")
        self.assertRegex(text, r"saves: POST a leaf \(autosave\) +\d+/s  p95 +\d+ ms  CPU per request: app")
        self.assertIn("target: ≥ 300 saves/s at p95 ≤ 300 ms: MISSED", text)  # 8/s at most here
        self.assertFalse(Campaign.objects.filter(code=rush.CAMPAIGN).exists())  # the scratch database is gone
