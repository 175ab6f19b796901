# Notices of the cycle's steps share the reminders' table: a kind of their own, and no deadline for some of them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reminder',
            name='deadline',
            field=models.DateTimeField(blank=True, help_text='Empty: a notice without one.', null=True, verbose_name='deadline'),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='kind',
            field=models.CharField(choices=[('task', 'assigned task'), ('report', 'periodic report'), ('self_assessment', 'self-assessment'), ('step', 'step of the assessment cycle')], max_length=20),
        ),
    ]
