"""Loading a set checks the sources its items read; codes people type find the item they mean; a set run by one
unit group keeps the items of that group, at that group's maxima."""

from decimal import Decimal as D
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from parindex.frameworks.models import Framework, UnknownCriterion
from parindex.frameworks.services import install_framework, read_yaml
from parindex.frameworks.spec import SpecError, parse_framework
from parindex.indicators.models import Indicator
from parindex.surveys.models import Survey
from parindex.tests.district import ACTOR, TempDirMixin, write


def set_text(source, code="nguon"):
    return f"""
code: {code}
name: Bộ có nguồn số liệu
year: 2025
levels: [Lĩnh vực, Tiêu chí]
nodes:
  - code: I
    name: Cải cách thủ tục hành chính
    children:
      - code: "1.1"
        name: Tỷ lệ hồ sơ đúng hạn
        max: 2
        rule: {{type: proportional, target: 100}}
        source: "{source}"
      - {{code: "1.2", name: Tự chấm, max: 2, rule: {{type: manual}}}}
"""


def spec_of(text):
    return parse_framework(read_yaml(text))


class SourceValidationTests(TempDirMixin, TestCase):
    def load(self, text):
        path = write(self.dir, "set.yaml", text)
        out, err = StringIO(), StringIO()
        call_command("load_framework", str(path), stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_a_known_indicator_loads(self):
        installed = install_framework(spec_of(set_text("indicator:ontime_rate")), ACTOR)
        self.assertEqual(installed.warnings, [])
        self.assertTrue(Framework.objects.filter(code="nguon").exists())

    def test_an_unknown_indicator_is_refused_listing_the_known_codes(self):
        with self.assertRaises(SpecError) as ctx:
            install_framework(spec_of(set_text("indicator:ontime")), ACTOR)
        [problem] = ctx.exception.problems
        self.assertEqual((problem.where, problem.field), ("Tiêu chí 1.1, lĩnh vực I", "source"))
        self.assertIn("không có chỉ số nào mang mã ontime", problem.message)
        for code in Indicator.values:
            self.assertIn(code, problem.message)
        self.assertFalse(Framework.objects.exists())

    def test_the_command_refuses_an_unknown_indicator_and_writes_nothing(self):
        path = write(self.dir, "set.yaml", set_text("indicator:ontime"))
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("load_framework", str(path), stdout=StringIO(), stderr=err)
        self.assertIn("Tiêu chí 1.1, lĩnh vực I, trường “source”: không có chỉ số nào mang mã ontime", err.getvalue())
        self.assertFalse(Framework.objects.exists())

    def test_a_survey_not_loaded_yet_loads_with_a_warning(self):
        out, err = self.load(set_text("survey:hai-long:thu-tuc"))
        self.assertEqual(out, "nguon\n")
        self.assertIn(
            "Lưu ý: Tiêu chí 1.1, lĩnh vực I, trường “source”: chưa nạp phiếu khảo sát nào mang mã hai-long", err
        )
        self.assertTrue(Framework.objects.filter(code="nguon").exists())

    def test_a_loaded_survey_gives_no_warning(self):
        Survey.objects.create(code="hai-long", title="Khảo sát sự hài lòng", digest="x", content={})
        installed = install_framework(spec_of(set_text("survey:hai-long")), ACTOR)
        self.assertEqual(installed.warnings, [])


CODES = """
code: ma
name: Mã lặp lại
year: 2025
levels: [Lĩnh vực, Tiêu chí, Tiêu chí thành phần]
nodes:
  - code: I
    name: Lĩnh vực một
    children:
      - code: "3"
        name: Tiêu chí ba
        children:
          - {code: a, name: Thành phần a của I/3, max: 1, rule: {type: manual}}
      - code: "4"
        name: Tiêu chí bốn
        children:
          - {code: a, name: Thành phần a của I/4, max: 1, rule: {type: manual}}
          - {code: b, name: Thành phần b, max: 1, rule: {type: manual}}
"""


class CriterionLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.framework = install_framework(spec_of(CODES), ACTOR).framework
        cls.lookup = cls.framework.criterion_lookup()

    def test_a_code_finds_its_item_by_identity_path_or_unique_printed_code(self):
        self.assertEqual(self.lookup.find("I/3/a").name, "Thành phần a của I/3")
        self.assertEqual(self.lookup.find(" I / 4 / a ").name, "Thành phần a của I/4")
        self.assertEqual(self.lookup.find("b").path, "I/4/b")
        self.assertEqual(self.lookup.find("I/4/b").code, "b")
        self.assertIsNone(self.lookup.find("c"))

    def test_a_repeated_code_names_its_parents_by_their_level(self):
        with self.assertRaises(UnknownCriterion) as ctx:
            self.lookup.find("a")
        self.assertEqual(str(ctx.exception), "mã a có ở tiêu chí I/3 và tiêu chí I/4: ghi I/3/a hoặc I/4/a")


GROUPS = """
code: nhom
name: Hai nhóm
year: 2025
levels: [Lĩnh vực, Tiêu chí, Tiêu chí thành phần]
nodes:
  - code: I
    name: Lĩnh vực một
    children:
      - code: "1"
        name: Chỉ cấp xã, qua các thành phần
        children:
          - {code: "1.1", name: Cho xã, max: 2, applies_to: [xa], rule: {type: manual}}
          - {code: "1.2", name: Cũng cho xã, max: 1, applies_to: [xa], rule: {type: manual}}
      - {code: "2", name: Cho mọi nhóm, max: 3, max_by_group: {co-quan: 5}, rule: {type: manual}}
      - {code: "3", name: Theo dõi, kind: tracking}
"""


class UnitGroupCriteriaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.framework = install_framework(spec_of(GROUPS), ACTOR).framework

    def maxima(self, group):
        return [(c.code, c.max_points) for c in self.framework.criteria_for_group(group)]

    def test_a_branch_left_without_children_leaves_and_the_sums_follow(self):
        self.assertEqual(self.maxima("co-quan"), [("I", D(5)), ("2", D(5)), ("3", D(0))])
        self.assertEqual(
            self.maxima("xa"), [("I", D(6)), ("1", D(3)), ("1.1", D(2)), ("1.2", D(1)), ("2", D(3)), ("3", D(0))]
        )
        self.assertEqual(self.framework.tree_of(self.framework.criteria_for_group("co-quan")).area_codes, ["I"])

    def test_the_set_as_stored_has_every_item(self):
        self.assertEqual(len(self.framework.criteria_for_group(None)), 6)
        self.assertEqual(self.framework.criteria.get(code="2").max_points, D(3))
        self.assertEqual(self.framework.max_points, D(6))
