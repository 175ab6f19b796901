# Each schedule's "days before" string ("7,2") becomes one step per number of days; back again in reverse. Numbers
# that are not a positive whole number (the planner refused them) are left out.

from django.db import migrations


def days_of(text):
    days = set()
    for part in text.replace(" ", "").split(","):
        if part.isdigit() and int(part) > 0:
            days.add(int(part))
    return sorted(days, reverse=True)


def to_steps(apps, schema_editor):
    schedules = apps.get_model("notifications", "ReminderSchedule")
    steps = apps.get_model("notifications", "ReminderStep")
    steps.objects.bulk_create(
        steps(schedule_id=schedule.pk, days_before=days)
        for schedule in schedules.objects.all()
        for days in days_of(schedule.before_days)
    )


def to_text(apps, schema_editor):
    schedules = apps.get_model("notifications", "ReminderSchedule")
    steps = apps.get_model("notifications", "ReminderStep")
    days = {}
    for schedule_id, number in steps.objects.order_by("schedule_id", "-days_before").values_list(
        "schedule_id", "days_before"
    ):
        days.setdefault(schedule_id, []).append(str(number))
    for schedule in schedules.objects.all():
        schedule.before_days = ",".join(days.get(schedule.pk, []))
        schedule.save(update_fields=["before_days"])
    steps.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_reminderstep'),
    ]

    operations = [
        migrations.RunPython(to_steps, to_text),
    ]
