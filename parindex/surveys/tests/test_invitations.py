"""The respondents' invitations: each one-time link with its QR code (SVG drawn on the server), names for Home
Affairs only."""

import segno
from django.urls import reverse

from parindex.org.models import Role
from parindex.surveys.links import qr_svg, respondent_link
from parindex.surveys.tests.collecting import make_respondent, make_survey
from parindex.tests.district import DistrictTestCase

PAGE = reverse("surveys:invitations", args=["sipas-test", "X-AN"])


class InvitationsTests(DistrictTestCase):
    def setUp(self):
        super().setUp()
        self.survey = make_survey()
        self.first = make_respondent(self.survey, self.commune)
        self.second = make_respondent(self.survey, self.commune, name="Trần Thị Bình", reference="HS-2026-002")
        self.elsewhere = make_respondent(self.survey, self.other_commune, name="Lê Văn Khác")

    def test_home_affairs_prints_each_respondents_link_and_qr_code(self):
        self.client.force_login(self.home_affairs)
        page = self.client.get(PAGE)
        self.assertContains(page, f"http://testserver/s/{self.first.token}/")
        self.assertContains(page, f"http://testserver/s/{self.second.token}/")
        self.assertNotContains(page, self.elsewhere.token)
        self.assertContains(page, 'src="data:image/svg+xml', count=2)
        self.assertContains(page, "Trần Thị Bình · HS-2026-002")
        self.assertContains(page, "Đã chọn 2 người được khảo sát, 0 người đã trả lời")

    def test_unit_administrators_see_the_links_but_not_the_names(self):
        admin = self.person("quantri", Role.ADMIN, self.district)
        self.client.force_login(admin)
        page = self.client.get(PAGE)
        self.assertContains(page, self.first.token)
        self.assertNotContains(page, "Trần Thị Bình")

    def test_a_qr_code_is_an_svg_of_the_link(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(reverse("surveys:respondent-qr", args=["sipas-test", self.first.pk]))
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        self.assertTrue(response.content.startswith(b"<svg"))
        expected = segno.make(f"http://testserver/s/{self.first.token}/", error="m", micro=False)
        self.assertIn(f'width="{(expected.symbol_size(scale=8, border=4))[0]}"'.encode(), response.content)

    def test_the_link_uses_the_site_address_outside_a_request(self):
        with self.settings(SITE_URL="https://cchc.example.gov.vn"):
            self.assertEqual(respondent_link(self.first), f"https://cchc.example.gov.vn/s/{self.first.token}/")
        self.assertNotIn("<?xml", qr_svg("x"))

    def test_only_those_who_run_surveys_see_the_links(self):
        qr = reverse("surveys:respondent-qr", args=["sipas-test", self.first.pk])
        for user in (self.commune_officer, self.commune_head, self.appraiser, self.viewer, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(PAGE).status_code, 403, user.username)
            self.assertEqual(self.client.get(qr).status_code, 403, user.username)
        self.client.force_login(self.commune_home_affairs)
        other = reverse("surveys:respondent-qr", args=["sipas-test", self.elsewhere.pk])
        self.assertEqual(self.client.get(other).status_code, 404)

    def test_the_page_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.home_affairs)
        self.client.get(PAGE)
        with self.assertNumQueries(6):
            self.client.get(PAGE)
        for _ in range(5):
            make_respondent(self.survey, self.commune)
        with self.assertNumQueries(6):
            self.client.get(PAGE)
