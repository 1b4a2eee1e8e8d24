"""On PostgreSQL the database itself refuses to update or delete audit events, whoever connects
(Mandela Rule 6: prevent unauthorised modification, not only detect it). The table's owner can
still disable the trigger; the hash chain and `audit_verify` detect what is done then.

SQLite has no such guard here: a test database is emptied row by row between tests, which a
trigger would refuse; the ORM guard and the hash chain protect it."""

from django.db import migrations

TRIGGER = """
CREATE FUNCTION custodia_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on event %', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER custodia_audit_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION custodia_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS custodia_audit_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS custodia_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_hash_chain")]

    operations = [migrations.RunPython(create, drop)]
