"""The public results page: only published campaigns, and only what a publication decision prints (rank, unit,
index, area sub-indices, band name, the head's level). Never a disciplinary case, a point detail or a reason."""

import re
from datetime import date
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.assessments import lifecycle
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.org.models import Unit
from parindex.ratings.models import DisciplinaryCase
from parindex.ratings.register import save_case
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over

CASE_NUMBER = "45/QĐ-UBND-KL"
CASE_SUMMARY = "Nhận tiền của dân khi giải quyết hồ sơ đất đai"
CASE_OFFICIAL = "Trần Văn Sáu"


class PublicResultsTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        for unit, values in {
            cls.commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"},  # 85,00: Khá
            cls.other_commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "1.8"},  # 58,00: Yếu
        }.items():
            for code, points in values.items():
                set_score(cls.campaign, unit, leaves[code], Stage.APPRAISED, D(points), ACTOR)
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        stored, _outcome = install_rule_set(rules, meta, ACTOR)
        lifecycle.save_settings(cls.campaign, {"rating_rules": stored}, Actor.of(cls.home_affairs))
        case = DisciplinaryCase(
            unit=cls.commune,
            decided_on=date(2021, 9, 15),
            decision_number=CASE_NUMBER,
            kind=DisciplinaryCase.Kind.ABUSE_OF_POSITION,
            official=CASE_OFFICIAL,
            summary=CASE_SUMMARY,
        )
        save_case(case, Actor.of(cls.home_affairs))

    def url(self):
        return reverse("public-results", args=["c2021"])

    def publish(self):
        manager = Actor.of(self.home_affairs)
        lifecycle.lock_results(calendar_over(self.campaign), manager)
        lifecycle.publish(self.campaign, manager)

    def test_an_open_or_locked_campaign_is_not_found(self):
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertNotContains(self.client.get(reverse("public-list")), "Chỉ số CCHC 2021 cấp xã")

    def test_the_columns_are_those_of_a_publication_decision(self):
        self.publish()
        response = self.client.get(self.url())
        headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", response.text)]
        self.assertEqual(
            headers,
            [
                "Xếp hạng",
                "Đơn vị",
                "Chỉ số (%)",
                "1. Công tác chỉ đạo, điều hành…",
                "2. Cải cách thủ tục hành chính",
                "Xếp loại",
                "Xếp loại người đứng đầu",
            ],
        )
        self.assertContains(response, "<td>Xã An Bình</td>", html=True)
        self.assertContains(response, "<td>Khá</td>", html=True)
        self.assertContains(response, "<td>Yếu</td>", html=True)
        self.assertContains(response, "<td>Hoàn thành nhiệm vụ</td>", html=True)
        self.assertContains(response, "1/2")

    def test_no_point_detail_unit_code_or_band_code_is_shown(self):
        self.publish()
        response = self.client.get(self.url())
        for hidden in ("X-AN", "Điểm đạt", "8,50", "/10,00", "Chưa chấm", "<td>B</td>", "<td>D</td>"):
            self.assertNotContains(response, hidden)

    def test_a_disciplinary_case_never_appears_not_even_as_a_rating_reason(self):
        self.publish()
        response = self.client.get(self.url())
        self.assertContains(response, "Hoàn thành nhiệm vụ")  # the case capped the head of X-AN: the level shows
        for secret in (CASE_NUMBER, CASE_SUMMARY, CASE_OFFICIAL, "kỷ luật", "Lạm dụng chức vụ"):
            self.assertNotContains(response, secret)

    def test_the_page_reads_the_same_queries_for_2_or_32_units(self):
        self.publish()
        self.client.get(self.url())
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.url())
        for i in range(30):
            Unit.objects.create(code=f"X-{i}", name=f"Xã {i}", parent=self.district, group=self.communes)
        lifecycle.reopen(self.campaign, Actor.of(self.home_affairs), "Thêm đơn vị")
        for i in range(30):
            unit = Unit.objects.get(code=f"X-{i}")
            set_score(self.campaign, unit, self.framework.criteria.get(code="1.1"), Stage.APPRAISED, D(1), ACTOR)
        self.publish()
        with CaptureQueriesContext(connection) as large:
            response = self.client.get(self.url())
        self.assertContains(response, "Xã 29")
        self.assertEqual(len(small.captured_queries), len(large.captured_queries))
        self.assertLessEqual(len(large.captured_queries), 5)  # campaign, results with units, levels, areas
