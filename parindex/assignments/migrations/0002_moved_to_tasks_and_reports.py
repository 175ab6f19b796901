"""Tasks and periodic reports became apps of their own (``parindex.tasks``, ``parindex.reports``), keeping these
tables and their rows. This migration forgets the models here without touching the database, and hands their content
types (so the permissions granted on them) to the new apps."""

from django.db import migrations

MOVED = {
    "task": "tasks",
    "taskunit": "tasks",
    "taskreport": "tasks",
    "reportperiod": "reports",
    "reportsubmission": "reports",
}


def _relabel(apps, schema_editor, forward):
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model, app in MOVED.items():
        source, target = ("assignments", app) if forward else (app, "assignments")
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
        ("assignments", "0001_initial"),
        ("tasks", "0001_initial"),
        ("reports", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TaskReport"),
                migrations.DeleteModel(name="TaskUnit"),
                migrations.DeleteModel(name="Task"),
                migrations.DeleteModel(name="ReportSubmission"),
                migrations.DeleteModel(name="ReportPeriod"),
            ],
        ),
        migrations.RunPython(hand_over, take_back),
    ]
