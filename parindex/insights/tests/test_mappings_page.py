"""The area mappings page: Home Affairs records which area of the previous set a new set's area continues;
every change is audited; leaders read the list."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.insights.models import AreaMapping
from parindex.insights.tests.history import build_history
from parindex.tests.district import DistrictTestCase


class MappingsPageTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        build_history(cls)
        AreaMapping.objects.all().delete()
        cls.url = reverse("insights:mappings")

    def test_home_affairs_records_a_mapping_by_names_and_it_is_audited(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        self.assertContains(response, "Bộ tiêu chí thử nghiệm 2026 (2026)")
        self.assertContains(response, "không có: lĩnh vực mới")
        response = self.client.post(self.url, {"area": "mini-2026|I", "previous": "mini|1"})
        self.assertRedirects(response, self.url)
        mapping = AreaMapping.objects.get()
        named = (mapping.framework_code, mapping.area_code, mapping.previous_framework_code)
        self.assertEqual(named, ("mini-2026", "I", "mini"))
        entry = AuditEntry.objects.get(action=Action.AREA_MAPPING_CHANGED)
        self.assertEqual(entry.actor, self.home_affairs)
        self.assertEqual(entry.after["previous_area"], "1")
        response = self.client.get(self.url)
        self.assertContains(response, "I. Công tác chỉ đạo, điều hành cải cách hành chính")
        self.assertContains(response, "1. Công tác chỉ đạo, điều hành CCHC")

    def test_a_new_area_is_recorded_with_no_previous_area(self):
        self.client.force_login(self.home_affairs)
        self.client.post(self.url, {"area": "mini-2026|III", "previous": "mini|"})
        self.assertEqual(AreaMapping.objects.get().previous_area_code, "")

    def test_a_mapping_within_one_set_or_twice_is_refused(self):
        self.client.force_login(self.home_affairs)
        response = self.client.post(self.url, {"area": "mini-2026|I", "previous": "mini-2026|II"})
        self.assertContains(response, "bộ tiêu chí khác")
        self.client.post(self.url, {"area": "mini-2026|I", "previous": "mini|1"})
        response = self.client.post(self.url, {"area": "mini-2026|I", "previous": "mini|1"})
        self.assertContains(response, "đã được ghi nhận")
        self.assertEqual(AreaMapping.objects.count(), 1)

    def test_removing_a_mapping_is_audited(self):
        mapping = AreaMapping.objects.create(
            framework_code="mini-2026", area_code="I", previous_framework_code="mini", previous_area_code="1"
        )
        self.client.force_login(self.home_affairs)
        url = reverse("insights:mapping-delete", args=[mapping.pk])
        self.assertContains(self.client.get(url), "Gỡ đối chiếu")
        self.assertRedirects(self.client.post(url), self.url)
        self.assertFalse(AreaMapping.objects.exists())
        entry = AuditEntry.objects.get(action=Action.AREA_MAPPING_CHANGED)
        self.assertIsNone(entry.after)
        self.assertEqual(entry.before["area"], "I")

    def test_leaders_read_the_list_but_do_not_change_it(self):
        mapping = AreaMapping.objects.create(
            framework_code="mini-2026", area_code="I", previous_framework_code="mini", previous_area_code="1"
        )
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["form"])
        self.assertEqual(self.client.post(self.url, {"area": "mini-2026|II", "previous": "mini|2"}).status_code, 403)
        self.assertEqual(self.client.post(reverse("insights:mapping-delete", args=[mapping.pk])).status_code, 403)
        for user in (self.commune_head, self.outsider, self.appraiser):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user.username)
        self.client.force_login(self.commune_home_affairs)  # runs no campaign: reads, does not change
        self.assertEqual(self.client.post(self.url, {"area": "mini-2026|II", "previous": "mini|2"}).status_code, 403)
        self.assertEqual(AreaMapping.objects.count(), 1)
