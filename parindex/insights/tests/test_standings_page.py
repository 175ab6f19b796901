"""The province's figures for the district: Home Affairs records the index and rank from the province's decision
(decimal comma, dd/mm/yyyy), every change audited; leaders read them."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.insights.models import ProvinceStanding
from parindex.tests.district import DistrictTestCase

FORM = {
    "year": "2021",
    "index": "80,11",
    "rank": "5",
    "ranked_total": "10",
    "decision": "Quyết định số 771/QĐ-UBND",
    "decided_on": "15/03/2022",
}


class StandingsPageTests(DistrictTestCase):
    def test_home_affairs_records_the_provinces_figures_and_it_is_audited(self):
        self.client.force_login(self.home_affairs)
        response = self.client.post(reverse("insights:standing-new"), {**FORM, "unit": self.district.pk})
        self.assertRedirects(response, reverse("insights:standings"))
        standing = ProvinceStanding.objects.get()
        self.assertEqual((standing.index, standing.rank, standing.decided_on), (Decimal("80.11"), 5, date(2022, 3, 15)))
        entry = AuditEntry.objects.get(action=Action.PROVINCE_STANDING_CHANGED)
        self.assertEqual((entry.before, entry.after["index"], entry.unit_id), (None, "80.11", self.district.pk))
        response = self.client.get(reverse("insights:standings"))
        self.assertContains(response, "UBND huyện Thanh Giang")
        self.assertContains(response, "80,11")
        self.assertContains(response, "5/10")
        self.assertContains(response, "15/03/2022")

    def test_an_edit_is_audited_with_what_it_said_before(self):
        standing = ProvinceStanding.objects.create(unit=self.district, year=2021, index=Decimal("80.11"))
        self.client.force_login(self.home_affairs)
        url = reverse("insights:standing-edit", args=[standing.pk])
        self.client.post(url, {**FORM, "index": "81,5", "unit": self.district.pk})
        entry = AuditEntry.objects.get(action=Action.PROVINCE_STANDING_CHANGED)
        self.assertEqual((entry.before["index"], entry.after["index"]), ("80.11", "81.50"))

    def test_a_rank_beyond_the_number_ranked_or_a_second_figure_for_the_year_is_refused(self):
        self.client.force_login(self.home_affairs)
        response = self.client.post(reverse("insights:standing-new"), {**FORM, "rank": "11", "unit": self.district.pk})
        self.assertContains(response, "Thứ hạng không thể lớn hơn")
        ProvinceStanding.objects.create(unit=self.district, year=2021, index=Decimal("80.11"))
        response = self.client.post(reverse("insights:standing-new"), {**FORM, "unit": self.district.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(ProvinceStanding.objects.count(), 1)

    def test_removing_is_audited(self):
        standing = ProvinceStanding.objects.create(unit=self.district, year=2021, index=Decimal("80.11"))
        self.client.force_login(self.home_affairs)
        self.client.post(reverse("insights:standing-delete", args=[standing.pk]))
        self.assertFalse(ProvinceStanding.objects.exists())
        self.assertIsNone(AuditEntry.objects.get(action=Action.PROVINCE_STANDING_CHANGED).after)

    def test_leaders_read_and_others_may_not_change(self):
        standing = ProvinceStanding.objects.create(unit=self.district, year=2021, index=Decimal("80.11"))
        self.client.force_login(self.viewer)
        self.assertContains(self.client.get(reverse("insights:standings")), "80,11")
        for user in (self.viewer, self.commune_home_affairs, self.commune_head):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("insights:standing-new")).status_code, 403, user.username)
            self.assertEqual(self.client.post(reverse("insights:standing-delete", args=[standing.pk])).status_code, 403)
        self.assertTrue(ProvinceStanding.objects.exists())
