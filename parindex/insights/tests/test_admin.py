"""The administration site changes mappings and the province's figures through the same audited services."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.insights.models import AreaMapping, ProvinceStanding
from parindex.tests.district import DistrictTestCase, person


class AdminTests(DistrictTestCase):
    def setUp(self):
        self.client.force_login(person("quantri", None, None, is_staff=True, is_superuser=True))

    def test_a_mapping_added_and_deleted_in_the_admin_is_audited(self):
        mapping = {"framework_code": "mini-2026", "area_code": "I", "previous_framework_code": "mini"}
        response = self.client.post(reverse("admin:insights_areamapping_add"), {**mapping, "previous_area_code": "1"})
        self.assertEqual(response.status_code, 302)
        mapping = AreaMapping.objects.get()
        self.client.post(reverse("admin:insights_areamapping_delete", args=[mapping.pk]), {"post": "yes"})
        entries = list(AuditEntry.objects.filter(action=Action.AREA_MAPPING_CHANGED).order_by("id"))
        self.assertEqual([(e.before is None, e.after is None) for e in entries], [(True, False), (False, True)])

    def test_the_provinces_figures_changed_in_the_admin_are_audited(self):
        response = self.client.post(
            reverse("admin:insights_provincestanding_add"),
            {"unit": self.district.pk, "year": "2021", "index": "80.11", "rank": "5", "ranked_total": "10"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(str(ProvinceStanding.objects.get().index), "80.11")
        self.assertTrue(AuditEntry.objects.filter(action=Action.PROVINCE_STANDING_CHANGED).exists())
