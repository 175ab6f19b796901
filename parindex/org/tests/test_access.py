"""Scope rules: a role covers its unit and the whole subtree, nothing else."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from parindex.org.access import get_unit_for_user, has_role, units_for_user
from parindex.org.models import Role, Unit
from parindex.tests.district import DistrictTestCase


class AccessTests(DistrictTestCase):
    def test_a_district_role_covers_every_unit_below(self):
        codes = set(units_for_user(self.home_affairs).values_list("code", flat=True))
        self.assertEqual(codes, {"H", "X-AN", "X-BINH", "CQ-NV"})

    def test_a_commune_role_covers_only_that_commune_and_its_subtree(self):
        hamlet = Unit.objects.create(code="X-AN-T1", name="Thôn 1", parent=self.commune)
        codes = set(units_for_user(self.commune_officer).values_list("code", flat=True))
        self.assertEqual(codes, {"X-AN", hamlet.code})

    def test_roles_can_be_asked_for_by_kind(self):
        self.assertEqual(units_for_user(self.commune_officer, [Role.HEAD]).count(), 0)
        self.assertTrue(has_role(self.commune_head, self.commune, [Role.HEAD]))
        self.assertFalse(has_role(self.commune_officer, self.commune, [Role.HEAD]))
        self.assertTrue(has_role(self.appraiser, self.commune, [Role.APPRAISER]))
        self.assertFalse(has_role(self.other_officer, self.commune, [Role.OFFICER]))

    def test_an_outsider_or_anonymous_visitor_sees_no_unit(self):
        self.assertEqual(units_for_user(self.outsider).count(), 0)
        self.assertEqual(units_for_user(AnonymousUser()).count(), 0)
        self.assertFalse(has_role(AnonymousUser(), self.commune, [Role.VIEWER]))

    def test_get_unit_for_user_gives_404_outside_the_scope(self):
        self.assertEqual(get_unit_for_user(self.commune_officer, "X-AN"), self.commune)
        with self.assertRaises(Http404):
            get_unit_for_user(self.commune_officer, "X-BINH")
        with self.assertRaises(Http404):
            get_unit_for_user(self.commune_officer, "NO-SUCH-UNIT")

    def test_a_superuser_sees_everything(self):
        admin = self.person("quantri", None, None, is_superuser=True)
        self.assertEqual(units_for_user(admin).count(), Unit.objects.count())
        self.assertTrue(has_role(admin, self.commune, [Role.HEAD]))
