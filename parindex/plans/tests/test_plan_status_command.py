"""``parindex plan-status --campaign C [--format table|csv]``: one row per unit with its plan's state and its
actions' counts."""

import io
from datetime import timedelta

from django.core.management import CommandError, call_command
from django.utils import timezone

from parindex.audit.services import Actor
from parindex.plans import services as plans
from parindex.plans.tests.plan_support import PublishedTestCase, pdf


class PlanStatusCommandTests(PublishedTestCase):
    def run_command(self, *args):
        out = io.StringIO()
        call_command("plan_status", "--campaign", "c2021", *args, stdout=out)
        return out.getvalue()

    def test_csv_has_one_row_per_unit(self):
        plan = self.accepted_plan()
        action = plan.actions.get(criterion__code="1.3")
        sent = timezone.now() - timedelta(hours=2)
        report = plans.send_action_report(action, "Xong", pdf(), "a.pdf", Actor.of(self.commune_officer), now=sent)
        plans.review_action_report(report, True, "", Actor.of(self.home_affairs))
        self.assertEqual(
            self.run_command("--format", "csv").splitlines(),
            [
                "unit,name,state,actions,done,on_time,overdue",
                "X-AN,Xã An Bình,accepted,2,1,1,0",
                "X-BINH,Xã Bình Minh,none,0,0,0,0",
            ],
        )

    def test_an_action_past_its_deadline_counts_as_overdue(self):
        self.accepted_plan()
        later = timezone.now() + timedelta(days=45)
        rows = {r.unit.code: r for r in plans.status_rows(self.campaign, later)}
        self.assertEqual((rows["X-AN"].overdue, rows["X-AN"].done), (2, 0))

    def test_the_table_is_for_people(self):
        self.add()
        text = self.run_command()
        self.assertIn("Chỉ số CCHC 2021 cấp xã (c2021)", text)
        self.assertIn("Đang soạn", text)
        self.assertIn("Chưa lập", text)
        self.assertIn("Kế hoạch khắc phục", text)

    def test_an_unknown_campaign_is_one_clear_line(self):
        with self.assertRaisesMessage(CommandError, "c1999"):
            call_command("plan_status", "--campaign", "c1999", stdout=io.StringIO())
