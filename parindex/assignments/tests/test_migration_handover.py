"""Migration 0002 hands the tasks' and periodic reports' models over to ``parindex.tasks`` and ``parindex.reports``:
an old database keeps its tables and rows, the new models read them, and the permissions granted on the old models
follow them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from parindex.reports.models import ReportPeriod, ReportSubmission
from parindex.review import Review
from parindex.tasks.models import Task, TaskReport, TaskUnit

# A database as it was before the move: assignments at 0001, the new apps not migrated at all.
BEFORE = [("assignments", "0001_initial"), ("tasks", None), ("reports", None)]
MOVED = {
    "task": "tasks",
    "taskunit": "tasks",
    "taskreport": "tasks",
    "reportperiod": "reports",
    "reportsubmission": "reports",
}
VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime(2026, 3, 31, 17, 0, tzinfo=VN)
SENT = datetime(2026, 3, 30, 10, 0, tzinfo=VN)


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


class HandOverMigrationTests(TransactionTestCase):
    def setUp(self):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(("assignments", "0001_initial")).apps
        old = {name: apps.get_model("assignments", name) for name in MOVED}
        group = apps.get_model("org", "UnitGroup").objects.create(code="xa", name="Xã")
        units = apps.get_model("org", "Unit").objects
        district = units.create(code="H", name="Huyện")
        commune = units.create(code="X-AN", name="Xã An", parent=district, group=group)
        officer = apps.get_model("auth", "User").objects.create(username="can-bo")
        task = old["task"].objects.create(
            code="NV-01",
            document_number="12/KH-UBND",
            document_date=date(2026, 1, 5),
            issuer=district,
            content="Rà soát thủ tục hành chính",
            deadline=DEADLINE,
        )
        part = old["taskunit"].objects.create(task=task, unit=commune, completed_at=SENT)
        old["taskreport"].objects.create(
            task_unit=part, kind="completion", text="Đã hoàn thành", submitted_at=SENT, review="accepted"
        )
        period = old["reportperiod"].objects.create(year=2026, kind="q1", group=group, deadline=DEADLINE)
        old["reportsubmission"].objects.create(
            period=period, unit=commune, file="reports/2026/a.pdf", original_name="bao-cao.pdf", submitted_at=SENT
        )
        # The old content types, with a permission granted on one of them, as the admin left them (contenttypes and
        # auth stay at their latest migrations: their own models write them).
        ContentType.objects.filter(app_label__in=["tasks", "reports"]).delete()
        self.old_types = {
            model: ContentType.objects.get_or_create(app_label="assignments", model=model)[0].pk for model in MOVED
        }
        permission = Permission.objects.get_or_create(
            codename="view_task", content_type_id=self.old_types["task"], defaults={"name": "Can view assigned task"}
        )[0]
        get_user_model().objects.get(pk=officer.pk).user_permissions.add(permission)
        ContentType.objects.clear_cache()
        self.tables = sorted(connection.introspection.table_names())

    def tearDown(self):
        migrate_to_latest()

    def test_the_rows_are_read_back_through_the_new_models(self):
        migrate_to_latest()
        task = Task.objects.get(code="NV-01")
        self.assertEqual((task.document_number, task.issuer.code, task.deadline), ("12/KH-UBND", "H", DEADLINE))
        part = TaskUnit.objects.select_related("unit").get(task=task)
        self.assertEqual((part.unit.code, part.role, part.completed_at), ("X-AN", TaskUnit.Role.LEAD, SENT))
        report = TaskReport.objects.get(task_unit=part)
        self.assertEqual((report.kind, report.text, report.review), ("completion", "Đã hoàn thành", Review.ACCEPTED))
        period = ReportPeriod.objects.get(year=2026, kind=ReportPeriod.Kind.Q1)
        self.assertEqual((period.group.code, period.deadline), ("xa", DEADLINE))
        submission = ReportSubmission.objects.get(period=period)
        self.assertEqual((submission.unit.code, submission.original_name), ("X-AN", "bao-cao.pdf"))
        self.assertEqual(submission.review, Review.PENDING)

    def test_no_table_is_created_renamed_or_dropped(self):
        migrate_to_latest()
        self.assertEqual(sorted(connection.introspection.table_names()), self.tables)
        self.assertEqual(Task._meta.db_table, "assignments_task")
        self.assertEqual(ReportSubmission._meta.db_table, "assignments_reportsubmission")

    def test_the_content_types_and_their_permissions_follow_the_models(self):
        migrate_to_latest()
        moved = {model: ContentType.objects.get(app_label=app, model=model).pk for model, app in MOVED.items()}
        self.assertEqual(moved, self.old_types)
        self.assertFalse(ContentType.objects.filter(app_label="assignments").exists())
        officer = get_user_model().objects.get(username="can-bo")
        self.assertTrue(officer.has_perm("tasks.view_task"))
