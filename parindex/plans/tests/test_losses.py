"""Where a unit lost points: a normal leaf loses max − points, a penalty the points it takes off, a bonus nothing, a
leaf not applicable nothing."""

from decimal import Decimal as D

from django.test import SimpleTestCase

from parindex.plans.losses import leaf_loss, losses
from parindex.plans.tests.plan_support import LOST, PublishedTestCase


class LeafLossTests(SimpleTestCase):
    def test_a_normal_leaf_loses_what_it_did_not_get(self):
        self.assertEqual(leaf_loss("normal", D("2"), D("1.25"), False), D("0.75"))

    def test_a_leaf_not_scored_loses_its_maximum(self):
        self.assertEqual(leaf_loss("normal", D("2"), None, False), D("2"))

    def test_a_leaf_not_applicable_loses_nothing(self):
        self.assertEqual(leaf_loss("normal", D("2"), None, True), D("0"))

    def test_a_leaf_not_applicable_loses_what_its_meaning_says(self):
        self.assertEqual(leaf_loss("normal", D("2"), None, True, "leaves_denominator"), D("0"))
        self.assertEqual(leaf_loss("normal", D("2"), None, True, "full_points"), D("0"))
        self.assertEqual(leaf_loss("normal", D("2"), None, True, "zero"), D("2"))
        self.assertEqual(leaf_loss("bonus", D("2"), None, True, "zero"), D("0"))

    def test_a_penalty_loses_the_points_it_takes_off(self):
        self.assertEqual(leaf_loss("penalty", D("3"), D("1"), False), D("1"))
        self.assertEqual(leaf_loss("penalty", D("3"), D("0"), False), D("0"))

    def test_a_bonus_never_loses(self):
        self.assertEqual(leaf_loss("bonus", D("2"), D("0"), False), D("0"))


class UnitLossesTests(PublishedTestCase):
    def test_the_commune_lost_points_on_three_leaves_in_the_sets_order(self):
        found = losses(self.campaign, self.commune)
        self.assertEqual({loss.leaf.code: loss.lost for loss in found}, LOST)
        self.assertEqual([loss.leaf.code for loss in found], ["1.2", "1.3", "9.2"])
        self.assertEqual(found[0].area.code, "1")

    def test_it_takes_one_query(self):
        losses(self.campaign, self.commune)
        with self.assertNumQueries(1):
            losses(self.campaign, self.commune)
