"""Planning a year on the page (Home Affairs, from the shipped calendar) and moving one period's deadline."""

from django.urls import reverse

from parindex.audit.models import Action, AuditEntry
from parindex.org.models import Role
from parindex.reports.models import ReportPeriod
from parindex.reports.tests.test_report_support import ReportTestCase, local

PLAN = reverse("assignments:report-plan")


class PlanPageTests(ReportTestCase):
    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(PLAN, {"year": "2027", "groups": [self.communes.pk, self.agencies.pk], **data})

    def test_only_home_affairs_plans(self):
        entries = self.audit_count()
        for user in (
            self.commune_officer,
            self.commune_head,
            self.other_officer,
            self.appraiser,
            self.viewer,
            self.outsider,
        ):
            self.client.force_login(user)
            self.assertEqual(self.client.get(PLAN).status_code, 403, user.username)
            self.assertEqual(self.post(user).status_code, 403, user.username)
        self.assertFalse(ReportPeriod.objects.filter(year=2027).exists())
        self.assertEqual(self.audit_count(), entries)

    def test_the_page_shows_the_sample_calendar(self):
        self.client.force_login(self.home_affairs)
        response = self.client.get(PLAN)
        self.assertContains(response, "Lịch báo cáo CCHC định kỳ (mẫu)")
        self.assertContains(response, "không phải quyết định chính thức")
        self.assertContains(response, "15/03")
        self.assertContains(response, "15/12")

    def test_home_affairs_plans_a_year_for_the_groups_chosen(self):
        response = self.post(self.home_affairs)
        self.assertRedirects(response, reverse("assignments:reports") + "?year=2027", fetch_redirect_response=False)
        self.assertEqual(ReportPeriod.objects.filter(year=2027).count(), 8)
        self.assertEqual(
            ReportPeriod.objects.get(year=2027, kind="h1", group=self.agencies).deadline, local("15/06/2027 17:00")
        )
        self.assertEqual(AuditEntry.objects.filter(action=Action.REPORTS_PLANNED, actor=self.home_affairs).count(), 8)
        self.assertContains(self.client.get(reverse("assignments:reports") + "?year=2027"), "8 kỳ báo cáo được tạo")

    def test_planning_again_keeps_a_deadline_moved_by_hand_unless_asked(self):
        self.post(self.home_affairs)
        q1 = ReportPeriod.objects.get(year=2027, kind="q1", group=self.communes)
        q1.deadline = local("20/03/2027 17:00")
        q1.save()
        self.post(self.home_affairs)
        q1.refresh_from_db()
        self.assertEqual(q1.deadline, local("20/03/2027 17:00"))
        self.post(self.home_affairs, reset="on")
        q1.refresh_from_db()
        self.assertEqual(q1.deadline, local("15/03/2027 17:00"))

    def test_a_group_with_units_outside_ones_scope_is_not_offered(self):
        clerk = self.person("noivu.xa", Role.HOME_AFFAIRS, self.commune)
        response = self.post(clerk, groups=[self.communes.pk])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ReportPeriod.objects.filter(year=2027).exists())


class DeadlinePageTests(ReportTestCase):
    def url(self):
        return reverse("assignments:report-deadline", args=[self.upcoming.pk])

    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(self.url(), {"deadline": "20/10/2026 17:00", "reason": "Theo công văn 15/UBND", **data})

    def test_only_home_affairs_over_the_whole_group_moves_a_deadline(self):
        entries = self.audit_count()
        before = self.upcoming.deadline
        for user, status in [
            (self.commune_officer, 403),
            (self.commune_head, 403),
            (self.other_officer, 403),
            (self.appraiser, 403),
            (self.viewer, 403),
            (self.outsider, 404),
            (self.person("noivu.xa", Role.HOME_AFFAIRS, self.commune), 403),
        ]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url()).status_code, status, user.username)
            self.assertEqual(self.post(user).status_code, status, user.username)
        self.upcoming.refresh_from_db()
        self.assertEqual(self.upcoming.deadline, before)
        self.assertEqual(self.audit_count(), entries)

    def test_home_affairs_moves_the_deadline_with_a_reason_and_it_is_audited(self):
        self.assertContains(self.post(self.home_affairs, reason=""), "Trường này là bắt buộc")
        response = self.post(self.home_affairs, deadline="2026-10-20T17:00")
        self.assertRedirects(response, reverse("assignments:report-period", args=[self.upcoming.pk]))
        self.upcoming.refresh_from_db()
        self.assertEqual(self.upcoming.deadline, local("20/10/2026 17:00"))
        entry = AuditEntry.objects.get(action=Action.REPORTS_PLANNED)
        self.assertEqual(entry.after, {"deadline": "2026-10-20T17:00:00+07:00"})
        self.assertEqual((entry.actor, entry.reason), (self.home_affairs, "Theo công văn 15/UBND"))
