"""The campaign list and the ranking page: who sees what, in Vietnamese, with a bounded number of queries."""

from datetime import timedelta
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parindex.assessments.models import AppraiserAssignment
from parindex.assessments.ranking import disclosure, ranking_rows, viewer_disclosure
from parindex.assessments.results_pages import ranking_table
from parindex.assessments.services import Stage, set_score
from parindex.org.models import Unit
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


class OverviewRowTests(DistrictTestCase):
    def test_a_drafts_row_offers_the_exception_alone_without_a_leading_separator(self):
        import re

        self.client.force_login(self.home_affairs)
        page = self.client.get(reverse("assessments:overview", args=["c2021"])).content.decode()
        cells = re.findall(r'<td class="action">(.*?)</td>', page, flags=re.S)
        draft_cells = [cell for cell in cells if "exception" in cell and "appraisal" not in cell]
        self.assertTrue(draft_cells, cells)  # the district's communes are still self-assessing: drafts
        for cell in cells:
            self.assertFalse(cell.strip().startswith("·"), cell)


class ThreeOrThirtyUnits(DistrictTestCase):
    """The campaign's pages at 3 units, then at 30 (the district's two communes and new ones, each scored and
    assigned to the council member): the same number of queries."""

    def grow_to(self, count):
        have = Unit.objects.filter(group=self.communes).count()
        leaf = self.framework.criteria.get(code="1.1")
        for i in range(have, count):
            unit = Unit.objects.create(code=f"X-{i:02d}", name=f"Xã số {i}", parent=self.district, group=self.communes)
            set_score(self.campaign, unit, leaf, Stage.APPRAISED, D(i % 3) / 2, ACTOR)
            AppraiserAssignment.objects.create(campaign=self.campaign, user=self.appraiser, unit=unit)

    def queries_at_3_and_30(self, url, expected, last_unit_name="Xã số 29"):
        self.grow_to(3)
        self.client.get(url)  # a first visit creates the new units' assessment rows
        with self.assertNumQueries(expected):
            self.assertContains(self.client.get(url), "Xã số 2" if last_unit_name == "Xã số 29" else last_unit_name)
        self.grow_to(30)
        self.client.get(url)
        with self.assertNumQueries(expected):
            self.assertContains(self.client.get(url), last_unit_name)


class RankingQueryTests(ThreeOrThirtyUnits):
    def test_the_ranking_takes_the_same_queries_for_3_or_30_units(self):
        self.client.force_login(self.home_affairs)
        # session, user, memberships, campaign, what may be shown (assessments, results), the rows with their units
        self.queries_at_3_and_30(reverse("assessments:campaign-ranking", args=["c2021"]), 7)

    def test_the_head_of_one_unit_reads_the_ranking_in_as_many_queries(self):
        self.client.force_login(self.commune_head)
        self.queries_at_3_and_30(reverse("assessments:campaign-ranking", args=["c2021"]), 7, "Xã An Bình")

    def test_the_page_reads_the_same_rows_as_the_ranking_of_the_command_line_and_exports(self):
        self.grow_to(6)
        self.campaign.self_closes_at = timezone.now() + timedelta(days=3)  # drafts stay private: rows are hidden
        self.campaign.save()
        for seen in (None, disclosure(self.campaign), viewer_disclosure(self.campaign, self.commune_officer)):
            self.assertEqual(ranking_table(self.campaign, seen=seen), ranking_rows(self.campaign, seen=seen))
        visible = [self.commune.pk, self.other_commune.pk]
        seen = viewer_disclosure(self.campaign, self.commune_officer)
        self.assertTrue(seen.hidden)
        self.assertEqual(
            ranking_table(self.campaign, unit_ids=visible, seen=seen),
            ranking_rows(self.campaign, unit_ids=visible, seen=seen),
        )

    def test_a_unit_name_is_shown_as_text_not_markup(self):
        self.commune.name = 'Xã <b>An</b> "Bình"'
        self.commune.save()
        self.client.force_login(self.home_affairs)
        response = self.client.get(reverse("assessments:campaign-ranking", args=["c2021"]))
        self.assertContains(response, "Xã &lt;b&gt;An&lt;/b&gt; &quot;Bình&quot;")
        self.assertNotContains(response, "<b>An</b>")


class OverviewThreeOrThirtyTests(ThreeOrThirtyUnits):
    def test_home_affairs_reads_the_overview_in_the_same_queries_for_3_or_30_units(self):
        self.client.force_login(self.home_affairs)
        # session, user, memberships, campaign, scope, assessments (2, ensured), units, rows with units, counts
        # (scores, files, questions), results
        self.queries_at_3_and_30(reverse("assessments:overview", args=["c2021"]), 12)

    def test_the_council_member_reads_the_own_list_in_the_same_queries_for_3_or_30_units(self):
        self.client.force_login(self.appraiser)
        self.queries_at_3_and_30(reverse("assessments:overview", args=["c2021"]), 12)

    def test_the_rows_show_steps_submissions_and_links_as_the_template_did(self):
        self.grow_to(3)
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()
        self.client.force_login(self.home_affairs)
        url = reverse("assessments:overview", args=["c2021"])
        self.client.get(url)
        self.commune.name = "Xã <i>An</i> Bình"
        self.commune.save()
        response = self.client.get(url)
        self.assertContains(response, "Xã &lt;i&gt;An&lt;/i&gt; Bình")
        self.assertNotContains(response, "<i>An</i>")
        sheet = reverse("assessments:appraisal-sheet", args=["c2021", "X-02"])
        self.assertContains(response, f'<a href="{sheet}">Thẩm định</a>')
        exception = reverse("assessments:exception", args=["c2021", "X-02"])
        self.assertContains(response, f'<a href="{exception}">')
