"""A period's page: every unit of the group with its status, late and missing first in red, the review forms for
Home Affairs, and a fixed number of queries whatever the number of units."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.org.models import Unit
from parindex.reports.tests.test_report_support import ReportTestCase


class PeriodPageTests(ReportTestCase):
    def url(self, period=None):
        return reverse("assignments:report-period", args=[(period or self.overdue).pk])

    def get(self, user, period=None):
        self.client.force_login(user)
        return self.client.get(self.url(period))

    def test_who_sees_the_period_page(self):
        for user, status in [
            (self.commune_officer, 200),
            (self.commune_head, 200),
            (self.other_officer, 200),
            (self.appraiser, 200),
            (self.home_affairs, 200),
            (self.viewer, 200),
            (self.outsider, 404),
        ]:
            self.assertEqual(self.get(user).status_code, status, user.username)

    def test_a_units_people_see_only_their_own_row(self):
        response = self.get(self.commune_officer)
        self.assertContains(response, "Xã An Bình")
        self.assertNotContains(response, "Xã Bình Minh")
        self.assertNotContains(response, "Ghi nhận xem xét")

    def test_missing_and_late_units_come_first_in_red(self):
        late = Unit.objects.create(code="X-CAU", name="Xã Cầu Ngang", parent=self.district, group=self.communes)
        self.send(self.overdue, self.overdue.deadline - timedelta(hours=1))  # Xã An Bình: on time
        self.send(self.overdue, self.overdue.deadline + timedelta(hours=1), unit=late)
        response = self.get(self.home_affairs)
        html = response.content.decode()
        order = [html.index(name) for name in ("Xã Bình Minh", "Xã Cầu Ngang", "Xã An Bình")]
        self.assertEqual(order, sorted(order))
        self.assertEqual(html.count('<tr class="st-missed">'), 2)
        self.assertContains(response, "Chưa nộp, đã quá hạn")
        self.assertContains(response, "Nộp muộn, chờ xem xét")
        self.assertContains(response, "Nộp đúng hạn, chờ xem xét")

    def test_home_affairs_gets_a_review_form_for_each_report_awaiting_review(self):
        submission = self.send(self.overdue, self.overdue.deadline)
        response = self.get(self.home_affairs)
        review = reverse("assignments:report-review", args=[self.overdue.pk, "X-AN", submission.pk])
        self.assertContains(response, f'action="{review}"')
        self.assertContains(response, reverse("assignments:report-deadline", args=[self.overdue.pk]))
        for user in (self.viewer, self.appraiser):
            response = self.get(user)
            self.assertNotContains(response, f'action="{review}"', msg_prefix=user.username)
            self.assertContains(response, "Xã Bình Minh", msg_prefix=user.username)

    def test_the_page_reads_a_fixed_number_of_queries_whatever_the_number_of_units(self):
        self.send(self.overdue, self.overdue.deadline)
        self.client.force_login(self.home_affairs)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url())
        for i in range(30):
            unit = Unit.objects.create(code=f"X-{i:02d}", name=f"Xã số {i}", parent=self.district, group=self.communes)
            if i % 3 == 0:
                self.send(self.overdue, self.overdue.deadline + timedelta(days=1), unit=unit)
        with self.assertNumQueries(len(few)):
            response = self.client.get(self.url())
        self.assertContains(response, "Xã số 29")
