"""Following an area across criteria sets: by code, through mappings (renamed, merged, new), step by step."""

from decimal import Decimal

from django.test import SimpleTestCase

from parindex.frameworks.models import Framework
from parindex.insights.areas import AreaMatcher, share
from parindex.insights.models import AreaMapping


def sets(*codes: str) -> list[Framework]:
    return [Framework(pk=k, code=code) for k, code in enumerate(codes, start=1)]


def mapping(framework: str, area: str, previous_framework: str, previous_area: str) -> AreaMapping:
    return AreaMapping(
        framework_code=framework,
        area_code=area,
        previous_framework_code=previous_framework,
        previous_area_code=previous_area,
    )


class AreaMatchingTests(SimpleTestCase):
    def test_areas_of_one_set_across_its_campaigns_match_by_code(self):
        frameworks = sets("xa", "xa")
        chains = AreaMatcher([]).chains(frameworks, {1: ["1", "2"], 2: ["1", "2"]})
        self.assertEqual(chains, [{"1": ["1"], "2": ["2"]}, {"1": ["1"], "2": ["2"]}])

    def test_without_a_mapping_a_new_set_matches_by_code_and_an_unknown_code_has_no_earlier_figure(self):
        frameworks = sets("old", "new")
        chains = AreaMatcher([]).chains(frameworks, {1: ["1", "2"], 2: ["1", "9"]})
        self.assertEqual(chains[0], {"1": ["1"], "9": []})

    def test_a_mapping_follows_renamed_areas_and_says_which_are_new(self):
        frameworks = sets("old", "new")
        matcher = AreaMatcher([mapping("new", "I", "old", "1"), mapping("new", "III", "old", "")])
        chains = matcher.chains(frameworks, {1: ["1", "2"], 2: ["I", "III"]})
        self.assertEqual(chains[0], {"I": ["1"], "III": []})

    def test_several_mappings_merge_areas(self):
        frameworks = sets("old", "new")
        matcher = AreaMatcher([mapping("new", "A", "old", "1"), mapping("new", "A", "old", "2")])
        self.assertEqual(matcher.chains(frameworks, {1: ["1", "2"], 2: ["A"]})[0], {"A": ["1", "2"]})

    def test_mappings_compose_across_three_sets(self):
        frameworks = sets("s2021", "s2023", "s2025")
        matcher = AreaMatcher([mapping("s2023", "B", "s2021", "1"), mapping("s2025", "C", "s2023", "B")])
        chains = matcher.chains(frameworks, {1: ["1"], 2: ["B"], 3: ["C"]})
        self.assertEqual(chains, [{"C": ["1"]}, {"C": ["B"]}, {"C": ["C"]}])

    def test_a_mapping_to_an_area_the_previous_set_lacks_gives_no_figure(self):
        frameworks = sets("old", "new")
        matcher = AreaMatcher([mapping("new", "I", "old", "7")])
        self.assertEqual(matcher.chains(frameworks, {1: ["1"], 2: ["I"]})[0], {"I": []})


class ShareTests(SimpleTestCase):
    areas = {"1": ["3.00", "4.00", "75.00"], "2": ["5.00", "6.00", "83.33"], "3": ["0", "0", None]}

    def test_one_area_is_its_stored_sub_index(self):
        self.assertEqual(share(self.areas, ["2"]), Decimal("83.33"))

    def test_merged_areas_add_their_points_and_maxima(self):
        self.assertEqual(share(self.areas, ["1", "2"]), Decimal("80.00"))

    def test_nothing_to_show_is_none(self):
        self.assertIsNone(share(self.areas, []))
        self.assertIsNone(share(self.areas, ["3"]))
        self.assertIsNone(share(self.areas, ["9"]))
