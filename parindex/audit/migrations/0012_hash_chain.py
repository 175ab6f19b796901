"""The audit log becomes a hash chain: new columns, the chain computed over the existing entries in their order,
and on PostgreSQL a trigger that refuses UPDATE and DELETE on the table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from parindex.audit.chain import entry_hash, raw_time_text, read_json

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION parindex_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit entries are never changed or removed; record a new entry instead.';
END
$$;
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION parindex_audit_append_only();
"""
DROP_TRIGGER_SQL = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS parindex_audit_append_only();
"""


def chain_existing(apps, schema_editor):
    """Hash every existing entry in id order, as :mod:`parindex.audit.chain` does for new ones."""
    connection = schema_editor.connection
    entry = apps.get_model("audit", "AuditEntry")
    head = apps.get_model("audit", "ChainHead")
    table = connection.ops.quote_name(entry._meta.db_table)
    seq, last = 0, ""
    updates = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, at, actor_id, actor_name, action, object_type, object_id, object_repr, campaign_id, "  # noqa: S608
            f"unit_id, criterion_id, reason, before, after FROM {table} ORDER BY id"
        )
        for row in cursor.fetchall():
            pk, at, *middle, reason, before, after = row
            seq += 1
            digest = entry_hash((seq, raw_time_text(at), *middle, reason, last), read_json(before), read_json(after))
            updates.append((seq, last, digest, pk))
            last = digest
        if updates:
            cursor.executemany(f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s", updates)  # noqa: S608
    head.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": last})


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER_SQL, params=None)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER_SQL, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0011_effort_actions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.BigIntegerField(default=0)),
                ('hash', models.CharField(blank=True, max_length=64)),
            ],
            options={
                'verbose_name': 'audit chain head',
            },
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(blank=True, max_length=64, verbose_name='hash'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=64, verbose_name="previous entry's hash"),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.BigIntegerField(default=0, verbose_name='position in the chain'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
