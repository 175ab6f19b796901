"""The periodic-report services: planning a year from the calendar, sending on time or late, returns and resends,
reviews, and where each unit stands."""

import io
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.deadlines.core import Standing
from parindex.indicators.models import Figure, Indicator
from parindex.org.models import Unit
from parindex.reports import services as reports
from parindex.reports.calendar import SAMPLE_CALENDAR, CalendarRejected, read_calendar
from parindex.reports.models import ReportPeriod, ReportSubmission
from parindex.reports.services import Outcome, Status
from parindex.reports.tests.test_report_support import ReportTestCase, local
from parindex.review import Review
from parindex.tests.district import ACTOR
from parindex.tests.files import make_exe
from parindex.uploads import UploadRejected


class PlanningTests(ReportTestCase):
    def test_the_shipped_calendar_is_a_sample_with_the_four_reports_at_1700(self):
        calendar = read_calendar()
        self.assertTrue(calendar.sample)
        self.assertEqual([e.kind for e in calendar.entries], ["q1", "h1", "q3", "year"])
        self.assertEqual(
            [d.strftime("%d/%m/%Y %H:%M %Z") for d in calendar.deadlines(2027).values()],
            ["15/03/2027 17:00 +07", "15/06/2027 17:00 +07", "15/09/2027 17:00 +07", "15/12/2027 17:00 +07"],
        )

    def test_planning_a_year_creates_each_report_for_each_group_and_audits_it(self):
        done = reports.plan_reports(2027, [self.communes, self.agencies], ACTOR)
        self.assertEqual([p.outcome for p in done], [Outcome.CREATED] * 8)
        periods = ReportPeriod.objects.filter(year=2027)
        self.assertEqual(periods.count(), 8)
        q1 = periods.get(group=self.communes, kind="q1")
        self.assertEqual(q1.deadline, local("15/03/2027 17:00"))
        entries = AuditEntry.objects.filter(action=Action.REPORTS_PLANNED)
        self.assertEqual(entries.count(), 8)
        entry = entries.get(object_id=str(q1.pk))
        self.assertEqual((entry.before, entry.after["deadline"]), (None, "2027-03-15T17:00:00+07:00"))

    def test_planning_again_changes_nothing(self):
        reports.plan_reports(2027, [self.communes], ACTOR)
        entries = AuditEntry.objects.count()
        done = reports.plan_reports(2027, [self.communes], ACTOR)
        self.assertEqual({p.outcome for p in done}, {Outcome.UNCHANGED})
        self.assertEqual(ReportPeriod.objects.filter(year=2027).count(), 4)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_a_calendar_with_another_deadline_moves_it_with_before_and_after_in_the_audit(self):
        reports.plan_reports(2027, [self.communes], ACTOR)
        sample = SAMPLE_CALENDAR.read_text(encoding="utf-8")
        other = self.write_calendar(sample.replace('due: "15/03"\n    at: "17:00"', 'due: "31/03"\n    at: "16:30"'))
        done = reports.plan_reports(2027, [self.communes], ACTOR, other)
        changed = [p for p in done if p.outcome == Outcome.CHANGED]
        self.assertEqual(len(changed), 1)
        self.assertEqual(changed[0].before, local("15/03/2027 17:00"))
        q1 = ReportPeriod.objects.get(year=2027, group=self.communes, kind="q1")
        self.assertEqual(q1.deadline, local("31/03/2027 16:30"))
        entry = AuditEntry.objects.filter(action=Action.REPORTS_PLANNED, object_id=str(q1.pk)).latest("id")
        self.assertEqual(entry.before, {"deadline": "2027-03-15T17:00:00+07:00"})
        self.assertEqual(entry.after, {"deadline": "2027-03-31T16:30:00+07:00"})

    def test_keeping_deadlines_leaves_a_deadline_set_by_hand(self):
        reports.plan_reports(2027, [self.communes], ACTOR)
        q1 = ReportPeriod.objects.get(year=2027, group=self.communes, kind="q1")
        reports.set_deadline(q1, local("20/03/2027 17:00"), ACTOR, "UBND tỉnh lùi hạn")
        done = reports.plan_reports(2027, [self.communes], ACTOR, keep_deadlines=True)
        self.assertEqual({p.outcome for p in done}, {Outcome.UNCHANGED})
        q1.refresh_from_db()
        self.assertEqual(q1.deadline, local("20/03/2027 17:00"))

    def test_moving_one_deadline_by_hand_needs_a_reason_and_is_audited(self):
        with self.assertRaises(reports.ReportRefused):
            reports.set_deadline(self.upcoming, local("20/10/2026 17:00"), ACTOR, " ")
        self.assertTrue(reports.set_deadline(self.upcoming, local("20/10/2026 17:00"), ACTOR, "Theo công văn 12"))
        self.assertFalse(reports.set_deadline(self.upcoming, local("20/10/2026 17:00"), ACTOR, "Lần nữa"))
        entry = AuditEntry.objects.get(action=Action.REPORTS_PLANNED)
        self.assertEqual((entry.after, entry.reason), ({"deadline": "2026-10-20T17:00:00+07:00"}, "Theo công văn 12"))

    def test_a_bad_calendar_is_refused_with_every_problem_and_nothing_is_written(self):
        path = self.write_calendar(
            "reports:\n  - {kind: q5, due: '15/03'}\n  - {kind: h1, due: '31/06', at: '17h'}\n  - {kind: q3, due: x}\n"
        )
        with self.assertRaises(CalendarRejected) as caught:
            reports.plan_reports(2027, [self.communes], ACTOR, path)
        self.assertEqual(len(caught.exception.problems), 4)
        self.assertIn("q5", str(caught.exception))
        self.assertIn("31/06", str(caught.exception))
        self.assertFalse(ReportPeriod.objects.filter(year=2027).exists())

    def test_29_february_is_refused_in_a_year_without_it(self):
        path = self.write_calendar("reports:\n  - {kind: q1, due: '29/02'}\n")
        self.assertEqual(len(reports.plan_reports(2028, [self.communes], ACTOR, path)), 1)
        with self.assertRaises(CalendarRejected):
            reports.plan_reports(2027, [self.communes], ACTOR, path)

    def write_calendar(self, text):
        path = Path(self._files.name) / "lich.yaml"
        path.write_text(text, encoding="utf-8")
        return path


