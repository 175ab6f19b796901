"""Reminders, their schedules and steps moved to the deadlines app (``parindex.deadlines``), keeping these tables and their
rows. This migration forgets the models here without touching the database, and hands their content types (so the
permissions granted on them) to the new app."""

from django.db import migrations

APP = "notifications"
MOVED = ["reminder", "reminderschedule", "reminderstep"]


def _relabel(apps, schema_editor, forward):
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        source, target = (APP, "deadlines") if forward else ("deadlines", APP)
        if rows.filter(app_label=target, model=model).exists():
            continue  # already there (made by a later post_migrate): the old row is left as it was
        rows.filter(app_label=source, model=model).update(app_label=target)
    content_type.objects.clear_cache()


def hand_over(apps, schema_editor):
    _relabel(apps, schema_editor, forward=True)


def take_back(apps, schema_editor):
    _relabel(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_remove_reminderschedule_before_days"),
        ("deadlines", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="reminderstep", name="schedule"),
                migrations.DeleteModel(name="Reminder"),
                migrations.DeleteModel(name="ReminderSchedule"),
                migrations.DeleteModel(name="ReminderStep"),
            ],
        ),
        migrations.RunPython(hand_over, take_back),
    ]
