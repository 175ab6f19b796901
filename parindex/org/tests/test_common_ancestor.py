"""The nearest common ancestor of units: the unit that runs a campaign over them by default."""

from django.test import TestCase

from parindex.org.models import Unit, common_ancestor_ids, nearest_common_ancestor


class NearestCommonAncestorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.province = Unit.objects.create(code="T", name="UBND tỉnh")
        cls.district = Unit.objects.create(code="H", name="UBND huyện", parent=cls.province)
        cls.commune = Unit.objects.create(code="X-AN", name="Xã An Bình", parent=cls.district)
        cls.other_commune = Unit.objects.create(code="X-BINH", name="Xã Bình Minh", parent=cls.district)
        cls.hamlet = Unit.objects.create(code="X-AN-1", name="Thôn 1", parent=cls.commune)
        cls.other_district = Unit.objects.create(code="H2", name="UBND huyện khác", parent=cls.province)
        cls.elsewhere = Unit.objects.create(code="K", name="Tỉnh khác")

    def test_the_communes_of_a_district_are_run_by_the_district(self):
        self.assertEqual(nearest_common_ancestor([self.commune, self.other_commune]), self.district)

    def test_units_at_different_depths_meet_at_their_deepest_shared_unit(self):
        self.assertEqual(nearest_common_ancestor([self.hamlet, self.other_commune]), self.district)
        self.assertEqual(nearest_common_ancestor([self.hamlet, self.other_district]), self.province)

    def test_a_unit_above_the_others_is_itself_their_common_ancestor(self):
        self.assertEqual(nearest_common_ancestor([self.district, self.hamlet, self.commune]), self.district)

    def test_a_single_unit_is_its_own_nearest_common_ancestor(self):
        self.assertEqual(nearest_common_ancestor([self.commune]), self.commune)

    def test_units_in_different_trees_or_no_units_have_none(self):
        self.assertIsNone(nearest_common_ancestor([self.commune, self.elsewhere]))
        self.assertIsNone(nearest_common_ancestor([]))

    def test_the_common_ancestors_are_listed_from_the_root(self):
        paths = [self.hamlet.path, self.other_commune.path]
        self.assertEqual(common_ancestor_ids(paths), [self.province.pk, self.district.pk])

    def test_a_unit_contains_itself_and_its_subtree_only(self):
        self.assertTrue(self.district.contains(self.district))
        self.assertTrue(self.district.contains(self.hamlet))
        self.assertFalse(self.commune.contains(self.other_commune))
        self.assertFalse(self.hamlet.contains(self.commune))
        # A path prefix is not enough: /1/ must not contain /12/.
        self.assertFalse(Unit(path="/1/").contains(Unit(path="/12/")))