class SendingTests(ReportTestCase):
    def test_a_report_sent_by_the_deadline_is_on_time_and_audited(self):
        deadline = self.overdue.deadline
        submission = self.send(self.overdue, deadline)
        state = reports.report_state(self.overdue, self.commune, [submission], deadline + timedelta(days=1))
        self.assertEqual((state.status, state.standing, state.done_at), (Status.ON_TIME, Standing.ON_TIME, deadline))
        entry = AuditEntry.objects.get(action=Action.REPORT_SUBMITTED)
        self.assertEqual(
            (entry.unit_id, entry.actor, entry.after["late"]), (self.commune.pk, self.commune_officer, False)
        )
        self.assertEqual(entry.after["name"], "bao-cao.pdf")
        self.assertEqual(len(entry.after["sha256"]), 64)
        self.assertNotIn("bao-cao", submission.file.name)  # stored under a random name
        self.assertEqual(submission.original_name, "bao-cao.pdf")
        self.assertEqual(len(self.stored_files()), 1)

    def test_a_report_sent_a_minute_after_the_deadline_is_late(self):
        submission = self.send(self.overdue, self.overdue.deadline + timedelta(minutes=1))
        state = reports.report_state(self.overdue, self.commune, [submission])
        self.assertEqual((state.status, state.standing), (Status.LATE, Standing.LATE))
        self.assertTrue(state.alarm)
        self.assertTrue(AuditEntry.objects.get(action=Action.REPORT_SUBMITTED).after["late"])

    def test_a_returned_report_does_not_count_until_sent_again_and_a_resend_after_the_deadline_is_late(self):
        deadline = self.overdue.deadline
        first = self.send(self.overdue, deadline - timedelta(days=2))
        self.review(first, accept=False, note="Thiếu phụ lục số liệu")
        state = reports.report_state(self.overdue, self.commune, [first], deadline - timedelta(days=1))
        self.assertEqual((state.status, state.standing, state.done_at), (Status.RETURNED, Standing.PENDING, None))
        state = reports.report_state(self.overdue, self.commune, [first], deadline + timedelta(days=1))
        self.assertEqual(state.standing, Standing.OVERDUE)
        self.assertTrue(state.alarm)
        second = self.send(self.overdue, deadline + timedelta(days=3), by=self.commune_head)
        state = reports.report_state(self.overdue, self.commune, [first, second])
        self.assertEqual(
            (state.status, state.standing, state.done_at), (Status.LATE, Standing.LATE, second.submitted_at)
        )
        self.review(second, accept=True)
        state = reports.report_state(self.overdue, self.commune, ReportSubmission.objects.all())
        self.assertEqual((state.status, state.standing), (Status.ACCEPTED, Standing.LATE))
        self.assertEqual(state.label, "Đã chấp nhận, nộp muộn")

    def test_a_returned_report_sent_again_before_the_deadline_is_on_time(self):
        deadline = self.overdue.deadline
        first = self.send(self.overdue, deadline - timedelta(days=5))
        self.review(first, accept=False, note="Sai mẫu")
        second = self.send(self.overdue, deadline - timedelta(days=1))
        state = reports.report_state(self.overdue, self.commune, [first, second])
        self.assertEqual((state.status, state.done_at), (Status.ON_TIME, second.submitted_at))

    def test_nothing_more_is_sent_while_a_report_awaits_review_or_after_it_was_accepted(self):
        first = self.send(self.overdue, self.overdue.deadline)
        with self.assertRaises(reports.ReportRefused):
            self.send(self.overdue, self.overdue.deadline)
        self.review(first, accept=True)
        with self.assertRaises(reports.ReportRefused):
            self.send(self.overdue, self.overdue.deadline)
        self.assertEqual(ReportSubmission.objects.count(), 1)

    def test_a_unit_of_another_group_does_not_send_this_report(self):
        with self.assertRaises(reports.ReportRefused):
            self.send(self.overdue, self.overdue.deadline, unit=self.agency)
        self.assertFalse(ReportSubmission.objects.exists())

    def test_a_program_renamed_pdf_is_refused_and_nothing_is_stored(self):
        with self.assertRaises(UploadRejected) as caught:
            reports.submit_report(
                self.overdue, self.commune, io.BytesIO(make_exe()), "baocao.pdf", Actor.of(self.commune_officer)
            )
        self.assertIn("chương trình (EXE)", str(caught.exception))
        self.assertFalse(ReportSubmission.objects.exists())
        self.assertEqual(self.stored_files(), [])
        self.assertFalse(AuditEntry.objects.filter(action=Action.REPORT_SUBMITTED).exists())


