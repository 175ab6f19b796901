"""Home Affairs sets up a campaign in the browser pages: the set and group, the calendar, appraisers, exceptions."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from parindex.assessments import lifecycle
from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign
from parindex.assessments.services import CampaignError
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.org.models import Role, Unit
from parindex.tests.district import ACTOR, DistrictTestCase

CALENDAR = {
    "self_opens_at": "2022-11-01T07:30",
    "self_closes_at": "2022-11-15T17:00",
    "round1_ends_at": "2022-11-30T17:00",
    "explanation_closes_at": "2022-12-07T17:00",
    "round2_ends_at": "2022-12-15T17:00",
    "publish_on": "2022-12-31",
}


class CampaignSetupTests(DistrictTestCase):
    def setUp(self):
        self.client.force_login(self.home_affairs)

    def test_home_affairs_creates_a_campaign_with_its_calendar_and_policy(self):
        data = {
            "code": "cchc-2022-xa",
            "framework": self.framework.pk,
            "group": self.communes.pk,
            "year": 2022,
            "name": "",
            **CALENDAR,
            "zero_if_not_self_assessed": "on",
            "late_deduction": "0,5",
            "unrank_if_not_submitted": "on",
        }
        response = self.client.post(reverse("assessments:campaign-new"), data)
        self.assertRedirects(response, reverse("assessments:campaign-detail", args=["cchc-2022-xa"]))
        campaign = Campaign.objects.get(code="cchc-2022-xa")
        self.assertEqual(campaign.name, "Chỉ số CCHC năm 2022 – UBND xã, thị trấn")
        self.assertEqual(str(campaign.late_deduction), "0.50")
        self.assertTrue(campaign.unrank_if_not_submitted)
        self.assertEqual(timezone.localtime(campaign.self_closes_at).strftime("%d/%m/%Y %H:%M"), "15/11/2022 17:00")
        self.assertEqual(Assessment.objects.filter(campaign=campaign).count(), 2)
        self.assertTrue(AuditEntry.objects.filter(action=Action.CAMPAIGN_CHANGED, campaign_id=campaign.pk).exists())
        page = self.client.get(reverse("assessments:campaign-detail", args=["cchc-2022-xa"]))
        self.assertContains(page, "17:00 ngày 15/11/2022")

    def test_a_calendar_out_of_order_and_a_taken_code_are_explained_in_vietnamese(self):
        data = {
            "code": "c2021",
            "framework": self.framework.pk,
            "group": self.communes.pk,
            "year": 2022,
            **CALENDAR,
            "self_closes_at": "2022-10-01T17:00",
            "late_deduction": "0",
        }
        response = self.client.post(reverse("assessments:campaign-new"), data)
        self.assertContains(response, "Đã có đợt đánh giá dùng mã này")
        self.assertContains(response, "has-error", count=2)  # the code, and the closing before the opening
        self.assertEqual(Campaign.objects.count(), 1)

    def test_appraisers_are_assigned_to_units_and_areas(self):
        url = reverse("assessments:assignments", args=["c2021"])
        area = self.framework.criteria.get(code="2")
        self.client.post(url, {"user": self.idle_appraiser.pk, "units": [self.other_commune.pk], "areas": [area.pk]})
        rows = AppraiserAssignment.objects.filter(campaign=self.campaign, user=self.idle_appraiser)
        self.assertEqual({(a.unit_id, a.area_id) for a in rows}, {(self.other_commune.pk, None), (None, area.pk)})
        entry = AuditEntry.objects.get(action=Action.ASSIGNMENT_CHANGED)
        self.assertEqual(entry.after, {"units": [self.other_commune.pk], "areas": [area.pk]})
        self.assertContains(self.client.get(url), "Xã Bình Minh")

    def test_only_council_members_can_be_assigned(self):
        url = reverse("assessments:assignments", args=["c2021"])
        response = self.client.post(url, {"user": self.commune_officer.pk, "units": [self.commune.pk]})
        self.assertContains(response, "error")
        self.assertFalse(AppraiserAssignment.objects.filter(user=self.commune_officer).exists())

    def test_an_exception_needs_a_future_deadline_and_a_reason(self):
        url = reverse("assessments:exception", args=["c2021", "X-AN"])
        past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(url, {"until": past, "reason": ""})
        self.assertContains(response, '<span class="error">', count=2)
        future = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(url, {"until": future, "reason": "Công văn 215/UBND-NV"})
        self.assertRedirects(response, reverse("assessments:overview", args=["c2021"]))
        assessment = Assessment.objects.get(campaign=self.campaign, unit=self.commune)
        self.assertEqual(assessment.override_reason, "Công văn 215/UBND-NV")
        self.assertEqual(AuditEntry.objects.get(action=Action.EXCEPTION_GRANTED).reason, "Công văn 215/UBND-NV")


class AssignmentScopeTests(DistrictTestCase):
    """Appraiser assignments stay within the campaign and within the scope of the person who makes them."""

    def test_the_service_refuses_people_who_do_not_run_the_campaign(self):
        with self.assertRaisesMessage(CampaignError, "Chỉ cán bộ Phòng Nội vụ thuộc đơn vị tổ chức đánh giá"):
            lifecycle.set_assignments(
                self.campaign, self.idle_appraiser.pk, [self.commune.pk], [], Actor.of(self.commune_home_affairs)
            )
        self.assertFalse(AppraiserAssignment.objects.filter(user=self.idle_appraiser).exists())

    def test_only_units_of_the_campaign_are_assigned(self):
        with self.assertRaisesMessage(CampaignError, "Không phải đơn vị của đợt đánh giá này trong phạm vi của bạn"):
            lifecycle.set_assignments(
                self.campaign, self.idle_appraiser.pk, [self.agency.pk], [], Actor.of(self.home_affairs)
            )
        not_an_area = self.framework.criteria.filter(depth=2).first()
        with self.assertRaisesMessage(CampaignError, "Không phải lĩnh vực"):
            lifecycle.set_assignments(
                self.campaign, self.idle_appraiser.pk, [], [not_an_area.pk], Actor.of(self.home_affairs)
            )
        self.assertFalse(AppraiserAssignment.objects.filter(user=self.idle_appraiser).exists())

    def test_an_appraiser_outside_the_managers_scope_is_refused_and_not_offered(self):
        province = Unit.objects.create(code="T", name="UBND tỉnh")
        self.district.parent = province
        self.district.save()
        council = self.person("thamdinh.tinh", Role.APPRAISER, province)
        with self.assertRaisesMessage(CampaignError, "Người này không phải thành viên Hội đồng thẩm định"):
            lifecycle.set_assignments(self.campaign, council.pk, [self.commune.pk], [], Actor.of(self.home_affairs))
        self.client.force_login(self.home_affairs)
        url = reverse("assessments:assignments", args=["c2021"])
        self.assertNotContains(self.client.get(url), "thamdinh.tinh")
        response = self.client.post(url, {"user": council.pk, "units": [self.commune.pk]})
        self.assertContains(response, '<span class="error">')
        self.assertFalse(AppraiserAssignment.objects.filter(user=council).exists())
        # The command line (and the district's own council) are not limited by a person's scope.
        lifecycle.set_assignments(self.campaign, council.pk, [self.commune.pk], [], ACTOR)
        self.assertTrue(AppraiserAssignment.objects.filter(user=council, unit=self.commune).exists())
