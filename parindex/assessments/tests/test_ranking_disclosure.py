"""What a running campaign's ranking shows: nobody but the unit sees its draft, the figures are provisional, ranks are
computed among what may be shown, and "not submitted on time" appears only after the unit's own deadline.

Set-up (campaign deadline passed an hour ago): X-AN submitted in time (40,00); X-BINH still drafts under an
extension two days away (its draft stands at 57,50, the best of all); X-TAY never submitted (25,00).
"""

import io
from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parindex.assessments import lifecycle, workflow
from parindex.assessments.models import Assessment, Result
from parindex.assessments.ranking import Standing, disclosure
from parindex.audit.services import Actor
from parindex.org.models import Unit
from parindex.tests.district import DistrictTestCase, calendar_over

DRAFT_INDEX = "57,50"
DRAFT_AREA = "29,17"  # area 2 of the draft: 1,75 of 6 points


class RankingDisclosureTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.third = Unit.objects.create(code="X-TAY", name="Xã Tây Sơn", parent=cls.district, group=cls.communes)
        cls.campaign.self_closes_at = timezone.now() + timedelta(days=1)
        cls.campaign.save()
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        entries = {
            cls.commune: {"1.1": "1", "1.2": "95", "1.3": "0"},  # 4 of 10
            cls.other_commune: {"1.1": "1", "1.2": "95", "1.3": "0", "2.2": "1.75"},  # 5,75 of 10
            cls.third: {"1.1": "2", "1.2": "95"},  # 2,5 of 10
        }
        for unit, values in entries.items():
            for code, value in values.items():
                workflow.save_self_score(cls.campaign, unit, leaves[code], value, False, Actor.of(cls.commune_officer))
        workflow.submit(cls.campaign, cls.commune, Actor.of(cls.commune_head), confirm_missing=True)
        cls.campaign.self_closes_at = timezone.now() - timedelta(hours=1)
        cls.campaign.save()
        Assessment.objects.filter(campaign=cls.campaign, unit=cls.other_commune).update(
            deadline_override=timezone.now() + timedelta(days=2), override_reason="Mất điện kéo dài"
        )

    def get(self, person, name="campaign-ranking"):
        self.client.force_login(person)
        return self.client.get(reverse(f"assessments:{name}", args=["c2021"]))

    def row(self, response, unit_code):
        return next(row for row in response.context["rows"] if row.unit_code == unit_code)

    def test_the_stored_ranks_count_the_draft_but_are_never_shown_while_it_is_private(self):
        stored = dict(Result.objects.filter(campaign=self.campaign).values_list("unit__code", "rank"))
        self.assertEqual(stored, {"X-BINH": 1, "X-AN": 2, "X-TAY": 3})
        response = self.get(self.home_affairs)
        shown = [(row.unit_code, row.rank) for row in response.context["rows"]]
        self.assertEqual(shown, [("X-AN", 1), ("X-TAY", 2), ("X-BINH", None)])
        self.assertContains(response, "1/2")
        self.assertContains(response, "2/2")
        self.assertNotContains(response, "/3<")

    def test_home_affairs_sees_a_draft_as_not_submitted_without_any_figure(self):
        for person in (self.home_affairs, self.viewer, self.appraiser):
            response = self.get(person)
            draft = self.row(response, "X-BINH")
            self.assertEqual((draft.hidden, draft.standing), (True, Standing.NOT_SUBMITTED))
            self.assertEqual((draft.points, draft.index, draft.band, draft.areas), (None, None, "", {}))
            self.assertContains(response, "chưa nộp")
            self.assertNotContains(response, DRAFT_INDEX)
            self.assertNotContains(response, DRAFT_AREA)

    def test_the_page_says_the_figures_are_provisional_and_states_the_rule(self):
        response = self.get(self.viewer)
        self.assertContains(response, "tạm tính")
        self.assertContains(response, "ngoài chính đơn vị không ai xem được bản tự chấm")

    def test_a_unit_that_never_submitted_is_marked_only_once_its_deadline_passed(self):
        response = self.get(self.home_affairs)
        self.assertEqual(self.row(response, "X-TAY").standing, Standing.MISSED)
        self.assertContains(response, "không nộp đúng hạn")
        self.assertEqual(self.row(response, "X-BINH").standing, Standing.NOT_SUBMITTED)
        self.assertEqual(self.row(response, "X-AN").standing, Standing.SHOWN)

    def test_the_extended_unit_is_marked_and_shown_once_its_own_deadline_has_passed(self):
        with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
            response = self.get(self.home_affairs)
        draft = self.row(response, "X-BINH")
        self.assertEqual((draft.hidden, draft.standing, draft.rank), (False, Standing.MISSED, 1))
        self.assertContains(response, DRAFT_INDEX)
        self.assertContains(response, "1/3")

    def test_the_unit_sees_its_own_draft_ranked_among_what_it_may_see(self):
        response = self.get(self.other_officer)
        self.assertEqual([row.unit_code for row in response.context["rows"]], ["X-BINH"])
        self.assertContains(response, DRAFT_INDEX)
        self.assertContains(response, "1/3")
        self.assertContains(response, "chưa nộp")

    def test_another_unit_sees_its_rank_among_what_may_be_shown(self):
        response = self.get(self.commune_officer)
        self.assertEqual([row.unit_code for row in response.context["rows"]], ["X-AN"])
        self.assertContains(response, "1/2")

    def test_the_print_view_and_the_excel_file_hold_no_draft_figure(self):
        printed = self.get(self.home_affairs, "campaign-ranking-print")
        self.assertContains(printed, "chưa nộp")
        self.assertNotContains(printed, DRAFT_INDEX)
        workbook = load_workbook(io.BytesIO(self.get(self.home_affairs, "campaign-ranking-export").content))
        cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
        self.assertIn("chưa nộp", cells)
        self.assertNotIn(57.5, cells)
        self.assertFalse(any(str(value).startswith("57.5") for value in cells if value is not None))

    def test_the_overview_shows_no_figure_of_a_draft(self):
        response = self.get(self.home_affairs, "overview")
        self.assertContains(response, "Xã Bình Minh")
        self.assertNotContains(response, DRAFT_INDEX)

    def test_once_locked_the_stored_ranks_are_final_and_nothing_is_provisional(self):
        with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):  # past the extension too
            lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
            response = self.get(self.viewer)
        self.assertFalse(response.context["provisional"])
        self.assertNotContains(response, "tạm tính")
        self.assertEqual([row.rank for row in response.context["rows"]], [1, 2, 3])
        self.assertContains(response, "1/3")

    def test_the_disclosure_reads_two_queries_whatever_the_number_of_units(self):
        with self.assertNumQueries(2):
            seen = disclosure(self.campaign, own_paths=[self.other_commune.path])
        self.assertEqual(seen.hidden, frozenset())
        self.assertEqual(seen.ranked_total, 3)
