"""parindex load-demo: the demo district, as the README promises."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from parindex.assessments.models import Assessment, Campaign, Result, Score
from parindex.demo.cycle import CURRENT_CODE
from parindex.demo.services import DEMO_PASSWORD
from parindex.org.models import Membership, Role, Unit


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.out = StringIO()
        call_command("load_demo", stdout=cls.out)

    def test_it_builds_a_district_with_agencies_and_communes(self):
        self.assertEqual(Unit.objects.filter(group__code="co-quan").count(), 12)
        self.assertEqual(Unit.objects.filter(group__code="xa").count(), 17)
        self.assertIsNone(Unit.objects.get(code="H-TG").group)

    def test_both_campaigns_have_results_and_some_units_never_submitted(self):
        for code in ("cchc-2021-co-quan", "cchc-2021-xa"):
            campaign = Campaign.objects.get(code=code)
            self.assertTrue(campaign.framework.is_sample)
            self.assertEqual(Result.objects.filter(campaign=campaign).count(), campaign.units().count())
        late = Result.objects.get(campaign__code="cchc-2021-xa", unit__code="X-HOANGLONG")
        self.assertEqual(late.points, 0)
        # Never self-assessed: every item was appraised at 0 when the results were locked.
        never = Score.objects.filter(campaign__code="cchc-2021-xa", unit__code="X-HOANGLONG")
        self.assertTrue(never.exists())
        self.assertFalse(never.exclude(appraised_score=0).exists())
        self.assertFalse(never.exclude(self_score=None).exists())
        partial = Result.objects.get(campaign__code="cchc-2021-xa", unit__code="X-THOVINH")
        self.assertGreater(partial.missing, 0)
        adjusted = Score.objects.exclude(appraised_score=None).exclude(self_score=None)
        self.assertTrue(any(s.appraised_score < s.self_score for s in adjusted))

    def test_the_2021_campaigns_are_published_and_this_years_is_running(self):
        for code in ("cchc-2021-co-quan", "cchc-2021-xa"):
            self.assertEqual(Campaign.objects.get(code=code).status, Campaign.Status.PUBLISHED)
        current = Campaign.objects.get(code=CURRENT_CODE)
        self.assertTrue(current.is_open)
        states = {a.unit.code: a.state for a in Assessment.objects.filter(campaign=current).select_related("unit")}
        self.assertEqual(states["X-ANBINH"], Assessment.State.IN_PROGRESS)
        self.assertEqual(states["X-HOANGLONG"], Assessment.State.NOT_STARTED)
        self.assertEqual(states["X-TANLAP"], Assessment.State.EXPLANATION_REQUESTED)
        self.assertEqual(states["X-PHUTHINH"], Assessment.State.APPRAISED)
        self.assertIn(Assessment.State.SUBMITTED, states.values())
        self.assertIsNotNone(Assessment.objects.get(campaign=current, unit__code="X-MINHKHAI").deadline_override)

    def test_the_published_campaigns_carry_the_sample_head_ratings(self):
        from parindex.ratings.models import HeadRating

        campaign = Campaign.objects.get(code="cchc-2021-xa")
        self.assertEqual(campaign.rating_rules.code, "sample-head-rating")
        self.assertEqual(HeadRating.objects.filter(campaign=campaign).count(), campaign.units().count())
        self.assertTrue(HeadRating.objects.filter(campaign=campaign, level_code="khong_hoan_thanh").exists())

    def test_the_register_holds_decisions_that_cap_a_2021_rating(self):
        from parindex.ratings.models import DisciplinaryCase, HeadRating

        self.assertEqual(DisciplinaryCase.objects.count(), 3)
        capped = HeadRating.objects.get(campaign__code="cchc-2021-xa", unit__code="X-LIENHA")
        self.assertEqual(capped.level_code, "hoan_thanh")
        self.assertIn(
            {"level": "tot", "check": "no_discipline", "subject": "lam_dung_chuc_vu", "actual": None, "required": None},
            capped.reasons,
        )

    def test_each_demo_role_finds_its_work(self):
        pages = [
            ("canbo.anbinh", f"/campaigns/{CURRENT_CODE}/units/X-ANBINH/"),
            ("thutruong.anbinh", f"/campaigns/{CURRENT_CODE}/units/X-ANBINH/"),
            ("thamdinh", f"/campaigns/{CURRENT_CODE}/units/X-DONGHOA/appraisal/"),
            ("noivu", f"/campaigns/{CURRENT_CODE}/overview/"),
            ("lanhdao", f"/campaigns/{CURRENT_CODE}/overview/"),
            ("lanhdao", "/campaigns/cchc-2021-xa/head-ratings/"),
            ("admin", f"/campaigns/{CURRENT_CODE}/settings/"),
        ]
        for username, url in pages:
            with self.subTest(username=username, url=url):
                self.client.force_login(get_user_model().objects.get(username=username))
                self.assertEqual(self.client.get(url).status_code, 200)
        self.client.logout()
        self.assertContains(self.client.get("/public/cchc-2021-xa/"), "Xã An Bình")

    def test_there_is_one_user_per_role_with_the_printed_password(self):
        users = get_user_model().objects
        self.assertTrue(users.get(username="admin").is_superuser)
        for role in (Role.HOME_AFFAIRS, Role.APPRAISER, Role.HEAD, Role.OFFICER, Role.VIEWER):
            member = Membership.objects.get(role=role)
            self.assertTrue(member.user.check_password(DEMO_PASSWORD))
        self.assertIn(DEMO_PASSWORD, self.out.getvalue())
        self.assertIn("canbo.anbinh", self.out.getvalue())

    def test_it_can_run_again_without_duplicating_anything(self):
        from parindex.ratings.models import DisciplinaryCase

        def counts():
            return (
                Unit.objects.count(),
                Score.objects.count(),
                Campaign.objects.count(),
                DisciplinaryCase.objects.count(),
            )

        before = counts()
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(counts(), before)
