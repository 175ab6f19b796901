"""The deadlines app takes over the reminders, their schedules and the public holidays, on the tables they had
(``notifications_*``, ``indicators_holiday``): the models are created in the migration state only, the database is
left as it is. On a new database the tables are made by the earlier migrations of those apps."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("notifications", "0005_remove_reminderschedule_before_days"),
        ("indicators", "0002_timeliness_indicators"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Holiday",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(unique=True, verbose_name="date")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                    ],
                    options={
                        "verbose_name": "public holiday",
                        "verbose_name_plural": "public holidays",
                        "db_table": "indicators_holiday",
                        "ordering": ["day"],
                    },
                ),
                migrations.CreateModel(
                    name="ReminderSchedule",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("task", "assigned task"),
                                    ("report", "periodic report"),
                                    ("self_assessment", "self-assessment"),
                                ],
                                max_length=20,
                                unique=True,
                                verbose_name="kind of deadline",
                            ),
                        ),
                        ("on_the_day", models.BooleanField(default=True, verbose_name="on the day")),
                        (
                            "every_days_after",
                            models.PositiveSmallIntegerField(default=2, verbose_name="every … days after the deadline"),
                        ),
                        (
                            "escalate_after",
                            models.PositiveSmallIntegerField(
                                default=3, verbose_name="reminders past the deadline before escalating"
                            ),
                        ),
                        (
                            "max_after",
                            models.PositiveSmallIntegerField(
                                default=8, verbose_name="reminders past the deadline at most"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reminder schedule",
                        "verbose_name_plural": "reminder schedules",
                        "db_table": "notifications_reminderschedule",
                    },
                ),
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("task", "assigned task"),
                                    ("report", "periodic report"),
                                    ("self_assessment", "self-assessment"),
                                    ("step", "step of the assessment cycle"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "object_key",
                            models.CharField(help_text="The deadline's key within its kind.", max_length=50),
                        ),
                        ("subject", models.CharField(max_length=300, verbose_name="about")),
                        ("link", models.CharField(blank=True, max_length=300)),
                        (
                            "deadline",
                            models.DateTimeField(
                                blank=True, help_text="Empty: a notice without one.", null=True, verbose_name="deadline"
                            ),
                        ),
                        ("step", models.PositiveSmallIntegerField(verbose_name="reminder number")),
                        (
                            "level",
                            models.CharField(
                                choices=[("unit", "unit"), ("head", "head of unit"), ("leadership", "leadership")],
                                max_length=20,
                            ),
                        ),
                        ("due_at", models.DateTimeField(verbose_name="due")),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                        ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                        ("emailed", models.BooleanField(default=False)),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read")),
                        (
                            "recipient",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="reminders", to="org.unit"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reminder",
                        "verbose_name_plural": "reminders",
                        "db_table": "notifications_reminder",
                        "ordering": ["-due_at"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("claimed_at__isnull", True)),
                                fields=["due_at"],
                                name="reminder_due_idx",
                            ),
                            models.Index(fields=["recipient", "read_at"], name="reminder_inbox_idx"),
                            models.Index(fields=["kind", "object_key"], name="reminder_subject_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "object_key", "step", "recipient"),
                                name="reminder_once_per_step_and_person",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("recipient__isnull", True)),
                                fields=("kind", "object_key", "step"),
                                name="reminder_once_per_step_nobody",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ReminderStep",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "days_before",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)], verbose_name="days before"
                            ),
                        ),
                        (
                            "schedule",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="steps",
                                to="deadlines.reminderschedule",
                                verbose_name="reminder schedule",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reminder before the deadline",
                        "verbose_name_plural": "reminders before the deadline",
                        "db_table": "notifications_reminderstep",
                        "ordering": ["schedule", "-days_before"],
                        "constraints": [
                            models.UniqueConstraint(fields=("schedule", "days_before"), name="reminder_step_once"),
                            models.CheckConstraint(
                                condition=models.Q(("days_before__gte", 1)), name="reminder_step_before"
                            ),
                        ],
                    },
                ),
            ]
        )
    ]
