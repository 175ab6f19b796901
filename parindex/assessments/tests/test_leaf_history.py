"""A leaf's history ("Lịch sử thay đổi") as people read it: full names, the situation chosen rather than its number,
figures with a decimal comma, files with the step they were sent at, a command run named as such."""

import io
from decimal import Decimal as D

from django.urls import reverse

from parindex.assessments.evidence import add_evidence
from parindex.assessments.services import Stage, set_score
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase
from parindex.tests.files import make_pdf


class LeafHistoryTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune_officer.first_name, cls.commune_officer.last_name = "Phạm Thị", "Lan"
        cls.commune_officer.save()
        cls.leaf = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}

    def setUp(self):
        self.client.force_login(self.commune_officer)

    def save(self, code, value="", **extra):
        url = reverse("assessments:save-leaf", args=["c2021", "X-AN", self.leaf[code].pk])
        return self.client.post(url, {"score_fields": "1", "value": value, **extra}, headers={"HX-Request": "true"})

    def history(self, code):
        return self.client.get(reverse("assessments:leaf-history", args=["c2021", "X-AN", self.leaf[code].pk]))

    def test_it_names_the_person_and_the_situation_they_chose_with_points_as_people_write_them(self):
        self.save("1.1", "2", note="Ban hành ngày 20/01")  # "Chậm": 0,5 point
        page = self.history("1.1")
        self.assertContains(page, "Phạm Thị Lan", count=2)
        self.assertNotContains(page, "canbo.an")
        self.assertContains(page, "Thay đổi điểm tự chấm")
        self.assertContains(page, "0,5 điểm (Chậm)")
        self.assertContains(page, "Ban hành ngày 20/01")

    def test_measured_values_and_counts_read_with_a_decimal_comma_and_their_unit(self):
        self.save("1.2", "80,11")
        self.assertContains(self.history("1.2"), "1 điểm (giá trị nhập: 80,11)")
        self.save("1.3", "2")
        self.assertContains(self.history("1.3"), "0,5 điểm (2 lần)")

    def test_a_file_is_shown_with_its_size_and_the_step_it_was_sent_at(self):
        add_evidence(
            self.campaign,
            self.commune,
            self.leaf["1.1"],
            io.BytesIO(make_pdf()),
            "ke-hoach.pdf",
            Actor.of(self.commune_officer),
        )
        page = self.history("1.1")
        self.assertContains(page, "Tải lên tài liệu kiểm chứng")
        self.assertContains(page, "ke-hoach.pdf (0,3 KB; nộp khi tự chấm)")
        self.assertNotContains(page, "sha256")

    def test_a_change_made_on_the_command_line_says_so(self):
        set_score(self.campaign, self.commune, self.leaf["2.2"], Stage.SELF, D("1.5"), Actor.command_line(), "nhập lại")
        self.assertRegex(self.history("2.2").content.decode(), r"dòng lệnh \([^)]+\)")

    def test_the_history_costs_the_same_few_queries_however_long_it_is(self):
        self.save("1.1", "1")
        short = self.queries_for("1.1")
        for value in ("2", "3", "1", "2"):
            self.save("1.1", value)
        with self.assertNumQueries(short):
            self.assertContains(self.history("1.1"), "Phạm Thị Lan", count=5)
        self.assertLessEqual(short, 8)

    def queries_for(self, code):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.history(code)
        return len(captured)
