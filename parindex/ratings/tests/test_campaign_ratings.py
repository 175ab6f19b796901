"""Ratings with the results: provisional while the campaign is open, stored and audited when results are locked,
shown on the campaign's rating page to those who may see each unit."""

import io
from datetime import timedelta
from decimal import Decimal as D

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parindex.assessments import lifecycle
from parindex.assessments.ranking import disclosure, viewer_disclosure
from parindex.assessments.services import Stage, set_score
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.org.models import Unit
from parindex.ratings import views as exports_views
from parindex.ratings.models import DisciplinaryCase, HeadRating
from parindex.ratings.reading import rating_table
from parindex.ratings.services import install_rule_set, rating_rows
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import ACTOR, DistrictTestCase, calendar_over


class CampaignRatingsTests(DistrictTestCase):
    def setUp(self):
        leaves = {c.code: c for c in self.framework.criteria.filter(is_leaf=True)}
        for unit, values in {
            self.commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "4", "2.2": "0.5"},
            self.other_commune: {"1.1": "1", "1.2": "2", "1.3": "1", "2.1": "1.8"},
        }.items():
            for code, points in values.items():
                set_score(self.campaign, unit, leaves[code], Stage.APPRAISED, D(points), ACTOR)
        rules, _meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        self.rules, _outcome = install_rule_set(rules, _meta, ACTOR)
        self.url = reverse("ratings:campaign-ratings", args=["c2021"])

    def choose_rules(self):
        lifecycle.save_settings(self.campaign, {"rating_rules": self.rules}, Actor.of(self.home_affairs))

    def deadline_passed(self):
        """Self-assessment closed a minute ago: no unit's figures are a private draft any more."""
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)
        self.campaign.save()

    def test_without_rules_the_page_says_so(self):
        self.client.force_login(self.home_affairs)
        self.assertContains(self.client.get(self.url), "chưa chọn quy định xếp loại")

    def test_while_open_the_ratings_are_provisional_and_each_unit_sees_only_its_own(self):
        self.choose_rules()
        self.deadline_passed()
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        self.assertContains(response, "tạm tính")
        self.assertContains(response, "Hoàn thành tốt nhiệm vụ")
        self.assertContains(response, "Lĩnh vực 2 đạt 30,00% &lt; 65%")
        self.client.force_login(self.commune_officer)
        response = self.client.get(self.url)
        self.assertContains(response, "Xã An Bình")
        self.assertNotContains(response, "Xã Bình Minh")
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(HeadRating.objects.exists())

    def test_locking_the_results_stores_and_audits_the_ratings(self):
        self.choose_rules()
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        stored = {r.unit.code: r for r in HeadRating.objects.select_related("unit")}
        self.assertEqual((stored["X-AN"].level_code, stored["X-BINH"].level_code), ("tot", "hoan_thanh"))
        self.assertEqual(AuditEntry.objects.filter(action=Action.HEAD_RATED).count(), 2)
        self.client.force_login(self.viewer)
        response = self.client.get(self.url)
        self.assertNotContains(response, "tạm tính")
        self.assertContains(response, "Chỉ số 58,00 &lt; 80")

    def test_choosing_the_rules_is_audited_with_the_campaign(self):
        self.choose_rules()
        entry = AuditEntry.objects.get(action=Action.CAMPAIGN_CHANGED)
        self.assertIn("sample-head-rating", entry.after["rating_rules"])

    def test_the_unit_page_shows_the_heads_rating_and_what_each_better_level_missed(self):
        self.choose_rules()
        self.client.force_login(self.commune_head)
        response = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertContains(response, "Xếp loại người đứng đầu")
        self.assertContains(response, "Hoàn thành tốt nhiệm vụ")
        self.assertContains(response, "Để đạt “Hoàn thành xuất sắc nhiệm vụ”:")
        self.assertContains(response, "Chỉ số 85,00 &lt; 90")

    def test_the_unit_page_shows_no_rating_without_rules(self):
        self.client.force_login(self.commune_head)
        response = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertNotContains(response, "Xếp loại người đứng đầu")

    def test_the_excel_download_has_one_row_per_visible_unit_with_its_reasons(self):
        self.choose_rules()
        self.deadline_passed()
        self.client.force_login(self.home_affairs)
        response = self.client.get(reverse("ratings:campaign-ratings-export", args=["c2021", "xlsx"]))
        self.assertEqual(response["Content-Type"], exports_views.EXPORTS["xlsx"][0])
        sheet = load_workbook(io.BytesIO(response.content)).active
        self.assertEqual([c.value for c in sheet[4]], ["Mã đơn vị", "Tên đơn vị", "Chỉ số", "Xếp loại", "Lý do"])
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
        self.assertEqual([row[0] for row in rows], ["X-AN", "X-BINH"])
        self.assertEqual(rows[0][2], 85)
        self.assertEqual(rows[1][3], "Hoàn thành nhiệm vụ")
        self.assertIn("Lĩnh vực 2 đạt 30,00% < 65%", rows[1][4].split("\n"))
        self.assertIn("tạm tính", sheet["A2"].value)
        self.client.force_login(self.commune_officer)
        response = self.client.get(reverse("ratings:campaign-ratings-export", args=["c2021", "xlsx"]))
        self.assertEqual(
            [r[0].value for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=5)], ["X-AN"]
        )

    def test_the_csv_download_is_for_people_with_vietnamese_headers_and_level_names(self):
        self.choose_rules()
        self.deadline_passed()
        self.client.force_login(self.viewer)
        response = self.client.get(reverse("ratings:campaign-ratings-export", args=["c2021", "csv"]))
        text = response.content.decode("utf-8")
        self.assertTrue(text.startswith("\ufeffMã đơn vị,Tên đơn vị,Chỉ số,Xếp loại,Lý do\r\n"))
        self.assertIn('X-AN,Xã An Bình,"85,00",Hoàn thành tốt nhiệm vụ,', text)
        self.assertNotIn(",tot,", text)

    def test_there_is_no_download_without_rules_or_for_an_outsider(self):
        self.client.force_login(self.home_affairs)
        self.assertEqual(
            self.client.get(reverse("ratings:campaign-ratings-export", args=["c2021", "csv"])).status_code, 404
        )
        self.choose_rules()
        self.assertEqual(
            self.client.get(reverse("ratings:campaign-ratings-export", args=["c2021", "pdf"])).status_code, 404
        )
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get(reverse("ratings:campaign-ratings-export", args=["c2021", "csv"])).status_code, 404
        )

    def test_the_ratings_are_published_with_the_results_and_not_before(self):
        self.choose_rules()
        public = reverse("public-results", args=["c2021"])
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        self.assertEqual(self.client.get(public).status_code, 404)
        lifecycle.publish(self.campaign, Actor.of(self.home_affairs))
        response = self.client.get(public)
        self.assertContains(response, "Xếp loại trách nhiệm người đứng đầu")
        self.assertContains(response, "Hoàn thành tốt nhiệm vụ")
        # The level only, as a publication decision prints it: not what kept a unit from a better one.
        self.assertNotContains(response, "Lĩnh vực 2 đạt 30,00%")

    def test_the_rating_page_reads_a_fixed_number_of_queries(self):
        self.choose_rules()
        self.client.force_login(self.home_affairs)
        self.client.get(self.url)  # the scoring set-up is built once per process
        # session, user, memberships, campaign, what may be shown (assessments, results), visible units; cases,
        # assessments, overdue tasks, result figures, results+units
        with self.assertNumQueries(12):
            self.client.get(self.url)
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        with self.assertNumQueries(9):  # the same seven, then stored ratings with units, results
            self.client.get(self.url)


