"""The appraisal sheet: areas that fold, filters (not appraised, with a question, one area), the questioned items
listed with links, the round action always in the side panel, and a fixed number of queries."""

from django.urls import reverse

from parindex.assessments import appraisal, workflow
from parindex.assessments.models import AppraiserAssignment, Evidence
from parindex.audit.services import Actor
from parindex.org.models import Unit
from parindex.tests.district import DistrictTestCase


class AppraisalSheetTests(DistrictTestCase):
    def setUp(self):
        self.leaf = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        officer = Actor.of(self.commune_officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.1"], "1", False, officer)
        workflow.save_self_score(self.campaign, self.commune, self.leaf["1.2"], "95", False, officer)
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        self.actor = Actor.of(self.appraiser)
        self.sheet = reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"])
        self.client.force_login(self.appraiser)

    def shown_leaves(self, response):
        html = response.content.decode()
        return {code for code, leaf in self.leaf.items() if f'id="leaf-{leaf.pk}"' in html}

    def test_every_area_folds_and_the_round_action_stands_first_in_the_side_panel(self):
        html = self.client.get(self.sheet).content.decode()
        self.assertEqual(html.count('<details class="area"'), 3)
        side = html.split('id="appraisal-side"')[1]
        self.assertLess(side.index("Kết thúc vòng 1"), side.index("Chỉ số"))

    def test_the_not_appraised_filter_shows_only_the_items_still_waiting(self):
        appraisal.appraise(self.campaign, self.commune, self.leaf["1.1"], "1", False, "", self.actor)
        response = self.client.get(self.sheet, {"show": "todo"})
        self.assertEqual(self.shown_leaves(response), {"1.2", "1.3", "2.2", "9.1", "9.2"})
        self.assertContains(response, "Chưa thẩm định (5)")

    def test_the_question_filter_and_the_side_list_link_to_the_questioned_items(self):
        appraisal.ask(self.campaign, self.commune, self.leaf["1.2"], "Đề nghị gửi báo cáo", self.actor)
        response = self.client.get(self.sheet, {"show": "questions"})
        self.assertEqual(self.shown_leaves(response), {"1.2"})
        self.assertContains(response, "Tiêu chí có yêu cầu giải trình: 1")
        self.assertContains(response, f'<a href="#leaf-{self.leaf["1.2"].pk}">1.2</a> <span class="warn">chưa trả lời')

    def test_the_area_filter_shows_one_area(self):
        area = self.framework.criteria.get(code="2")
        response = self.client.get(self.sheet, {"area": area.pk})
        self.assertEqual(self.shown_leaves(response), {"2.1", "2.2"})
        both = self.client.get(self.sheet, {"area": area.pk, "show": "todo"})
        self.assertEqual(self.shown_leaves(both), {"2.2"})
        self.assertContains(both, f"?show=todo&amp;area={area.pk}")

    def test_a_filter_matching_nothing_says_so(self):
        response = self.client.get(self.sheet, {"show": "questions"})
        self.assertContains(response, "Không có tiêu chí nào khớp với bộ lọc.")

    def test_home_affairs_reads_the_sheet_without_any_form(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.sheet)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'class="appraise-form"')
        self.assertNotContains(response, "Kết thúc vòng 1")
        self.assertNotContains(response, "Chấp nhận điểm tự chấm")

    def test_the_sheet_takes_a_fixed_number_of_queries(self):
        self.client.get(self.sheet)
        # session, user, roles, campaign, unit, appraiser scope, assessment, the unit file (4), appraised inputs
        with self.assertNumQueries(12):
            self.client.get(self.sheet)
        appraisal.appraise(self.campaign, self.commune, self.leaf["1.2"], "75", False, "Chỉ 75%", self.actor)
        appraisal.ask(self.campaign, self.commune, self.leaf["1.1"], "Đề nghị gửi kế hoạch", self.actor)
        appraisal.ask(self.campaign, self.commune, self.leaf["1.2"], "Đề nghị gửi báo cáo", self.actor)
        appraisal.accept_self_scores(self.campaign, self.commune, self.actor)
        for code in ("1.1", "1.2"):
            Evidence.objects.create(
                campaign=self.campaign,
                unit=self.commune,
                criterion=self.leaf[code],
                file=f"x/{code}.pdf",
                name=f"{code}.pdf",
                kind="pdf",
                content_type="application/pdf",
                size=10,
                sha256="0" * 64,
            )
        with self.assertNumQueries(12):
            self.client.get(self.sheet)


class SheetThreeOrThirtyUnitsTests(DistrictTestCase):
    def test_the_council_reads_a_sheet_in_the_same_queries_with_3_or_30_units_in_the_campaign(self):
        leaf = self.framework.criteria.get(code="1.1")
        officer = Actor.of(self.commune_officer)
        workflow.save_self_score(self.campaign, self.commune, leaf, "1", False, officer)
        workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        sheet = reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"])
        self.client.force_login(self.appraiser)
        for count in (3, 30):
            for i in range(Unit.objects.filter(group=self.communes).count(), count):
                unit = Unit.objects.create(
                    code=f"X-{i:02d}", name=f"Xã số {i}", parent=self.district, group=self.communes
                )
                AppraiserAssignment.objects.create(campaign=self.campaign, user=self.appraiser, unit=unit)
            self.client.get(sheet)
            # session, user, roles, campaign, unit, appraiser scope, assessment, the unit file (4), appraised inputs
            with self.assertNumQueries(12):
                self.assertContains(self.client.get(sheet), "Xã An Bình")
