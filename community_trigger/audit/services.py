"""Writing the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

from community_trigger.audit.models import AuditEntry


def _entry(*, actor: Any, actor_label: str, action: str, subject: models.Model, detail: str) -> AuditEntry:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=user,
        actor_label=actor_label or (user.get_username() if user else "anonymous"),
        action=action,
        subject=subject._meta.model_name or type(subject).__name__,
        subject_id=str(subject.pk),
        detail=detail,
    )


def audit_record(
    *, action: str, subject: models.Model, actor: Any = None, actor_label: str = "", detail: str = ""
) -> AuditEntry:
    """Append an entry saying who (`actor`, a user, or `actor_label` in words) did `action` to
    `subject`. Never put personal data in `detail`."""
    entry = _entry(actor=actor, actor_label=actor_label, action=action, subject=subject, detail=detail)
    entry.save()
    return entry


def audit_record_many(
    *,
    action: str,
    subjects: Sequence[models.Model],
    actor: Any = None,
    actor_label: str = "",
    detail: str = "",
) -> None:
    """One entry per subject in a single query: for lists, whose cost must not grow with the page."""
    AuditEntry.objects.bulk_create(
        [
            _entry(actor=actor, actor_label=actor_label, action=action, subject=subject, detail=detail)
            for subject in subjects
        ]
    )
