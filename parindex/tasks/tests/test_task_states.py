"""The five states of a unit's part of a task, at frozen times, and the report → review rules that move them."""

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.review import Review
from parindex.tasks import services as tasks
from parindex.tasks.models import TaskReport, TaskUnit
from parindex.tasks.tests.test_task_support import TaskTestCase, local
from parindex.tests.district import ACTOR

DEADLINE = local("15/03/2026 17:00")


class TaskStateTests(TaskTestCase):
    def setUp(self):
        super().setUp()
        self.task = tasks.save_task(self.task_input(code="NV-2026-002", deadline=DEADLINE), ACTOR).task

    def status(self, at):
        return self.part(task=self.task).status(local(at))

    def report(self, kind, at):
        return tasks.send_report(
            self.part(task=self.task), kind, "Đang rà soát", Actor.of(self.commune_officer), now=local(at)
        )

    def review(self, report, accept, at, note=""):
        return tasks.review_task_report(report, accept, note, Actor.of(self.home_affairs), now=local(at))

    def test_a_task_nobody_reported_on_is_not_started_until_its_deadline_then_overdue(self):
        self.assertEqual(self.status("15/03/2026 17:00"), TaskUnit.Status.NOT_STARTED)
        self.assertEqual(self.status("15/03/2026 17:01"), TaskUnit.Status.OVERDUE)

    def test_the_first_progress_report_starts_the_task(self):
        self.report(TaskReport.Kind.PROGRESS, "01/03/2026 09:00")
        part = self.part(task=self.task)
        self.assertEqual(part.started_at, local("01/03/2026 09:00"))
        self.assertEqual(part.status(local("10/03/2026 08:00")), TaskUnit.Status.IN_PROGRESS)
        self.report(TaskReport.Kind.PROGRESS, "05/03/2026 09:00")
        self.assertEqual(self.part(task=self.task).started_at, local("01/03/2026 09:00"))

    def test_a_started_task_past_its_deadline_is_overdue(self):
        self.report(TaskReport.Kind.PROGRESS, "01/03/2026 09:00")
        self.assertEqual(self.status("16/03/2026 08:00"), TaskUnit.Status.OVERDUE)

    def test_a_report_sent_before_the_deadline_and_accepted_after_it_is_on_time(self):
        report = self.report(TaskReport.Kind.COMPLETION, "15/03/2026 16:30")
        self.review(report, True, "20/03/2026 10:00")
        part = self.part(task=self.task)
        self.assertEqual(part.completed_at, local("15/03/2026 16:30"))
        self.assertEqual(part.status(local("21/03/2026 08:00")), TaskUnit.Status.DONE_ON_TIME)

    def test_a_report_sent_after_the_deadline_is_completed_late(self):
        report = self.report(TaskReport.Kind.COMPLETION, "16/03/2026 08:00")
        self.review(report, True, "16/03/2026 09:00")
        self.assertEqual(self.status("17/03/2026 08:00"), TaskUnit.Status.DONE_LATE)

    def test_a_completion_report_waiting_for_review_completes_nothing(self):
        self.report(TaskReport.Kind.COMPLETION, "10/03/2026 08:00")
        self.assertEqual(self.status("12/03/2026 08:00"), TaskUnit.Status.IN_PROGRESS)
        self.assertEqual(self.status("16/03/2026 08:00"), TaskUnit.Status.OVERDUE)

    def test_a_returned_report_completes_nothing_and_the_next_accepted_one_counts_from_its_own_sending(self):
        first = self.report(TaskReport.Kind.COMPLETION, "10/03/2026 08:00")
        self.review(first, False, "12/03/2026 08:00", note="Thiếu danh mục thủ tục")
        self.assertIsNone(self.part(task=self.task).completed_at)
        self.assertEqual(self.status("16/03/2026 08:00"), TaskUnit.Status.OVERDUE)
        second = self.report(TaskReport.Kind.COMPLETION, "17/03/2026 08:00")
        self.review(second, True, "18/03/2026 08:00")
        self.assertEqual(self.part(task=self.task).completed_at, local("17/03/2026 08:00"))
        self.assertEqual(self.status("20/03/2026 08:00"), TaskUnit.Status.DONE_LATE)

    def test_returning_needs_a_note_and_a_report_is_reviewed_once(self):
        report = self.report(TaskReport.Kind.COMPLETION, "10/03/2026 08:00")
        with self.assertRaises(tasks.TaskRefused):
            self.review(report, False, "11/03/2026 08:00")
        self.review(report, True, "11/03/2026 08:00")
        with self.assertRaises(tasks.TaskRefused):
            self.review(report, False, "12/03/2026 08:00", note="Nhầm")
        report.refresh_from_db()
        self.assertEqual(report.review, Review.ACCEPTED)

    def test_a_second_completion_report_waits_for_the_first_ones_review(self):
        self.report(TaskReport.Kind.COMPLETION, "10/03/2026 08:00")
        with self.assertRaises(tasks.TaskRefused):
            self.report(TaskReport.Kind.COMPLETION, "11/03/2026 08:00")
        self.report(TaskReport.Kind.PROGRESS, "11/03/2026 08:00")  # progress may still be reported

    def test_a_completed_part_takes_no_more_reports(self):
        report = self.report(TaskReport.Kind.COMPLETION, "10/03/2026 08:00")
        self.review(report, True, "11/03/2026 08:00")
        with self.assertRaises(tasks.TaskRefused):
            self.report(TaskReport.Kind.PROGRESS, "12/03/2026 08:00")

    def test_each_step_is_audited_with_before_and_after(self):
        report = self.report(TaskReport.Kind.COMPLETION, "10/03/2026 08:00")
        self.review(report, True, "20/03/2026 08:00", note="Đạt yêu cầu")
        sent = AuditEntry.objects.get(action=Action.TASK_REPORTED, object_id=str(report.pk))
        self.assertEqual((sent.object_type, sent.before, sent.after["kind"]), ("task_report", None, "completion"))
        self.assertEqual(sent.unit_id, self.commune.pk)
        reviewed = AuditEntry.objects.get(action=Action.TASK_REVIEWED)
        self.assertEqual((reviewed.before["review"], reviewed.after["review"]), ("pending", "accepted"))
        self.assertEqual(reviewed.after["completed_at"], "2026-03-10T08:00:00+07:00")
        self.assertEqual((reviewed.actor, reviewed.reason), (self.home_affairs, "Đạt yêu cầu"))

    def test_a_unit_that_reported_cannot_be_taken_off_the_task(self):
        self.report(TaskReport.Kind.PROGRESS, "01/03/2026 09:00")
        with self.assertRaises(tasks.TaskRefused):
            tasks.save_task(
                self.task_input(code="NV-2026-002", deadline=DEADLINE, lead=self.other_commune), ACTOR, self.task
            )

    def test_the_deadline_may_not_come_before_the_document(self):
        with self.assertRaises(tasks.TaskRefused):
            tasks.save_task(self.task_input(code="NV-X", deadline=local("01/01/2026 17:00")), ACTOR)

    def test_the_timeliness_figures_follow_an_accepted_report(self):
        from parindex.indicators.models import Figure, Indicator

        report = self.report(TaskReport.Kind.COMPLETION, "10/03/2026 08:00")
        self.review(report, True, "20/03/2026 08:00")
        figure = Figure.objects.get(unit=self.commune, period="2026", indicator=Indicator.TASKS_ON_TIME)
        self.assertEqual((figure.numerator, figure.denominator), (1, 1))
