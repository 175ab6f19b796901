"""The periodic reports move here from ``assignments`` with their tables and rows: this migration only tells Django
the models are now this app's (``db_table`` keeps the ``assignments_*`` tables); the database is not touched.
``assignments`` 0002 then forgets its copies."""

import django.db.models.deletion
import django.utils.timezone
import parindex.privatefiles
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables were created there: this app takes the models over, not the tables.
        ('assignments', '0001_initial'),
        ('org', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReportPeriod',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('kind', models.CharField(choices=[('q1', 'first quarter'), ('h1', 'six months'), ('q3', 'third quarter'), ('year', 'year')], max_length=10, verbose_name='report')),
                        ('deadline', models.DateTimeField(verbose_name='deadline')),
                        ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.unitgroup', verbose_name='unit group')),
                    ],
                    options={
                        'verbose_name': 'periodic report',
                        'verbose_name_plural': 'periodic reports',
                        'db_table': 'assignments_reportperiod',
                        'ordering': ['year', 'deadline', 'group__code'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportSubmission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                        ('review', models.CharField(choices=[('pending', 'awaiting review'), ('accepted', 'accepted'), ('returned', 'returned')], default='pending', max_length=20, verbose_name='review')),
                        ('review_note', models.TextField(blank=True, verbose_name='review note')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('file', models.FileField(max_length=300, storage=parindex.privatefiles.private_storage, upload_to='reports/%Y/', verbose_name='file')),
                        ('original_name', models.CharField(blank=True, max_length=255)),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='reports.reportperiod')),
                        ('reviewed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='report_submissions', to='org.unit')),
                    ],
                    options={
                        'verbose_name': 'report submission',
                        'verbose_name_plural': 'report submissions',
                        'db_table': 'assignments_reportsubmission',
                        'ordering': ['submitted_at'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='reportperiod',
                    constraint=models.UniqueConstraint(fields=('year', 'kind', 'group'), name='report_period_unique'),
                ),
                migrations.AddIndex(
                    model_name='reportsubmission',
                    index=models.Index(fields=['period', 'unit'], name='report_submission_idx'),
                ),
            ],
        ),
    ]
