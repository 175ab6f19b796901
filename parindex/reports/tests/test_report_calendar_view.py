"""The reports' calendar: the periods of a year the user may see, each unit's people with their own status, the
committee's roles with each period's figures."""

from datetime import timedelta

from django.urls import reverse

from parindex.reports.models import ReportPeriod
from parindex.reports.tests.test_report_support import ReportTestCase, local

URL = reverse("assignments:reports")


class CalendarPageTests(ReportTestCase):
    def get(self, user, query="?year=2026"):
        self.client.force_login(user)
        return self.client.get(URL + query)

    def test_who_sees_the_calendar(self):
        for user, status in [
            (self.commune_officer, 200),
            (self.commune_head, 200),
            (self.other_officer, 200),
            (self.appraiser, 200),
            (self.home_affairs, 200),
            (self.viewer, 200),
            (self.outsider, 403),
        ]:
            self.assertEqual(self.get(user).status_code, status, user.username)
        self.client.logout()
        self.assertRedirects(self.client.get(URL), "/login/?next=" + URL, fetch_redirect_response=False)

    def test_a_units_people_see_their_own_status_and_link(self):
        self.send(self.overdue, self.overdue.deadline + timedelta(minutes=5))
        response = self.get(self.commune_officer)
        self.assertContains(response, "Báo cáo CCHC quý I năm 2026")
        self.assertContains(response, "Báo cáo CCHC quý III năm 2026")
        self.assertContains(response, reverse("assignments:report-unit", args=[self.overdue.pk, "X-AN"]))
        self.assertContains(response, "Nộp muộn, chờ xem xét")
        self.assertNotContains(
            response, 'href="{}"'.format(reverse("assignments:report-period", args=[self.overdue.pk]))
        )
        self.assertNotContains(response, reverse("assignments:report-plan"))

    def test_home_affairs_sees_each_periods_figures_and_may_plan(self):
        self.send(self.overdue, self.overdue.deadline)
        response = self.get(self.home_affairs)
        self.assertContains(response, "1/2 đã nộp")
        self.assertContains(response, "1 chưa nộp")
        self.assertContains(response, reverse("assignments:report-period", args=[self.overdue.pk]))
        self.assertContains(response, reverse("assignments:report-plan"))

    def test_it_filters_by_year(self):
        ReportPeriod.objects.create(year=2025, kind="year", group=self.communes, deadline=local("15/12/2025 17:00"))
        response = self.get(self.home_affairs, "?year=2025")
        self.assertContains(response, "Báo cáo CCHC năm 2025")
        self.assertNotContains(response, "quý I năm 2026")
        self.assertContains(self.get(self.home_affairs, "?year=abc"), "Bộ lọc không hợp lệ")

    def test_an_agency_officer_sees_no_commune_report(self):
        officer = self.person("canbo.nv", "officer", self.agency)
        response = self.get(officer)
        self.assertNotContains(response, "quý I năm 2026")
