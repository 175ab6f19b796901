"""The public holidays moved to the deadlines app (``parindex.deadlines``: reminders and deadlines skip them too), keeping
the table and its rows. This migration forgets the model here without touching the database, and hands its content type
(so the permissions granted on it) to the new app."""

from django.db import migrations

APP = "indicators"
MOVED = ["holiday"]


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
        ("indicators", "0002_timeliness_indicators"),
        ("deadlines", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Holiday"),
            ],
        ),
        migrations.RunPython(hand_over, take_back),
    ]
