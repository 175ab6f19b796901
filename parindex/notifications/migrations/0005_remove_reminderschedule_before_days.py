from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0004_reminder_steps_from_text'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='reminderschedule',
            name='before_days',
        ),
    ]
