"""parindex load-framework: prints the code, validates, versions a set in use instead of changing it."""

import re
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

import yaml
from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.assessments.services import open_campaign
from parindex.audit.models import Action, AuditEntry
from parindex.frameworks.models import Framework
from parindex.frameworks.services import SAMPLES, read_framework_file
from parindex.org.models import Unit, UnitGroup
from parindex.scoring.engine import LeafKind
from parindex.tests.district import ACTOR, TESTDATA, TempDirMixin

MINI = TESTDATA / "mini-set.yaml"


def load(path, *extra):
    out, err = StringIO(), StringIO()
    call_command("load_framework", str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class LoadFrameworkTests(TempDirMixin, TestCase):
    def edited_copy(self, change):
        data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
        change(data)
        path = self.dir / "edited.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    def test_it_prints_the_code_and_stores_the_tree(self):
        out, _err = load(MINI)
        self.assertEqual(out, "mini\n")
        framework = Framework.objects.get(code="mini")
        self.assertEqual(framework.version, 1)
        leaf = framework.criteria.get(code="1.2")
        self.assertEqual((leaf.depth, leaf.parent.code, leaf.is_leaf), (2, "1", True))
        self.assertEqual(leaf.rule["type"], "bands")
        self.assertEqual(framework.max_points, 10)
        self.assertTrue(AuditEntry.objects.filter(action=Action.FRAMEWORK_LOADED).exists())

    def test_loading_the_same_content_again_changes_nothing(self):
        load(MINI)
        _out, err = load(MINI)
        self.assertIn("không đổi", err)
        self.assertEqual(Framework.objects.filter(code="mini").count(), 1)

    def test_new_content_replaces_a_version_no_campaign_uses(self):
        load(MINI)
        load(self.edited_copy(lambda d: d.update(name="Bộ tiêu chí sửa")))
        self.assertEqual(list(Framework.objects.values_list("version", "name")), [(1, "Bộ tiêu chí sửa")])

    def test_a_set_used_by_a_campaign_is_never_changed_in_place(self):
        load(MINI)
        group = UnitGroup.objects.create(code="xa", name="Xã")
        Unit.objects.create(code="X", name="Xã X", group=group)  # a campaign is run by a unit
        campaign = open_campaign("c", "mini", "xa", ACTOR)
        load(self.edited_copy(lambda d: d["nodes"][0]["children"][0].update(max=2, name="Kế hoạch")))
        versions = Framework.objects.filter(code="mini").order_by("version")
        self.assertEqual([f.version for f in versions], [1, 2])
        campaign.refresh_from_db()
        self.assertEqual(campaign.framework.version, 1)
        self.assertEqual(campaign.framework.criteria.get(code="1.1").max_points, 1)
        self.assertEqual(versions[1].criteria.get(code="1.1").max_points, 2)

    def test_an_invalid_set_is_rejected_with_every_error_and_nothing_stored(self):
        def break_it(data):
            data["nodes"][0]["children"][0]["rule"]["options"] = []
            data["nodes"][0]["children"][2]["code"] = "1.2"  # a sibling's code

        err = StringIO()
        with self.assertRaises(CommandError) as ctx:
            call_command("load_framework", str(self.edited_copy(break_it)), stdout=StringIO(), stderr=err)
        self.assertIn("2 lỗi", str(ctx.exception))
        self.assertIn("1.1", err.getvalue())
        self.assertIn(
            "Tiêu chí 1.2, lĩnh vực 1, trường “code”: trùng mã, đã dùng ở Tiêu chí 1.2, lĩnh vực 1", err.getvalue()
        )
        self.assertFalse(Framework.objects.exists())

    def test_a_yaml_syntax_error_names_the_line(self):
        path = self.dir / "broken.yaml"
        path.write_text("code: x\nnodes: [\n  - a: 1\n", encoding="utf-8")
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("load_framework", str(path), stdout=StringIO(), stderr=err)
        self.assertIn("dòng", err.getvalue())

    def test_a_dry_run_validates_and_stores_nothing(self):
        out, _err = load(MINI, "--dry-run")
        self.assertEqual(out, "mini\n")
        self.assertFalse(Framework.objects.exists())

    def test_codes_that_look_like_numbers_stay_text(self):
        path = self.edited_copy(lambda d: None)
        text = path.read_text(encoding="utf-8").replace("'1.2'", "1.10")
        path.write_text(text, encoding="utf-8")
        load(path)
        self.assertTrue(Framework.objects.get().criteria.filter(code="1.10").exists())


class SampleSetsTests(TestCase):
    """The shipped samples: realistic, complete, marked as samples."""

    WEAK = {
        "indicator:online_rate",
        "indicator:bcci_rate",
        "indicator:onestop_recording_rate",
        "indicator:login_compliance",
        "indicator:apology_rate",
    }

    def test_each_sample_is_valid_complete_and_marked_as_a_sample(self):
        samples = sorted(SAMPLES.glob("*.yaml"))
        self.assertEqual([p.name for p in samples], ["sample-agency-2021.yaml", "sample-commune-2021.yaml"])
        for path in samples:
            spec = read_framework_file(path)
            leaves = [leaf for leaf, _a in spec.leaves()]
            with self.subTest(path.name):
                self.assertTrue(spec.sample)
                self.assertIn("MẪU", spec.description)
                self.assertGreaterEqual(len(leaves), 40)
                self.assertEqual(spec.max_points, 100)
                self.assertTrue(7 <= len(spec.nodes) <= 8)
                self.assertEqual(
                    {leaf.rule.type for leaf in leaves},
                    {"manual", "choice", "bands", "proportional", "deduction", "per_item", "ratio"},
                )
                self.assertIn("council", {leaf.source for leaf in leaves})
                self.assertEqual({leaf.kind for leaf in leaves}, {LeafKind.NORMAL, LeafKind.BONUS, LeafKind.PENALTY})
                self.assertLessEqual(self.WEAK, {leaf.source for leaf in leaves})
                names = " ".join(leaf.name.lower() for leaf in leaves)
                for words in (
                    "kiểm soát tthc",
                    "báo cáo cchc định kỳ",
                    "nhiệm vụ được",
                    "xin lỗi",
                    "bưu chính công ích",
                    "một cửa điện tử",
                    "04 lần/ngày",
                    "trực tuyến",
                ):
                    self.assertIn(words, names)

    def test_no_sample_asks_for_a_document_of_a_given_year_so_any_years_campaign_can_use_it(self):
        # A 2026 campaign on these sets must not ask for "Kế hoạch CCHC năm 2021": the wording says "năm đánh giá".
        # Years inside a legal citation (Nghị định 90/2020/NĐ-CP) or a fixed baseline (biên chế năm 2015) are fine.
        a_year = re.compile(r"(?<![/\d:])20\d\d(?![/\d])")
        for path in sorted(SAMPLES.glob("*.yaml")):
            spec = read_framework_file(path)
            texts = [spec.name] + [f"{node.name} {node.evidence}" for node, _a in spec.walk()]
            dated = [text for text in texts if any(year != "2015" for year in a_year.findall(text))]
            with self.subTest(path.name):
                self.assertEqual(dated, [])
                self.assertTrue(any("năm đánh giá" in text for text in texts))

    def test_each_sample_loads_through_the_command(self):
        for path in sorted(SAMPLES.glob("*.yaml")):
            out, _err = load(path)
            self.assertEqual(out.strip(), path.stem)


class ReloadThenScoreTests(TestCase):
    def test_content_loaded_back_after_a_change_is_scored_with_its_new_criteria(self):
        from decimal import Decimal

        from parindex.assessments.scoring import recompute_campaign
        from parindex.assessments.services import Stage, set_score
        from parindex.org.models import Unit

        edited = yaml.safe_load(MINI.read_text(encoding="utf-8"))
        edited["name"] = "Tạm thời"
        with TemporaryDirectory() as tmp:
            other = Path(tmp) / "other.yaml"
            other.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
            group = UnitGroup.objects.create(code="xa", name="Xã")
            unit = Unit.objects.create(code="X", name="Xã X", group=group)
            load(MINI)
            recompute_campaign(open_campaign("warm", "mini", "xa", ACTOR), ACTOR)  # caches the set's scoring tree
            Framework.objects.get(code="mini").campaigns.all().delete()
            load(other)  # replaced in place: no campaign uses it now
            load(MINI)  # back to the first content: same id and digest, new criteria rows
        campaign = open_campaign("c", "mini", "xa", ACTOR)
        leaf = campaign.framework.criteria.get(code="1.2")
        set_score(campaign, unit, leaf, Stage.APPRAISED, Decimal(2), ACTOR)
        self.assertEqual(campaign.results.get(unit=unit).points, Decimal(2))
