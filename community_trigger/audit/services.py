"""Writing the audit log."""

from __future__ import annotations

from django.db import models

from community_trigger.audit.models import AuditEntry


def audit_record(*, actor_label: str, action: str, subject: models.Model, detail: str = "") -> AuditEntry:
    """Append an entry saying `actor_label` did `action` to `subject` (never personal data in `detail`)."""
    return AuditEntry.objects.create(
        actor_label=actor_label,
        action=action,
        subject=subject._meta.model_name or type(subject).__name__,
        subject_id=str(subject.pk),
        detail=detail,
    )
