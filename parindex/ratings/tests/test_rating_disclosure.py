"""The head-rating table of a running campaign, its Excel and CSV downloads and the unit's own card follow the
ranking's rule: nobody but the unit sees its draft (no index, no level), the rest is provisional.

Set-up (campaign deadline passed an hour ago): X-AN submitted in time (40,00); X-BINH still drafts under an extension
(its draft stands at 85,00, which would rate "Hoàn thành tốt nhiệm vụ"); no other commune.
"""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parindex.assessments import lifecycle, workflow
from parindex.assessments.models import Assessment
from parindex.audit.services import Actor
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import SAMPLES, read_rule_set_file
from parindex.tests.district import ACTOR, DistrictTestCase

DRAFT_LEVEL = "Hoàn thành tốt nhiệm vụ"


class RatingDisclosureTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
        stored, _outcome = install_rule_set(rules, meta, ACTOR)
        cls.campaign.self_closes_at = timezone.now() + timedelta(days=1)
        cls.campaign.save()
        lifecycle.save_settings(cls.campaign, {"rating_rules": stored}, Actor.of(cls.home_affairs))
        leaves = {c.code: c for c in cls.framework.criteria.filter(is_leaf=True)}
        entries = {
            cls.commune: {"1.1": "1", "1.2": "95", "1.3": "0"},  # 40,00: "Hoàn thành nhiệm vụ" needs 50
            cls.other_commune: {"1.1": "1", "1.2": "95", "1.3": "0", "2.2": "2"},  # 60,00
        }
        for unit, values in entries.items():
            for code, value in values.items():
                workflow.save_self_score(cls.campaign, unit, leaves[code], value, False, Actor.of(cls.commune_officer))
        workflow.submit(cls.campaign, cls.commune, Actor.of(cls.commune_head), confirm_missing=True)
        cls.campaign.refresh_from_db()
        cls.campaign.self_closes_at = timezone.now() - timedelta(hours=1)
        cls.campaign.save()
        Assessment.objects.filter(campaign=cls.campaign, unit=cls.other_commune).update(
            deadline_override=timezone.now() + timedelta(days=2)
        )

    def get(self, person, *args, name="campaign-ratings"):
        self.client.force_login(person)
        return self.client.get(reverse(f"ratings:{name}", args=["c2021", *args]))

    def test_the_rating_page_shows_a_draft_as_not_submitted_without_index_or_level(self):
        response = self.get(self.home_affairs)
        rows = {row.unit_code: row for row in response.context["rows"]}
        self.assertEqual((rows["X-BINH"].hidden, rows["X-BINH"].index, rows["X-BINH"].level_name), (True, None, ""))
        self.assertContains(response, "chưa nộp")
        self.assertContains(response, "Không hoàn thành nhiệm vụ")  # X-AN's own level is shown
        self.assertNotContains(response, 'level-hoan_thanh"')  # the level the draft's 60,00 would earn
        self.assertNotContains(response, "60,00")
        self.assertContains(response, "ngoài chính đơn vị không ai xem được bản tự chấm")

    def test_the_unit_still_sees_its_own_draft_rating(self):
        response = self.get(self.other_officer)
        self.assertEqual([row.unit_code for row in response.context["rows"]], ["X-BINH"])
        self.assertContains(response, "60,00")
        self.assertContains(response, "Hoàn thành nhiệm vụ")

    def test_the_downloads_hold_no_draft_figure(self):
        text = self.get(self.viewer, "csv", name="campaign-ratings-export").content.decode("utf-8")
        self.assertIn("X-BINH,Xã Bình Minh,,,chưa nộp", text)
        self.assertNotIn("60,00", text)
        sheet = load_workbook(io.BytesIO(self.get(self.viewer, "xlsx", name="campaign-ratings-export").content)).active
        binh = next(row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] == "X-BINH")
        self.assertEqual(binh, ("X-BINH", "Xã Bình Minh", None, None, "chưa nộp"))

    def test_the_units_own_card_still_rates_its_draft(self):
        self.client.force_login(self.other_officer)
        response = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-BINH"]))
        self.assertEqual(response.context["rating"].level_name, "Hoàn thành nhiệm vụ")
