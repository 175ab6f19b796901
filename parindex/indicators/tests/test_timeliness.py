"""Timeliness of a hand-made year, counted from real dates, against figures computed by hand.

2026, as of 26/11/2026 12:00. Periodic reports of the commune group, due 15/3, 15/6, 15/9 and 15/12 at 17:00 (the
year's report is not due yet, so 3 are expected from each commune):
- X-AN sends Q1 on 10/3 (on time), the six-month report on 16/6 (late), and Q3 on 14/9, returned, sent again on
  20/9: it counts from 20/9, late. Submitted 3 of 3, on time 1 of 3.
- X-BINH sends nothing. Submitted 0 of 3.
- The district (both communes): submitted 3 of 6, on time 1 of 6.
Tasks in charge of X-AN: A due 31/3, done 30/3 (on time); B due 30/6, done 2/7 (late); C due 30/9, not done
(overdue); D due 31/12 (not due yet). Completed 2 of 3, on time 1 of 3, overdue 2 (B and C) for the head rating.
X-BINH coordinates task A: coordinating units owe no completion.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from parindex.indicators import timeliness
from parindex.indicators.models import Figure
from parindex.reports.models import ReportPeriod, ReportSubmission
from parindex.review import Review
from parindex.tasks.models import Task, TaskUnit
from parindex.tasks.services import overdue_tasks
from parindex.tests.district import DistrictTestCase

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=VN)


def at(text):
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


class TimelinessTests(DistrictTestCase):
    def setUp(self):
        periods = {
            kind: ReportPeriod.objects.create(year=2026, kind=kind, group=self.communes, deadline=at(due))
            for kind, due in [
                ("q1", "15/03/2026 17:00"),
                ("h1", "15/06/2026 17:00"),
                ("q3", "15/09/2026 17:00"),
                ("year", "15/12/2026 17:00"),
            ]
        }
        for kind, sent, review in [
            ("q1", "10/03/2026 09:00", Review.ACCEPTED),
            ("h1", "16/06/2026 09:00", Review.ACCEPTED),
            ("q3", "14/09/2026 09:00", Review.RETURNED),
            ("q3", "20/09/2026 09:00", Review.PENDING),
        ]:
            ReportSubmission.objects.create(
                period=periods[kind], unit=self.commune, file="reports/x.pdf", submitted_at=at(sent), review=review
            )
        for code, due, done in [
            ("A", "31/03/2026 17:00", "30/03/2026 10:00"),
            ("B", "30/06/2026 17:00", "02/07/2026 10:00"),
            ("C", "30/09/2026 17:00", None),
            ("D", "31/12/2026 17:00", None),
        ]:
            task = Task.objects.create(
                code=code,
                document_number="1/KH-UBND",
                document_date=at("01/01/2026 00:00").date(),
                issuer=self.district,
                content=f"Nhiệm vụ {code}",
                deadline=at(due),
            )
            TaskUnit.objects.create(task=task, unit=self.commune, completed_at=at(done) if done else None)
            if code == "A":
                TaskUnit.objects.create(task=task, unit=self.other_commune, role=TaskUnit.Role.COORDINATE)

    def figure(self, unit, indicator, period="2026"):
        f = Figure.objects.get(unit=unit, indicator=indicator, period=period)
        return f.numerator, f.denominator

    def test_the_years_figures_are_the_hand_computed_ones(self):
        timeliness.refresh(NOW)
        self.assertEqual(self.figure(self.commune, "report_submission_rate"), (3, 3))
        self.assertEqual(self.figure(self.commune, "report_ontime_rate"), (1, 3))
        self.assertEqual(self.figure(self.other_commune, "report_submission_rate"), (0, 3))
        self.assertEqual(self.figure(self.district, "report_submission_rate"), (3, 6))
        self.assertEqual(self.figure(self.district, "report_ontime_rate"), (1, 6))
        self.assertEqual(self.figure(self.commune, "task_completion_rate"), (2, 3))
        self.assertEqual(self.figure(self.commune, "task_ontime_rate"), (1, 3))
        self.assertFalse(Figure.objects.filter(unit=self.other_commune, indicator="task_completion_rate").exists())

    def test_quarters_and_months_follow_the_deadline(self):
        timeliness.refresh(NOW)
        self.assertEqual(self.figure(self.commune, "report_ontime_rate", "2026-Q1"), (1, 1))
        self.assertEqual(self.figure(self.commune, "report_ontime_rate", "2026-Q3"), (0, 1))
        self.assertEqual(self.figure(self.commune, "task_ontime_rate", "2026-06"), (0, 1))

    def test_a_later_refresh_counts_what_fell_due_since(self):
        timeliness.refresh(at("16/12/2026 08:00"))
        self.assertEqual(self.figure(self.commune, "report_submission_rate"), (3, 4))
        self.assertEqual(self.figure(self.commune, "task_completion_rate"), (2, 3))  # D is due on 31/12

    def test_overdue_tasks_for_the_head_rating_count_late_and_unfinished_ones(self):
        self.assertEqual(overdue_tasks([self.commune.pk, self.other_commune.pk], 2026, NOW), {self.commune.pk: 2})
