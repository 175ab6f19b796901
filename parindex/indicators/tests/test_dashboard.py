"""The indicator dashboard and a unit's own indicator page: who sees what, colours by target, worst units first."""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from parindex.audit.services import Actor
from parindex.deadlines.models import Holiday
from parindex.indicators.models import Indicator
from parindex.indicators.reference import set_target
from parindex.indicators.services import import_file
from parindex.indicators.tests.test_import_dossiers import DOSSIERS, logins_text
from parindex.tests.district import DistrictTestCase, TempDirMixin, write

DASHBOARD = reverse("indicators:dashboard")


class DashboardTests(TempDirMixin, DistrictTestCase):
    def setUp(self):
        super().setUp()
        Holiday.objects.create(day=date(2021, 3, 8), name="Nghỉ")
        actor = Actor.command_line("tests")
        import_file("dossiers", write(self.dir, "hoso.csv", DOSSIERS), actor)
        import_file("logins", write(self.dir, "dn.csv", logins_text()), actor)
        set_target("ontime_rate", 2021, D("60"), actor)

    def test_home_affairs_sees_units_by_month_worst_first_coloured_by_target(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(DASHBOARD + "?year=2021&indicator=ontime_rate")
        lines = response.context["lines"]
        self.assertEqual([line.unit_code for line in lines], ["X-AN", "H", "X-BINH"])  # 50 %, 60 %, 100 %
        self.assertContains(response, '<td class="num strong st st-missed" title="2/4">50,00</td>', html=True)
        self.assertContains(response, '<td class="num strong st st-met" title="3/5">60,00</td>', html=True)
        self.assertContains(response, "chart.umd.min.js")
        self.assertEqual(len(response.context["charts"]), len(Indicator.values))  # operational and timeliness

    def test_officers_and_outsiders_do_not_see_the_dashboard(self):
        for user in (self.commune_officer, self.commune_head, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(DASHBOARD).status_code, 403, user.username)

    def test_the_dashboard_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.viewer)
        # session, user, memberships, years, visible units, targets and figures, the top unit, its targets and figures
        with self.assertNumQueries(10):
            self.client.get(DASHBOARD + "?year=2021")

    def test_a_unit_sees_its_own_trend_and_not_another_units(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(reverse("indicators:unit", args=["X-AN"]) + "?year=2021")
        self.assertContains(response, "Xã An Bình · 2021")
        self.assertContains(response, "Tỷ lệ hồ sơ giải quyết đúng hạn")
        charts = {c["code"]: c for c in response.context["charts"]}
        self.assertEqual(charts["ontime_rate"]["data"]["values"][2], 50.0)  # March
        self.assertEqual(charts["ontime_rate"]["target"], 60.0)
        self.assertEqual(self.client.get(reverse("indicators:unit", args=["X-BINH"])).status_code, 404)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(reverse("indicators:unit", args=["X-AN"])).status_code, 404)

    def test_the_unit_page_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        # session, user, memberships, the unit, years with data, targets, figures with their unit
        with self.assertNumQueries(7):
            self.client.get(reverse("indicators:unit", args=["H"]) + "?year=2021")
