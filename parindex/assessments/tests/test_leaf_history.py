"""A leaf's history ("Lịch sử thay đổi") as people read it: full names, the situation chosen rather than its number,
figures with a decimal comma, files with the step they were sent at, a command run named as such."""

import io
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.assessments.evidence import add_evidence
from parindex.assessments.services import Stage, import_scores, set_score
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase, TempDirMixin, write
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


class LeafHistoryAfterImportTests(TempDirMixin, DistrictTestCase):
    """An import audits one entry per unit; each leaf's history still shows its own change from it."""

    def setUp(self):
        super().setUp()
        self.client.force_login(self.commune_officer)
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}

    def import_file(self, text, reason):
        import_scores(self.campaign, write(self.dir, "scores.csv", text), Stage.APPRAISED, Actor.command_line(), reason)

    def history(self, code):
        return self.client.get(reverse("assessments:leaf-history", args=["c2021", "X-AN", self.leaf[code].pk]))

    def test_each_leaf_shows_each_change_an_import_made_to_it_and_no_other_leafs(self):
        self.import_file("unit,criterion,score\nX-AN,1.1,0.5\nX-AN,1.2,2\nX-BINH,1.1,1\n", "hội đồng lần 1")
        self.import_file("unit,criterion,score\nX-AN,1.1,1\nX-AN,1.2,2\n", "hội đồng lần 2")
        page = self.history("1.1").content.decode()
        self.assertEqual(page.count("Thay đổi điểm thẩm định"), 2)
        self.assertIn("0,5 điểm", page)
        self.assertIn("hội đồng lần 2", page)
        self.assertLess(page.index("hội đồng lần 1"), page.index("hội đồng lần 2"))
        unchanged = self.history("1.2").content.decode()
        self.assertEqual(unchanged.count("Thay đổi điểm thẩm định"), 1)  # the second import left 1.2 as it was
        self.assertNotIn("hội đồng lần 2", unchanged)
        self.assertNotContains(self.history("2.1"), "hội đồng lần 1")

    def test_the_history_after_imports_costs_the_same_few_queries(self):
        self.import_file("unit,criterion,score\nX-AN,1.1,0.5\n", "một")
        with CaptureQueriesContext(connection) as short:
            self.history("1.1")
        for value in ("1", "0.5", "1"):
            self.import_file(f"unit,criterion,score\nX-AN,1.1,{value}\nX-AN,1.2,{value}\n", "lại")
        with self.assertNumQueries(len(short)):
            self.assertContains(self.history("1.1"), "Thay đổi điểm thẩm định", count=4)
