"""The audit table's one narrow exception to being append-only: the database lets a DELETE through only
for an entry older than the cutoff in the one-row AuditExpiry table (which the daily sweep moves
forward, retention.services.audit_expire). Every UPDATE, every other DELETE, and (on PostgreSQL) every
TRUNCATE is still refused by the database, whatever code or tool runs it.

The trigger keeps the name common.db.AppendOnlyTriggers gave it, so it replaces that one; run backwards,
the plain append-only trigger comes back.
"""

from __future__ import annotations

from typing import Any

from community_trigger.common.db import MAINTENANCE

AUDIT_TABLE = "audit_auditentry"
EXPIRY_TABLE = "retention_auditexpiry"

# Names only, from this module's constants: no value is ever put into this SQL.
_EXPIRED = f'EXISTS (SELECT 1 FROM {EXPIRY_TABLE} WHERE id = 1 AND OLD."at" < "before")'  # noqa: S608  # nosec B608

_POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_expired_or_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND {_EXPIRED} THEN
        RETURN OLD;
    END IF;
    IF TG_OP <> 'UPDATE' AND EXISTS (SELECT 1 FROM {MAINTENANCE}) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$
"""  # noqa: S608  # nosec B608

_SQLITE_REFUSAL = f"BEGIN SELECT RAISE(ABORT, '{AUDIT_TABLE} is append-only: DELETE is refused'); END"


def _statements(vendor: str, *, expiring: bool) -> list[str]:
    """The trigger that refuses deleting audit entries: with the expiry's exception, or without it."""
    if vendor == "postgresql":
        trigger = f'"{AUDIT_TABLE}_append_only"'
        function = "audit_expired_or_refuse" if expiring else "append_only_refuse"
        return [
            *([_POSTGRESQL_FUNCTION] if expiring else []),
            f'DROP TRIGGER IF EXISTS {trigger} ON "{AUDIT_TABLE}"',
            f'CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON "{AUDIT_TABLE}" '
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            *([] if expiring else ["DROP FUNCTION IF EXISTS audit_expired_or_refuse()"]),
        ]
    if vendor == "sqlite":
        trigger = f'"{AUDIT_TABLE}_refuse_delete"'
        unless = f" AND NOT {_EXPIRED}" if expiring else ""
        when = f"WHEN NOT EXISTS (SELECT 1 FROM {MAINTENANCE}){unless}"  # noqa: S608  # nosec B608
        return [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f'CREATE TRIGGER {trigger} BEFORE DELETE ON "{AUDIT_TABLE}" {when} {_SQLITE_REFUSAL}',
        ]
    raise NotImplementedError(f"No audit expiry trigger for {vendor} databases")


def expiring_audit_triggers(apps: Any, schema_editor: Any) -> None:
    """A migration's RunPython: let the database delete audit entries older than the cutoff only."""
    for sql in _statements(schema_editor.connection.vendor, expiring=True):
        schema_editor.execute(sql, params=None)


def plain_audit_triggers(apps: Any, schema_editor: Any) -> None:
    """Backwards: the audit table append-only without exception again."""
    for sql in _statements(schema_editor.connection.vendor, expiring=False):
        schema_editor.execute(sql, params=None)
