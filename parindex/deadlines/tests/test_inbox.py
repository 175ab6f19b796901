"""The bell and the inbox: a person's reminders, read or not."""

from django.urls import reverse
from django.utils import timezone

from parindex.deadlines.models import Reminder
from parindex.tests.district import DistrictTestCase


class InboxTests(DistrictTestCase):
    def setUp(self):
        now = timezone.now()
        self.notice = Reminder.objects.create(
            kind="task",
            object_key="1",
            unit=self.commune,
            subject="Nhiệm vụ NV-01",
            link="/deadlines/units/X-AN/",
            deadline=now,
            step=1,
            level="unit",
            recipient=self.commune_officer,
            due_at=now,
            sent_at=now,
        )
        Reminder.objects.create(  # planned, not sent yet: not shown
            kind="task",
            object_key="1",
            unit=self.commune,
            subject="Nhiệm vụ NV-01",
            deadline=now,
            step=2,
            level="unit",
            recipient=self.commune_officer,
            due_at=now,
        )

    def test_the_bell_counts_unread_reminders(self):
        self.client.force_login(self.commune_officer)
        self.assertContains(self.client.get(reverse("notifications:bell")), '<span class="badge">1</span>', html=True)
        self.client.force_login(self.commune_head)
        self.assertNotContains(self.client.get(reverse("notifications:bell")), "badge")

    def test_opening_a_notice_marks_it_read_and_goes_to_its_subject(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(reverse("notifications:open", args=[self.notice.pk]))
        self.assertRedirects(response, "/deadlines/units/X-AN/", fetch_redirect_response=False)
        self.notice.refresh_from_db()
        self.assertIsNotNone(self.notice.read_at)

    def test_nobody_opens_another_persons_notice(self):
        self.client.force_login(self.commune_head)
        self.assertEqual(self.client.get(reverse("notifications:open", args=[self.notice.pk])).status_code, 404)

    def test_the_inbox_lists_sent_notices_and_marks_all_read(self):
        self.client.force_login(self.commune_officer)
        response = self.client.get(reverse("notifications:inbox"))
        self.assertContains(response, "Nhiệm vụ NV-01", count=1)
        self.client.post(reverse("notifications:read-all"))
        self.assertFalse(
            Reminder.objects.filter(
                recipient=self.commune_officer, sent_at__isnull=False, read_at__isnull=True
            ).exists()
        )

    def test_the_units_sheet_says_how_often_the_self_assessment_was_reminded(self):
        from parindex.assessments.services import ensure_assessments

        ensure_assessments(self.campaign)
        assessment = self.campaign.assessments.get(unit=self.commune)
        now = timezone.now()
        for step in (1, 2, 3):
            Reminder.objects.create(
                kind="self_assessment",
                object_key=str(assessment.pk),
                unit=self.commune,
                subject="Tự đánh giá",
                deadline=now,
                step=step,
                level="unit",
                recipient=self.commune_head,
                due_at=now,
                sent_at=now,
            )
        self.client.force_login(self.commune_officer)
        page = self.client.get(reverse("assessments:unit-sheet", args=["c2021", "X-AN"]))
        self.assertContains(page, "đã nhắc nhở 3 lần")
