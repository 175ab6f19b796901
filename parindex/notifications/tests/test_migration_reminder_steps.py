"""Migrations 0003–0005 turn each schedule's "days before" string into one step per number of days, and back again
when reversed."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("notifications", "0002_step_notices")]
AFTER = [("notifications", "0005_remove_reminderschedule_before_days")]


class ReminderStepsMigrationTests(TransactionTestCase):
    def setUp(self):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        schedules = executor.loader.project_state(BEFORE).apps.get_model("notifications", "ReminderSchedule")
        schedules.objects.create(kind="task", before_days="7,2", escalate_after=4)
        schedules.objects.create(kind="report", before_days=" 3, 10 ,3,", on_the_day=False)
        schedules.objects.create(kind="self_assessment", before_days="")

    def tearDown(self):
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def steps(self) -> dict[str, list[int]]:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        steps = executor.loader.project_state(AFTER).apps.get_model("notifications", "ReminderStep")
        found: dict[str, list[int]] = {}
        for kind, days in steps.objects.order_by("schedule__kind", "-days_before").values_list(
            "schedule__kind", "days_before"
        ):
            found.setdefault(kind, []).append(days)
        return found

    def test_each_number_of_days_becomes_a_step_once(self):
        self.assertEqual(self.steps(), {"task": [7, 2], "report": [10, 3]})

    def test_the_escalation_settings_stay_on_the_schedule(self):
        self.steps()
        schedules = (
            MigrationExecutor(connection)
            .loader.project_state(AFTER)
            .apps.get_model("notifications", "ReminderSchedule")
        )
        settings = dict(schedules.objects.values_list("kind", "escalate_after"))
        self.assertEqual(settings, {"task": 4, "report": 3, "self_assessment": 3})
        self.assertFalse(schedules.objects.get(kind="report").on_the_day)

    def test_reversing_writes_the_steps_back_as_text(self):
        self.steps()
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        schedules = executor.loader.project_state(BEFORE).apps.get_model("notifications", "ReminderSchedule")
        texts = dict(schedules.objects.values_list("kind", "before_days"))
        self.assertEqual(texts, {"task": "7,2", "report": "10,3", "self_assessment": ""})
