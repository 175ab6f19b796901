"""The campaign list and the ranking page: who sees what, in Vietnamese, with a bounded number of queries."""

from datetime import timedelta
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parindex.assessments.services import Stage, set_score
from parindex.tests.district import ACTOR, DistrictTestCase


class CampaignPagesTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaf = cls.framework.criteria.get(code="1.2")
        set_score(cls.campaign, cls.commune, leaf, Stage.APPRAISED, D("2"), ACTOR)
        set_score(cls.campaign, cls.other_commune, leaf, Stage.APPRAISED, D("1"), ACTOR)

    def ranking_url(self):
        return reverse("assessments:campaign-ranking", args=[self.campaign.code])

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self):
        for url in (reverse("assessments:campaign-list"), self.ranking_url()):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("login"), response["Location"])

    def test_the_login_page_speaks_vietnamese(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "Đăng nhập")
        self.assertContains(response, 'lang="vi"')

    def test_oversight_roles_see_the_campaign_and_every_unit(self):
        for person in (self.home_affairs, self.appraiser, self.viewer):
            self.client.force_login(person)
            self.assertContains(self.client.get(reverse("assessments:campaign-list")), "Chỉ số CCHC 2021 cấp xã")
            response = self.client.get(self.ranking_url())
            self.assertContains(response, "Xã An Bình")
            self.assertContains(response, "Xã Bình Minh")

    def test_a_commune_officer_sees_only_the_own_commune_with_its_rank(self):
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)  # no draft is private any more
        self.campaign.save()
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.ranking_url())
        self.assertContains(response, "Xã An Bình")
        self.assertNotContains(response, "Xã Bình Minh")
        self.assertContains(response, "1/2")
        self.assertContains(response, "20,00")  # 2 of 10 points, decimal comma

    def test_area_columns_are_the_scored_areas_only(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.ranking_url())
        self.assertEqual([code for code, _name in response.context["areas"]], ["1", "2"])
        self.assertContains(response, "Lĩnh vực 2")
        self.assertNotContains(response, "Lĩnh vực 9")

    def test_a_commune_head_sees_only_the_own_commune(self):
        self.client.force_login(self.commune_head)
        response = self.client.get(self.ranking_url())
        self.assertContains(response, "Xã An Bình")
        self.assertNotContains(response, "Xã Bình Minh")

    def test_an_outsider_gets_404_and_no_data(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.ranking_url()).status_code, 404)
        response = self.client.get(reverse("assessments:campaign-list"))
        self.assertNotContains(response, "Chỉ số CCHC 2021 cấp xã")

    def test_an_agency_officer_does_not_see_the_commune_campaign(self):
        agency_officer = self.person("canbo.nv", "officer", self.agency)
        self.client.force_login(agency_officer)
        self.assertEqual(self.client.get(self.ranking_url()).status_code, 404)

    def test_an_unknown_campaign_is_404(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(reverse("assessments:campaign-ranking", args=["nope"]))
        self.assertEqual(response.status_code, 404)

    def test_the_ranking_page_uses_a_bounded_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.ranking_url())
        for i in range(30):
            unit = self.commune.__class__.objects.create(
                code=f"X-{i}", name=f"Xã {i}", parent=self.district, group=self.communes
            )
            set_score(self.campaign, unit, self.framework.criteria.get(code="1.1"), Stage.APPRAISED, D(1), ACTOR)
        with CaptureQueriesContext(connection) as large:
            response = self.client.get(self.ranking_url())
        self.assertContains(response, "Xã 29")
        self.assertEqual(len(small.captured_queries), len(large.captured_queries))
        self.assertLessEqual(len(large.captured_queries), 12)

    def test_the_campaign_list_uses_a_bounded_number_of_queries(self):
        self.client.force_login(self.viewer)
        with self.assertNumQueries(4):  # session, user, memberships (read once), campaigns
            self.client.get(reverse("assessments:campaign-list"))


class OverviewQueryTests(DistrictTestCase):
    def test_the_overview_takes_the_same_queries_for_2_or_32_units(self):
        self.client.force_login(self.home_affairs)
        url = reverse("assessments:overview", args=["c2021"])
        self.client.get(url)
        with CaptureQueriesContext(connection) as small:
            self.client.get(url)
        for i in range(30):
            self.commune.__class__.objects.create(
                code=f"X-{i}", name=f"Xã {i}", parent=self.district, group=self.communes
            )
        self.client.get(url)  # creates the new units' assessment rows once
        with CaptureQueriesContext(connection) as large:
            response = self.client.get(url)
        self.assertContains(response, "Xã 29")
        self.assertEqual(len(small.captured_queries), len(large.captured_queries))
        self.assertLessEqual(len(large.captured_queries), 20)
