"""The assigned tasks move here from ``assignments`` with their tables and rows: this migration only tells Django the
models are now this app's (``db_table`` keeps the ``assignments_*`` tables); the database is not touched.
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
                    name='Task',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='e.g. NV-2026-015', max_length=50, unique=True, verbose_name='code')),
                        ('document_number', models.CharField(max_length=100, verbose_name='document number')),
                        ('document_date', models.DateField(verbose_name='document date')),
                        ('signer', models.CharField(blank=True, max_length=200, verbose_name='signed by')),
                        ('content', models.TextField(verbose_name='content')),
                        ('deadline', models.DateTimeField(verbose_name='deadline')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('issuer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='issued_tasks', to='org.unit', verbose_name='assigned by')),
                    ],
                    options={
                        'verbose_name': 'assigned task',
                        'verbose_name_plural': 'assigned tasks',
                        'db_table': 'assignments_task',
                        'ordering': ['deadline', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='TaskUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('lead', 'in charge'), ('coordinate', 'coordinating')], default='lead', max_length=20, verbose_name='role')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='first progress report')),
                        ('completed_at', models.DateTimeField(blank=True, help_text='When the accepted completion report was sent.', null=True, verbose_name='completed at')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='units', to='tasks.task')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='org.unit')),
                    ],
                    options={
                        'verbose_name': 'unit of a task',
                        'verbose_name_plural': 'units of tasks',
                        'db_table': 'assignments_taskunit',
                        'ordering': ['task__deadline', 'unit__code'],
                    },
                ),
                migrations.CreateModel(
                    name='TaskReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                        ('review', models.CharField(choices=[('pending', 'awaiting review'), ('accepted', 'accepted'), ('returned', 'returned')], default='pending', max_length=20, verbose_name='review')),
                        ('review_note', models.TextField(blank=True, verbose_name='review note')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('kind', models.CharField(choices=[('progress', 'progress'), ('completion', 'completion')], max_length=20, verbose_name='kind')),
                        ('text', models.TextField(verbose_name='report')),
                        ('file', models.FileField(blank=True, max_length=300, storage=parindex.privatefiles.private_storage, upload_to='tasks/%Y/', verbose_name='file')),
                        ('reviewed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('task_unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='tasks.taskunit')),
                    ],
                    options={
                        'verbose_name': 'task report',
                        'verbose_name_plural': 'task reports',
                        'db_table': 'assignments_taskreport',
                        'ordering': ['submitted_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='taskunit',
                    index=models.Index(fields=['unit', 'completed_at'], name='task_unit_open_idx'),
                ),
                migrations.AddConstraint(
                    model_name='taskunit',
                    constraint=models.UniqueConstraint(fields=('task', 'unit'), name='task_unit_unique'),
                ),
            ],
        ),
    ]