class ThreeOrThirtyUnitsTests(DistrictTestCase):
    """The rating page at 3 units, then at 30 (new communes scored, some with a disciplinary case): the same
    number of queries, open (rated now) and locked (stored ratings); and the rows the page reads are the services'."""

    def setUp(self):
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        stored, _outcome = install_rule_set(rules, meta, ACTOR)
        lifecycle.save_settings(self.campaign, {"rating_rules": stored}, Actor.of(self.home_affairs))
        self.url = reverse("ratings:campaign-ratings", args=["c2021"])

    def grow_to(self, count):
        leaves = list(self.framework.criteria.filter(is_leaf=True).order_by("position"))
        have = Unit.objects.filter(group=self.communes).count()
        for i in range(have, count):
            unit = Unit.objects.create(code=f"X-{i:02d}", name=f"Xã số {i}", parent=self.district, group=self.communes)
            for leaf in leaves[: i % len(leaves) + 1]:
                points = (leaf.max_points or D(1)) * (i % 4) / 4
                set_score(self.campaign, unit, leaf, Stage.APPRAISED, points, ACTOR)
            if i % 5 == 0:
                DisciplinaryCase.objects.create(unit=unit, decided_on=timezone.localdate(), decision_number=f"{i}/QĐ")

    def queries_at_3_and_30(self, expected, locked=False):
        for count, name in ((3, "Xã số 2"), (30, "Xã số 29")):
            if locked and self.campaign.status != self.campaign.Status.OPEN:
                lifecycle.reopen(self.campaign, Actor.of(self.home_affairs), "thêm đơn vị")
            self.grow_to(count)
            if locked:
                lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
            self.client.get(self.url)
            with self.assertNumQueries(expected):
                self.assertContains(self.client.get(self.url), name)

    def test_while_open_the_page_takes_the_same_queries_for_3_or_30_units(self):
        self.client.force_login(self.home_affairs)
        self.queries_at_3_and_30(12)

    def test_once_locked_the_page_takes_the_same_queries_for_3_or_30_units(self):
        self.client.force_login(self.home_affairs)
        self.queries_at_3_and_30(9, locked=True)

    def test_the_page_reads_the_same_rows_as_the_services_open_and_locked(self):
        self.grow_to(12)
        self.campaign.self_closes_at = timezone.now() + timedelta(days=3)  # drafts stay private: rows are hidden
        self.campaign.save()
        for seen in (None, disclosure(self.campaign), viewer_disclosure(self.campaign, self.commune_officer)):
            self.assertEqual(rating_table(self.campaign, seen=seen), rating_rows(self.campaign, seen=seen))
        self.assertTrue(any(row.missed for row in rating_table(self.campaign)))
        lifecycle.lock_results(calendar_over(self.campaign), Actor.of(self.home_affairs))
        self.campaign.refresh_from_db()
        seen = viewer_disclosure(self.campaign, self.home_affairs)
        self.assertEqual(rating_table(self.campaign, seen=seen), rating_rows(self.campaign, seen=seen))
        self.assertEqual(rating_table(self.campaign, [self.commune.pk]), rating_rows(self.campaign, [self.commune.pk]))

    def test_names_and_reasons_are_shown_as_text_not_markup(self):
        self.grow_to(3)
        self.campaign.self_closes_at = timezone.now() - timedelta(minutes=1)  # no draft is private any more
        self.campaign.save()
        self.commune.name = "Xã <b>An</b> Bình"
        self.commune.save()
        self.client.force_login(self.home_affairs)
        response = self.client.get(self.url)
        self.assertContains(response, "Xã &lt;b&gt;An&lt;/b&gt; Bình")
        self.assertNotContains(response, "<b>An</b>")
        self.assertContains(response, "Để đạt “Hoàn thành xuất sắc nhiệm vụ”:")
        self.assertContains(response, "% &lt; ")  # "Lĩnh vực 2 đạt 30,00% < 65%", escaped
