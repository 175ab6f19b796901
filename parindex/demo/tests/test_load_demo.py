"""parindex load-demo: the demo district, as the README promises."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from parindex.assessments.models import Campaign, Result, Score
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
        self.assertFalse(Score.objects.filter(unit__code="X-HOANGLONG").exists())
        partial = Result.objects.get(campaign__code="cchc-2021-xa", unit__code="X-THOVINH")
        self.assertGreater(partial.missing, 0)
        adjusted = Score.objects.exclude(appraised_score=None).exclude(self_score=None)
        self.assertTrue(any(s.appraised_score < s.self_score for s in adjusted))

    def test_there_is_one_user_per_role_with_the_printed_password(self):
        users = get_user_model().objects
        self.assertTrue(users.get(username="admin").is_superuser)
        for role in (Role.HOME_AFFAIRS, Role.APPRAISER, Role.HEAD, Role.OFFICER, Role.VIEWER):
            member = Membership.objects.get(role=role)
            self.assertTrue(member.user.check_password(DEMO_PASSWORD))
        self.assertIn(DEMO_PASSWORD, self.out.getvalue())
        self.assertIn("canbo.anbinh", self.out.getvalue())

    def test_it_can_run_again_without_duplicating_anything(self):
        before = (Unit.objects.count(), Score.objects.count(), Campaign.objects.count())
        call_command("load_demo", stdout=StringIO())
        self.assertEqual((Unit.objects.count(), Score.objects.count(), Campaign.objects.count()), before)
