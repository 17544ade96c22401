"""The database itself keeps the audit log append-only: UPDATE is refused, and
DELETE is refused for rows younger than the retention floor (183 days), so the
retention purge can only ever remove old rows.

TRUNCATE is left to the database owner (who could drop the trigger anyway):
Django's test flush truncates every table between transactional tests. The
hash chain (``manage.py verify_audit``) is what detects tampering by an owner."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION pool_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '审计日志不可修改 (audit log is append-only)';
    END IF;
    IF TG_OP = 'DELETE' AND OLD.at > now() - interval '183 days' THEN
        RAISE EXCEPTION '审计日志保存期未满6个月，不可删除 (audit row younger than retention)';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER pool_audit_no_update_delete
    BEFORE UPDATE OR DELETE ON pool_auditentry
    FOR EACH ROW EXECUTE FUNCTION pool_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS pool_audit_no_update_delete ON pool_auditentry;
DROP FUNCTION IF EXISTS pool_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("pool", "0003_audit_log")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
