"""Records a search listed, one indexed row each, so "who saw this child" works on any database.

Also backfills the rows for search events written before this table existed, and makes the new
table append-only in the database like the events (see 0002_append_only_triggers).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


PG_FORWARD = """
DROP TRIGGER IF EXISTS audit_auditeventsubject_append_only ON audit_auditeventsubject;
CREATE TRIGGER audit_auditeventsubject_append_only
    BEFORE UPDATE OR DELETE ON audit_auditeventsubject
    FOR EACH ROW EXECUTE FUNCTION trygg_audit_append_only();
"""
PG_BACKWARD = "DROP TRIGGER IF EXISTS audit_auditeventsubject_append_only ON audit_auditeventsubject;"
SQLITE_FORWARD = """
CREATE TRIGGER IF NOT EXISTS audit_auditeventsubject_no_update
BEFORE UPDATE ON audit_auditeventsubject
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_auditeventsubject_no_update;"


def backfill_subjects(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditEventSubject = apps.get_model("audit", "AuditEventSubject")
    batch = []
    for event_id, detail in AuditEvent.objects.filter(action="search").values_list("id", "detail").iterator():
        results = detail.get("results") if isinstance(detail, dict) else None
        for value in dict.fromkeys(results or []):
            try:
                batch.append(AuditEventSubject(event_id=event_id, object_uuid=uuid.UUID(str(value))))
            except ValueError:
                continue
        if len(batch) >= 1000:
            AuditEventSubject.objects.bulk_create(batch)
            batch = []
    if batch:
        AuditEventSubject.objects.bulk_create(batch)


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_triggers'),
        ('geo', '0002_load_iso_countries'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEventSubject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_uuid', models.UUIDField()),
            ],
            options={
                'verbose_name': 'audit event subject',
                'verbose_name_plural': 'audit event subjects',
            },
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['country', 'at'], name='audit_audit_country_d3f530_idx'),
        ),
        migrations.AddField(
            model_name='auditeventsubject',
            name='event',
            field=models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='subjects', to='audit.auditevent'),
        ),
        migrations.AddIndex(
            model_name='auditeventsubject',
            index=models.Index(fields=['object_uuid', 'event'], name='audit_audit_object__95864b_idx'),
        ),
        migrations.RunPython(backfill_subjects, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
