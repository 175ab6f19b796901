# The reminders before a deadline become rows of their own (one per number of days before it), instead of a
# comma-separated string on the schedule: created here, filled by 0004, and the string dropped by 0005.

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_step_notices'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReminderStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('days_before', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='days before')),
                ('schedule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='notifications.reminderschedule', verbose_name='reminder schedule')),
            ],
            options={
                'verbose_name': 'reminder before the deadline',
                'verbose_name_plural': 'reminders before the deadline',
                'ordering': ['schedule', '-days_before'],
                'constraints': [models.UniqueConstraint(fields=('schedule', 'days_before'), name='reminder_step_once'), models.CheckConstraint(condition=models.Q(('days_before__gte', 1)), name='reminder_step_before')],
            },
        ),
    ]
