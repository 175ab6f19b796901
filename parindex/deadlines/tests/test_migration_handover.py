"""Migrations notifications 0006 and indicators 0003 hand the reminders, their schedules and the public holidays over to
``parindex.deadlines``: an old database keeps its tables and rows, the new models read them, and the permissions
granted on the old models follow them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from parindex.deadlines.models import Holiday, Reminder, ReminderSchedule

# A database as it was before the move: notifications and indicators at their last migrations, deadlines not at all.
BEFORE = [
    ("notifications", "0005_remove_reminderschedule_before_days"),
    ("indicators", "0002_timeliness_indicators"),
    ("deadlines", None),
]
MOVED = {
    "reminder": "notifications",
    "reminderschedule": "notifications",
    "reminderstep": "notifications",
    "holiday": "indicators",
}
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime(2026, 3, 31, 17, 0, tzinfo=VN)


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


class HandOverToDeadlinesMigrationTests(TransactionTestCase):
    def setUp(self):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE[:2]).apps
        units = apps.get_model("org", "Unit").objects
        commune = units.create(code="X-AN", name="Xã An")
        officer = apps.get_model("auth", "User").objects.create(username="can-bo")
        schedule = apps.get_model("notifications", "ReminderSchedule").objects.create(kind="task", every_days_after=3)
        apps.get_model("notifications", "ReminderStep").objects.create(schedule=schedule, days_before=5)
        apps.get_model("notifications", "Reminder").objects.create(
            kind="task",
            object_key="7",
            unit=commune,
            subject="Rà soát thủ tục hành chính",
            deadline=DEADLINE,
            step=1,
            level="unit",
            recipient=officer,
            due_at=DEADLINE,
            sent_at=DEADLINE,
        )
        apps.get_model("indicators", "Holiday").objects.create(day=date(2026, 9, 2), name="Quốc khánh")
        ContentType.objects.filter(app_label="deadlines").delete()
        self.old_types = {
            model: ContentType.objects.get_or_create(app_label=app, model=model)[0].pk for model, app in MOVED.items()
        }
        permission = Permission.objects.get_or_create(
            codename="change_holiday",
            content_type_id=self.old_types["holiday"],
            defaults={"name": "Can change public holiday"},
        )[0]
        get_user_model().objects.get(pk=officer.pk).user_permissions.add(permission)
        ContentType.objects.clear_cache()
        self.tables = sorted(connection.introspection.table_names())

    def tearDown(self):
        migrate_to_latest()

    def test_the_rows_are_read_back_through_the_new_models(self):
        migrate_to_latest()
        schedule = ReminderSchedule.objects.get(kind="task")
        self.assertEqual((schedule.every_days_after, [s.days_before for s in schedule.steps.all()]), (3, [5]))
        reminder = Reminder.objects.select_related("unit", "recipient").get()
        self.assertEqual((reminder.unit.code, reminder.recipient.username), ("X-AN", "can-bo"))
        self.assertEqual((reminder.subject, reminder.deadline), ("Rà soát thủ tục hành chính", DEADLINE))
        self.assertEqual(list(Holiday.objects.values_list("day", "name")), [(date(2026, 9, 2), "Quốc khánh")])

    def test_no_table_is_created_renamed_or_dropped(self):
        migrate_to_latest()
        self.assertEqual(sorted(connection.introspection.table_names()), self.tables)
        self.assertEqual(Reminder._meta.db_table, "notifications_reminder")
        self.assertEqual(Holiday._meta.db_table, "indicators_holiday")

    def test_the_content_types_and_their_permissions_follow_the_models(self):
        migrate_to_latest()
        moved = {model: ContentType.objects.get(app_label="deadlines", model=model).pk for model in MOVED}
        self.assertEqual(moved, self.old_types)
        self.assertFalse(ContentType.objects.filter(app_label="notifications").exists())
        officer = get_user_model().objects.get(username="can-bo")
        self.assertTrue(officer.has_perm("deadlines.change_holiday"))
