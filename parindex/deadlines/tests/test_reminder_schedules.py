"""The reminder schedules as rows: a schedule per kind of deadline with its steps (days before it), read by the
planner in one query, created with their defaults for the demo, and edited in the admin with the steps inline."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from parindex.deadlines.core import Schedule
from parindex.deadlines.models import Kind, Reminder, ReminderSchedule, ReminderStep
from parindex.deadlines.services import default_schedules, plan, schedules
from parindex.tasks.models import Task, TaskUnit
from parindex.tests.district import DistrictTestCase

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text):
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def schedule(kind, *days, **settings):
    made = ReminderSchedule.objects.create(kind=kind, **settings)
    ReminderStep.objects.bulk_create([ReminderStep(schedule=made, days_before=d) for d in days])
    return made


class PlannerScheduleTests(DistrictTestCase):
    def setUp(self):
        task = Task.objects.create(
            code="NV-01",
            document_number="12/KH-UBND",
            document_date=at("20/11/2026 00:00").date(),
            issuer=self.district,
            content="Rà soát thủ tục hành chính",
            deadline=at("04/12/2026 17:00"),  # a Friday
        )
        TaskUnit.objects.create(task=task, unit=self.commune)

    def test_the_schedules_and_their_steps_are_read_in_one_query(self):
        schedule(Kind.TASK, 2, 10, 5, escalate_after=1, max_after=4)
        schedule(Kind.REPORT, on_the_day=False)
        with self.assertNumQueries(1):
            read = schedules()
        self.assertEqual(read[Kind.TASK], Schedule(before_days=(10, 5, 2), escalate_after=1, max_after=4))
        self.assertEqual(read[Kind.REPORT], Schedule(before_days=(), on_the_day=False))
        self.assertEqual(read[Kind.SELF_ASSESSMENT], Schedule())  # none stored: the default

    def test_the_planner_reminds_on_the_stored_steps(self):
        schedule(Kind.TASK, 3)
        self.assertEqual(plan(at("27/11/2026 08:00")), 0)  # the default's "7 days before" is not in this schedule
        plan(at("01/12/2026 08:00"))  # Tuesday, three days before
        self.assertEqual(
            sorted(Reminder.objects.values_list("step", "recipient__username")), [(1, "canbo.an"), (1, "chutich.an")]
        )

    def test_a_schedule_without_steps_reminds_nobody_before_the_deadline(self):
        schedule(Kind.TASK, on_the_day=False)
        for moment in ("27/11/2026 08:00", "02/12/2026 08:00", "04/12/2026 08:00"):
            self.assertEqual(plan(at(moment)), 0)
        self.assertEqual(plan(at("07/12/2026 08:00")), 2)  # the first reminder after the deadline, Monday

    def test_the_default_schedules_are_created_once_with_their_steps(self):
        schedule(Kind.TASK, 3)
        self.assertEqual(default_schedules(), 3)  # reports, self-assessments, improvement plan actions
        self.assertEqual(default_schedules(), 0)
        read = schedules()
        self.assertEqual(read[Kind.REPORT], Schedule())
        self.assertEqual(read[Kind.SELF_ASSESSMENT], Schedule())
        self.assertEqual(read[Kind.TASK].before_days, (3,))  # a stored schedule is left as it is


class ScheduleAdminTests(DistrictTestCase):
    def setUp(self):
        self.admin = self.person("quantri", None, None, is_staff=True, is_superuser=True)
        self.client.force_login(self.admin)

    def post(self, *days, kind=Kind.REPORT):
        data = {
            "kind": kind,
            "on_the_day": "on",
            "every_days_after": "3",
            "escalate_after": "2",
            "max_after": "6",
            "steps-TOTAL_FORMS": str(len(days)),
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
        }
        for n, d in enumerate(days):
            data[f"steps-{n}-days_before"] = str(d)
        return self.client.post(reverse("admin:deadlines_reminderschedule_add"), data)

    def test_the_steps_are_added_inline_with_the_schedule(self):
        response = self.post(5, 14)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            schedules()[Kind.REPORT],
            Schedule(before_days=(14, 5), every_days_after=3, escalate_after=2, max_after=6),
        )
        listing = self.client.get(reverse("admin:deadlines_reminderschedule_changelist"))
        self.assertContains(listing, "14, 5")

    def test_a_step_on_the_deadline_or_twice_the_same_is_refused(self):
        for days in ((0,), (5, 5)):
            with self.subTest(days=days):
                self.assertEqual(self.post(*days).status_code, 200)
                self.assertFalse(ReminderSchedule.objects.exists())

    def test_the_schedule_page_shows_its_steps(self):
        made = schedule(Kind.TASK, 7, 2)
        response = self.client.get(reverse("admin:deadlines_reminderschedule_change", args=[made.pk]))
        self.assertContains(response, 'name="steps-0-days_before" value="7"')
        self.assertContains(response, 'name="steps-1-days_before" value="2"')