class ReviewTests(ReportTestCase):
    def test_returning_needs_a_note_and_a_review_is_audited_with_before_and_after(self):
        submission = self.send(self.overdue, self.overdue.deadline)
        with self.assertRaises(reports.ReportRefused):
            self.review(submission, accept=False, note="  ")
        self.review(submission, accept=False, note="Thiếu chữ ký")
        submission.refresh_from_db()
        self.assertEqual((submission.review, submission.review_note), (Review.RETURNED, "Thiếu chữ ký"))
        self.assertEqual(submission.reviewed_by, self.home_affairs)
        entry = AuditEntry.objects.get(action=Action.REPORT_REVIEWED)
        self.assertEqual(
            (entry.before, entry.after), ({"review": "pending"}, {"review": "returned", "note": "Thiếu chữ ký"})
        )
        self.assertEqual((entry.unit_id, entry.reason), (self.commune.pk, "Thiếu chữ ký"))

    def test_a_submission_is_reviewed_once(self):
        submission = self.send(self.overdue, self.overdue.deadline)
        self.review(submission, accept=True)
        with self.assertRaises(reports.ReportRefused):
            self.review(submission, accept=False, note="Đổi ý")
        self.assertEqual(AuditEntry.objects.filter(action=Action.REPORT_REVIEWED).count(), 1)


class StandingTests(ReportTestCase):
    def test_late_and_missing_units_come_first(self):
        late_unit = Unit.objects.create(code="X-CAU", name="Xã Cầu", parent=self.district, group=self.communes)
        self.send(self.overdue, self.overdue.deadline - timedelta(days=1))  # X-AN on time
        self.send(self.overdue, self.overdue.deadline + timedelta(days=1), unit=late_unit)  # late
        states = reports.report_states([self.overdue], [self.commune, self.other_commune, late_unit])
        ordered = [s.unit.code for s in reports.ordered_states(states.values())]
        self.assertEqual(ordered, ["X-BINH", "X-CAU", "X-AN"])  # missing, late, on time
        tally = reports.tally(states.values())
        self.assertEqual((tally.expected, tally.submitted, tally.on_time, tally.late, tally.missing), (3, 2, 1, 1, 1))

    def test_the_timeliness_figures_follow_a_submission(self):
        self.send(self.overdue, self.overdue.deadline - timedelta(days=1))
        year = str(timezone.localtime(self.overdue.deadline).year)
        figure = Figure.objects.get(unit=self.commune, indicator=Indicator.REPORTS_ON_TIME, period=year)
        self.assertEqual((figure.numerator, figure.denominator), (1, 1))
