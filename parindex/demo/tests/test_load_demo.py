"""parindex load-demo: the demo district, as the README promises."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

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

    def test_the_district_committee_runs_every_campaign(self):
        self.assertEqual(set(Campaign.objects.values_list("owner__code", flat=True)), {"H-TG"})

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

    def test_the_units_that_submitted_this_year_carry_evidence_for_every_item_that_asks_for_it(self):
        from parindex.assessments.models import Evidence
        from parindex.audit.models import Action, AuditEntry

        current = Campaign.objects.get(code=CURRENT_CODE)
        waiting = (Assessment.State.NOT_STARTED, Assessment.State.IN_PROGRESS)
        submitted = Assessment.objects.filter(campaign=current).exclude(state__in=waiting).select_related("unit")
        self.assertGreaterEqual(submitted.count(), 5)
        for assessment in submitted:
            asked = set(
                Score.objects.filter(campaign=current, unit=assessment.unit, self_na=False, self_score__isnull=False)
                .exclude(criterion__evidence="")
                .values_list("criterion_id", flat=True)
            )
            with_files = set(
                Evidence.objects.filter(campaign=current, unit=assessment.unit).values_list("criterion_id", flat=True)
            )
            with self.subTest(unit=assessment.unit.name):
                self.assertTrue(asked)
                self.assertEqual(asked - with_files, set())
        files = Evidence.objects.filter(campaign=current)
        self.assertEqual({e.kind for e in files}, {"pdf", "docx", "xlsx", "png"})
        # Uploaded through the service: every file checked and audited, and dated in the campaign's year.
        self.assertEqual(AuditEntry.objects.filter(action=Action.EVIDENCE_ADDED).count(), files.count())
        plan = files.get(unit__code="X-PHUTHINH", criterion__code="1.1.1")
        self.assertEqual(plan.name, f"1.1.1 Kế hoạch CCHC năm {current.year} của UBND xã.docx")
        self.assertTrue(Evidence.objects.filter(campaign=current, unit__code="X-ANBINH").exists())
        self.assertFalse(Evidence.objects.filter(campaign=current, unit__code="X-HOANGLONG").exists())

    def test_this_years_commune_campaign_has_a_survey_answered_three_ways_whose_leaves_show_points(self):
        from parindex.demo.surveys import BEHIND
        from parindex.surveys.models import Respondent, Response, Sample

        current = Campaign.objects.get(code=CURRENT_CODE)
        samples = Sample.objects.filter(survey__code="sipas-mau")
        self.assertEqual(samples.count(), 17)
        self.assertTrue(all(s.size > 0 and s.period == str(current.year) for s in samples))
        responses = Response.objects.filter(survey__code="sipas-mau")
        self.assertEqual(set(responses.values_list("channel", flat=True)), {"web", "entry", "import"})
        web = responses.filter(channel="web")
        self.assertEqual(web.count(), Respondent.objects.exclude(token_used_at=None).count())
        self.assertFalse(web.filter(respondent=None).exists())
        self.assertTrue(responses.exclude(flags=[]).exists())
        survey_leaves = Score.objects.filter(campaign=current, criterion__source__startswith="survey:sipas-mau:")
        scored = survey_leaves.exclude(self_score=None)
        self.assertEqual(
            set(scored.values_list("criterion__code", flat=True)), {"8.1.1", "8.1.2", "8.1.3", "8.1.4", "8.1.5"}
        )
        self.assertEqual(
            set(scored.values_list("unit__code", flat=True)),
            set(current.units().exclude(code__in=BEHIND).values_list("code", flat=True)),
        )
        self.assertTrue(all(0 < s.self_score <= s.criterion.max_points for s in scored.select_related("criterion")))
        self.client.force_login(get_user_model().objects.get(username="noivu"))
        for page in ("surveys:detail", "surveys:dashboard", "surveys:results"):
            with self.subTest(page=page):
                self.assertEqual(self.client.get(reverse(page, args=["sipas-mau"])).status_code, 200)

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


class LoadDemoDryRunTests(TestCase):
    def test_a_dry_run_checks_the_demo_files_says_what_it_would_create_and_writes_nothing(self):
        out, err = StringIO(), StringIO()
        call_command("load_demo", "--dry-run", stdout=out, stderr=err)
        self.assertIn("Đơn vị: tạo mới 30", out.getvalue())
        self.assertIn(f"Đợt đánh giá {CURRENT_CODE}: tạo mới", out.getvalue())
        self.assertIn("Tài khoản canbo.anbinh: tạo mới", out.getvalue())
        self.assertIn("Chạy thử", err.getvalue())
        self.assertFalse(Unit.objects.exists())
        self.assertFalse(Campaign.objects.exists())
        self.assertFalse(get_user_model().objects.exists())


class DemoEvidenceFileTests(TestCase):
    def test_each_kind_of_demo_file_passes_the_upload_checks_by_its_content(self):
        import io
        from types import SimpleNamespace

        from parindex.demo.evidence import evidence_file
        from parindex.uploads import check_upload

        campaign = SimpleNamespace(year=2026, name="Chỉ số CCHC năm 2026 UBND các xã, thị trấn")
        unit = SimpleNamespace(pk=1, name="Xã An Bình")
        cases = {
            "Kế hoạch CCHC năm đánh giá của UBND xã (có số, ngày ban hành)": "docx",
            "Danh sách cán bộ, công chức tại 31/12; quyết định giao số lượng": "xlsx",
            "Ảnh chụp bảng, màn hình công khai": "png",
            "Quyết định khen thưởng": "pdf",
        }
        for asked, kind in cases.items():
            leaf = SimpleNamespace(pk=7, code="1.1", name="Tiêu chí thử", evidence=asked)
            name, content = evidence_file(campaign, unit, leaf)
            with self.subTest(kind=kind):
                self.assertTrue(name.endswith("." + kind))
                self.assertNotIn("/", name)
                self.assertEqual(check_upload(io.BytesIO(content), name, 1024 * 1024).kind, kind)
        name, _content = evidence_file(
            campaign, unit, SimpleNamespace(pk=7, code="1.1", name="x", evidence=next(iter(cases)))
        )
        self.assertEqual(name, "1.1 Kế hoạch CCHC năm 2026 của UBND xã.docx")
