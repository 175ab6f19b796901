"""Where a unit lost its points, on its sheet once published, on its own page, and in the overview for Home Affairs:
names not codes, decimal comma, a fixed number of queries."""

from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.audit.services import Actor
from parindex.gaps.analysis import unit_gap_report
from parindex.gaps.receivers import unit_sheet_gaps
from parindex.gaps.services import set_effort_marks
from parindex.gaps.tests.support import GapTestCase


class UnitGapReportTests(GapTestCase):
    def test_the_report_accounts_for_every_lost_point_and_names_the_next_band_and_rank(self):
        self.lock(publish=True)
        report = unit_gap_report(self.campaign, self.commune)
        self.assertEqual(report.result.points, D("6.25"))
        self.assertEqual(report.lost, D("3.75"))
        self.assertEqual(
            {row.code: row.lost for row in report.rows if row.lost},
            {"1.2": D(1), "1.3": D("0.25"), "2.2": D("1.5"), "9.2": D(1)},
        )
        self.assertEqual((report.next_band_name, report.next_band.points_needed), ("Trung bình", D("0.75")))
        self.assertEqual((report.next_rank.rank, report.next_rank.points_needed), (1, D("3.75")))
        # The bonus not reached gives 2 back, then the sub-criterion that lost 1,5.
        self.assertEqual([row.code for row in report.top][:2], ["9.1", "2.2"])


class UnitSheetSectionTests(GapTestCase):
    def test_the_published_sheet_says_where_the_unit_lost_points_by_name_with_a_decimal_comma(self):
        self.lock(publish=True)
        response = self.sheet()
        self.assertContains(response, 'id="gaps"')
        section = response.content.decode().split('id="gaps"')[1].split("</section>")[0]
        self.assertIn("Rà soát văn bản QPPL", section)
        self.assertIn("1,50", section)
        self.assertIn("Cần thêm 0,75 điểm để đạt xếp loại Trung bình", section)
        self.assertIn("Cần thêm 3,75 điểm để lên hạng 1/2", section)
        self.assertNotIn(">2.2<", section)
        self.assertIn(reverse("gaps:unit", args=["c2021", "X-AN"]), section)

    def test_while_open_or_only_locked_the_sheet_has_no_such_section(self):
        self.assertNotContains(self.sheet(), 'id="gaps"')
        self.lock()
        self.assertNotContains(self.sheet(), 'id="gaps"')

    def test_the_published_sheet_adds_four_queries_whatever_the_marks(self):
        self.lock(publish=True)
        # the result, the unit's scores, the effort marks and the group's indices
        with self.assertNumQueries(4):
            unit_sheet_gaps(None, campaign=self.campaign, unit=self.commune, assessment=None)
        self.client.force_login(self.commune_officer)
        url = reverse("assessments:unit-sheet", args=["c2021", "X-AN"])
        self.client.get(url)
        with CaptureQueriesContext(connection) as before:
            self.client.get(url)
        leaves = self.framework.criteria.filter(is_leaf=True)
        set_effort_marks(self.framework, {leaf.pk: "high" for leaf in leaves}, Actor.of(self.home_affairs))
        with self.assertNumQueries(len(before.captured_queries)):
            self.client.get(url)


class UnitGapPageTests(GapTestCase):
    def test_the_unit_reads_every_sub_criterion_once_published(self):
        self.lock(publish=True)
        response = self.gap_page(self.commune_head)
        self.assertContains(response, "Ban hành kế hoạch CCHC năm đúng hạn")
        self.assertContains(response, "Cán bộ bị kỷ luật")
        self.assertContains(response, "3,75")  # the total lost, = 10,00 − 6,25
        self.assertContains(response, "62,50")

    def test_home_affairs_and_leaders_read_it_once_locked_the_unit_once_published(self):
        self.assertEqual(self.gap_page(self.home_affairs).status_code, 404)
        self.lock()
        self.assertEqual(self.gap_page(self.home_affairs).status_code, 200)
        self.assertEqual(self.gap_page(self.viewer).status_code, 200)
        self.assertEqual(self.gap_page(self.commune_officer).status_code, 404)
        self.assertEqual(self.gap_page(self.appraiser).status_code, 403)
        self.assertEqual(self.gap_page(self.other_officer).status_code, 404)
        self.assertEqual(self.gap_page(self.outsider).status_code, 404)

    def test_the_page_takes_a_fixed_number_of_queries(self):
        self.lock(publish=True)
        self.client.force_login(self.commune_officer)
        url = reverse("gaps:unit", args=["c2021", "X-AN"])
        self.client.get(url)
        # session, user, memberships (the officer's own unit with them), campaign, result, scores, effort marks, the
        # group's indices
        with self.assertNumQueries(8):
            self.client.get(url)


class OverviewTests(GapTestCase):
    def overview(self):
        self.client.force_login(self.home_affairs)
        return self.client.get(reverse("assessments:overview", args=["c2021"]))

    def test_once_locked_each_unit_shows_the_leaves_that_give_most_points_back(self):
        self.assertNotContains(self.overview(), reverse("gaps:unit", args=["c2021", "X-AN"]))
        self.lock()
        response = self.overview()
        self.assertContains(response, "Sáng kiến CCHC được công nhận")
        self.assertContains(response, "(1,50)")
        self.assertContains(response, reverse("gaps:unit", args=["c2021", "X-AN"]))
        self.assertContains(response, reverse("gaps:effort", args=["c2021"]))

    def test_the_overview_takes_a_fixed_number_of_queries(self):
        self.lock()
        self.client.force_login(self.home_affairs)
        url = reverse("assessments:overview", args=["c2021"])
        self.client.get(url)
        # the overview's 12, then the results, every final score and the effort marks
        with self.assertNumQueries(15):
            self.client.get(url)
