"""Notices of the cycle's steps: each step reaches the people who act next, in the bell and by e-mail, once it has
committed, with a link they can open."""

from datetime import datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from parindex.assessments import lifecycle, workflow
from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Question
from parindex.audit.services import Actor
from parindex.deadlines.models import STEP, Reminder
from parindex.deadlines.services import send_due
from parindex.org.models import Role
from parindex.tests.district import DistrictTestCase

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EXPLANATION_CLOSES = datetime(2026, 11, 27, 17, 0, tzinfo=VN)
ROUND2_ENDS = datetime(2026, 12, 4, 17, 0, tzinfo=VN)


@override_settings(SITE_URL="https://cchc.example.vn")
class StepNoticeTests(DistrictTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.area_appraiser = cls.person("thamdinh.lv2", Role.APPRAISER, cls.district)
        AppraiserAssignment.objects.create(
            campaign=cls.campaign, user=cls.area_appraiser, area=cls.framework.criteria.get(code="2")
        )
        cls.binh_appraiser = cls.person("thamdinh.binh", Role.APPRAISER, cls.district)
        AppraiserAssignment.objects.create(campaign=cls.campaign, user=cls.binh_appraiser, unit=cls.other_commune)
        cls.binh_home_affairs = cls.person("noivu.binh", Role.HOME_AFFAIRS, cls.other_commune)
        for user in (cls.appraiser, cls.home_affairs, cls.commune_head, cls.other_officer):
            user.email = f"{user.username}@example.vn"
            user.save()

    def setUp(self):
        now = timezone.now()
        Campaign.objects.filter(pk=self.campaign.pk).update(
            self_opens_at=now - timedelta(days=3),
            self_closes_at=now + timedelta(days=2),
            round1_ends_at=now + timedelta(days=6),
            explanation_closes_at=EXPLANATION_CLOSES,
            round2_ends_at=ROUND2_ENDS,
        )
        self.campaign.refresh_from_db()
        self.leaf = self.framework.criteria.get(code="1.1")

    def notices(self):
        return Reminder.objects.filter(kind=STEP).select_related("recipient", "unit").order_by("recipient__username")

    def recipients(self):
        return sorted(n.recipient.username for n in self.notices())

    def submit(self):
        workflow.save_self_score(self.campaign, self.commune, self.leaf, "1", False, Actor.of(self.commune_officer))
        with self.captureOnCommitCallbacks(execute=True):
            workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)

    def stand_at(self, state, answer=""):
        Assessment.objects.update_or_create(campaign=self.campaign, unit=self.commune, defaults={"state": state})
        Question.objects.create(
            campaign=self.campaign, unit=self.commune, criterion=self.leaf, text="Vì sao?", answer=answer
        )

    def test_a_submission_tells_the_units_appraisers_and_home_affairs(self):
        self.submit()
        # Assigned to the unit, or to an area (which covers every unit); Home Affairs over the commune. Not the
        # appraiser of another commune, not Home Affairs of another commune, not the unit itself.
        got = set(self.recipients())
        self.assertLessEqual({"noivu", "thamdinh", "thamdinh.lv2"}, got)
        self.assertFalse(got & {"thamdinh.binh", "noivu.binh", "thamdinh2", "lanhdao", "canbo.an", "chutich.an"})
        notice = self.notices().first()
        self.assertIn("Xã An Bình đã nộp kết quả tự đánh giá trong “Chỉ số CCHC 2021 cấp xã”.", notice.subject)
        self.assertIn("Thẩm định vòng 1 kết thúc lúc", notice.subject)
        self.assertEqual(notice.link, reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"]))
        self.assertEqual(notice.deadline, self.campaign.round1_ends_at)
        self.assertIsNone(notice.sent_at)  # due now, for the worker

    def test_nothing_is_announced_for_a_step_that_was_rolled_back(self):
        workflow.save_self_score(self.campaign, self.commune, self.leaf, "1", False, Actor.of(self.commune_officer))
        with self.captureOnCommitCallbacks(execute=True):
            try:
                with transaction.atomic():
                    workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
                    raise RuntimeError("the step fails after the move")
            except RuntimeError:
                pass
        self.assertFalse(Reminder.objects.filter(kind=STEP).exists())
        state = Assessment.objects.get(campaign=self.campaign, unit=self.commune).state
        self.assertEqual(state, Assessment.State.IN_PROGRESS)

    def test_a_notice_that_cannot_be_written_does_not_fail_the_step(self):
        failing = patch("parindex.assessments.notices.notify", side_effect=RuntimeError("database hiccup"))
        with failing, self.assertLogs(level="ERROR"):
            self.submit()
        state = Assessment.objects.get(campaign=self.campaign, unit=self.commune).state
        self.assertEqual(state, Assessment.State.SUBMITTED)

    def test_questions_sent_tell_the_units_officer_and_head_with_the_explanation_deadline(self):
        self.stand_at(Assessment.State.APPRAISING)
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            # The single state move every transition goes through (round 1 closing with open questions ends here).
            assessment = workflow.assessment_for(self.campaign, self.commune, lock=True)
            assessment.move_to(Assessment.State.EXPLANATION_REQUESTED, Actor.of(self.appraiser))
        self.assertEqual(self.recipients(), ["canbo.an", "chutich.an"])
        notice = self.notices().first()
        self.assertIn("Hội đồng thẩm định đề nghị Xã An Bình giải trình", notice.subject)
        self.assertIn("số câu hỏi: 1", notice.subject)
        self.assertIn("Hạn gửi giải trình: 17:00 ngày 27/11/2026.", notice.subject)
        self.assertEqual(notice.deadline, EXPLANATION_CLOSES)
        self.assertEqual(notice.link, reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))

    def test_an_explanation_sent_tells_the_appraisers(self):
        self.stand_at(Assessment.State.EXPLANATION_REQUESTED, answer="Kế hoạch số 15/KH-UBND")
        # A day before the explanation window closes.
        day_before = EXPLANATION_CLOSES - timedelta(days=1)
        with patch("django.utils.timezone.now", return_value=day_before), self.captureOnCommitCallbacks(execute=True):
            workflow.send_explanation(self.campaign, self.commune, Actor.of(self.commune_head))
        self.assertEqual(self.recipients(), ["thamdinh", "thamdinh.lv2"])
        notice = self.notices().first()
        self.assertIn("Xã An Bình đã gửi giải trình", notice.subject)
        self.assertIn("Thẩm định vòng 2 kết thúc lúc 17:00 ngày 04/12/2026.", notice.subject)

    def test_published_results_reach_the_people_of_every_unit(self):
        Campaign.objects.filter(pk=self.campaign.pk).update(
            status=Campaign.Status.LOCKED, publish_on=timezone.localdate()
        )
        self.campaign.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            lifecycle.publish(self.campaign, Actor.of(self.home_affairs))
        got = sorted((n.unit.code, n.recipient.username) for n in self.notices())
        self.assertEqual(got, [("X-AN", "canbo.an"), ("X-AN", "chutich.an"), ("X-BINH", "canbo.binh")])
        notice = self.notices().first()
        self.assertEqual(notice.subject, "Kết quả “Chỉ số CCHC 2021 cấp xã” đã được công bố.")
        self.assertEqual(notice.link, reverse("public-results", args=["c2021"]))
        self.assertIsNone(notice.deadline)

    def test_the_worker_sends_each_notice_once_by_email_and_in_the_bell(self):
        self.submit()
        notices = self.notices().count()
        outcome = send_due(timezone.now())
        self.assertEqual((outcome.sent, outcome.emailed, outcome.cancelled), (notices, 2, 0))  # others: no address
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["noivu@example.vn", "thamdinh@example.vn"])
        message = mail.outbox[0]
        self.assertTrue(message.subject.startswith("[Chỉ số CCHC] Xã An Bình đã nộp kết quả tự đánh giá"))
        self.assertIn("Xem tại: https://cchc.example.vn/campaigns/c2021/units/X-AN/appraisal/", message.body)
        self.assertEqual(send_due(timezone.now()).sent, 0)
        self.client.force_login(self.home_affairs)
        self.assertContains(self.client.get(reverse("notifications:bell")), '<span class="badge">1</span>', html=True)
        self.assertContains(self.client.get(reverse("notifications:inbox")), "Xã An Bình đã nộp")

    def test_a_step_taken_again_is_a_new_notice(self):
        self.submit()
        workflow.withdraw(self.campaign, self.commune, Actor.of(self.commune_head))
        with self.captureOnCommitCallbacks(execute=True):
            workflow.submit(self.campaign, self.commune, Actor.of(self.commune_head), confirm_missing=True)
        steps = sorted(self.notices().filter(recipient=self.home_affairs).values_list("step", flat=True))
        self.assertEqual(steps, [1, 2])

    def test_every_notice_opens_a_page_its_reader_can_see(self):
        self.submit()
        self.stand_at(Assessment.State.APPRAISING)
        with self.captureOnCommitCallbacks(execute=True), transaction.atomic():
            assessment = workflow.assessment_for(self.campaign, self.commune, lock=True)
            assessment.move_to(Assessment.State.EXPLANATION_REQUESTED, Actor.of(self.appraiser))
        send_due(timezone.now())
        notices = list(self.notices())
        self.assertEqual(
            {n.recipient.username for n in notices} & {"canbo.an", "chutich.an", "thamdinh"},
            {"canbo.an", "chutich.an", "thamdinh"},
        )
        for notice in notices:
            self.client.force_login(notice.recipient)
            response = self.client.get(reverse("notifications:open", args=[notice.pk]), follow=True)
            self.assertEqual(response.status_code, 200, (notice.recipient.username, notice.link))

    def test_the_inbox_shows_a_notice_without_a_deadline(self):
        Campaign.objects.filter(pk=self.campaign.pk).update(
            status=Campaign.Status.LOCKED, publish_on=timezone.localdate()
        )
        self.campaign.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            lifecycle.publish(self.campaign, Actor.of(self.home_affairs))
        send_due(timezone.now())
        self.client.force_login(self.other_officer)
        response = self.client.get(reverse("notifications:inbox"))
        self.assertContains(response, "Kết quả “Chỉ số CCHC 2021 cấp xã” đã được công bố.")
        self.assertNotContains(response, "quá hạn")
