"""parindex ranking: the contract of DESIGN.md §5.1, and a published table reproduced from the command line."""

import csv
import io
import json
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from parindex.tests.district import TESTDATA, DistrictTestCase, write

PUBLISHED = TESTDATA / "published"


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


class PublishedTableTests(TestCase):
    """A set typed from a published-style table, units and appraised scores loaded with the commands."""

    @classmethod
    def setUpTestData(cls):
        run("load_framework", str(PUBLISHED / "criteria.yaml"))
        run("import_units", str(PUBLISHED / "units.csv"))
        run("open_campaign", "--code", "hy-2020", "--framework", "published-2020", "--group", "huyen")
        run("import_scores", str(PUBLISHED / "appraised.csv"), "--campaign", "hy-2020")

    def test_it_gives_the_published_index_and_rank_to_the_hundredth_ties_included(self):
        rows = list(csv.reader(io.StringIO(run("ranking", "--campaign", "hy-2020", "--format", "csv"))))
        self.assertEqual(rows[0], ["rank", "unit", "name", "points", "max_points", "index", "band"])
        self.assertEqual(
            rows[1:],
            [
                ["1", "HY-TP", "Thành phố Hưng Yên", "86.37", "100.00", "86.37", "B"],
                ["2", "HY-MH", "Thị xã Mỹ Hào", "85.65", "100.00", "85.65", "B"],
                ["3", "HY-YM", "Huyện Yên Mỹ", "82.62", "100.00", "82.62", "B"],
                ["4", "HY-VL", "Huyện Văn Lâm", "82.05", "100.00", "82.05", "B"],
                ["5", "HY-VG", "Huyện Văn Giang", "80.11", "100.00", "80.11", "B"],
                ["6", "HY-AT", "Huyện Ân Thi", "78.50", "100.00", "78.50", "C"],
                # Khoái Châu had no TTHC-control item (not applicable): 73.70 / 96 rescales to 76.77.
                ["7", "HY-KC", "Huyện Khoái Châu", "73.70", "96.00", "76.77", "C"],
                ["8", "HY-KD", "Huyện Kim Động", "74.40", "100.00", "74.40", "C"],
                ["8", "HY-PC", "Huyện Phù Cừ", "74.40", "100.00", "74.40", "C"],
                ["10", "HY-TL", "Huyện Tiên Lữ", "68.65", "100.00", "68.65", "D"],
            ],
        )

    def test_the_table_format_is_for_people_in_vietnamese(self):
        table = run("ranking", "--campaign", "hy-2020", "--format", "table")
        self.assertIn("Xếp hạng", table)
        self.assertIn("Chỉ số (%)", table)
        vg = next(line for line in table.splitlines() if "HY-VG" in line)
        self.assertIn("5/10", vg)
        self.assertIn("80,11", vg)

    def test_json_carries_the_area_sub_indices(self):
        payload = json.loads(run("ranking", "--campaign", "hy-2020", "--format", "json"))
        self.assertEqual(payload["campaign"], "hy-2020")
        vg = next(u for u in payload["units"] if u["unit"] == "HY-VG")
        self.assertEqual((vg["rank"], vg["index"], vg["points"]), (5, 80.11, 80.11))
        self.assertEqual(vg["areas"]["3"], {"points": 9.5, "max_points": 12.0, "index": 79.17})
        self.assertEqual(list(vg["areas"]), ["1", "2", "3", "4", "5", "6", "7", "8"])


class RankingOrderTests(DistrictTestCase):
    def test_a_unit_with_nothing_applicable_is_listed_last_without_rank(self, tmp_path=None):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as tmp:
            path = write(
                Path(tmp),
                "s.csv",
                "unit,criterion,score\nX-BINH,1.1,1\nX-AN,1.1,1\nX-AN,1.2,2\n",
            )
            run("import_scores", str(path), "--campaign", "c2021")
        rows = list(csv.reader(io.StringIO(run("ranking", "--campaign", "c2021", "--format", "csv"))))
        self.assertEqual([r[0:2] for r in rows[1:]], [["1", "X-AN"], ["2", "X-BINH"]])
        self.assertEqual(rows[1][5], "30.00")
