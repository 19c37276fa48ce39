"""Writing the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from community_trigger.agencies.models import Membership
from community_trigger.audit.models import AuditEntry

# How the entry names a superuser's standing, beside any roles they hold in agencies.
PLATFORM_ADMINISTRATOR = "Platform administrator"


@dataclass(frozen=True)
class _Identity:
    """Who a signed-in actor is at the moment an entry is written."""

    username: str = ""
    name: str = ""
    roles: str = ""


def _identity(user: Any) -> _Identity:
    """The user's username, full name and roles (each "Role at Agency") as they stand now: copied into
    the entry so that a later rename or change of role leaves the history as it was."""
    if user is None:
        return _Identity()
    roles = [PLATFORM_ADMINISTRATOR] if user.is_superuser else []
    roles += [
        f"{membership.get_role_display()} at {membership.agency.name}"
        for membership in Membership.objects.filter(user_id=user.pk).select_related("agency").order_by("pk")
    ]
    return _Identity(
        username=user.get_username(), name=user.get_full_name()[:150], roles="; ".join(roles)[:300]
    )


def _signed_in(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _entry(
    *,
    actor: Any,
    actor_label: str,
    action: str,
    subject: models.Model,
    detail: str,
    identity: _Identity,
    purpose: str = "",
) -> AuditEntry:
    user = _signed_in(actor)
    return AuditEntry(
        actor=user,
        actor_label=actor_label or (user.get_username() if user else "anonymous"),
        actor_username=identity.username,
        actor_name=identity.name,
        actor_roles=identity.roles,
        action=action,
        subject=subject._meta.model_name or type(subject).__name__,
        subject_id=str(subject.pk),
        detail=detail,
        purpose=purpose,
    )


def audit_record(
    *,
    action: str,
    subject: models.Model,
    actor: Any = None,
    actor_label: str = "",
    detail: str = "",
    purpose: str = "",
) -> AuditEntry:
    """Append an entry saying who (`actor`, a user, or `actor_label` in words) did `action` to
    `subject`. Never put personal data in `detail`."""
    entry = _entry(
        actor=actor,
        actor_label=actor_label,
        action=action,
        subject=subject,
        detail=detail,
        identity=_identity(_signed_in(actor)),
        purpose=purpose,
    )
    entry.save()
    return entry


def audit_view(*, actor: Any, subject: models.Model, purpose: str, detail: str = "") -> AuditEntry:
    """Record that `actor` was shown `subject`, and what showed it (`AuditEntry.Purpose`). The
    selectors that hand a case to a page call this, so that no page can forget it."""
    return audit_record(
        actor=actor, action=AuditEntry.Action.VIEW, subject=subject, detail=detail, purpose=purpose
    )


def audit_record_many(
    *,
    action: str,
    subjects: Sequence[models.Model],
    actor: Any = None,
    actor_label: str = "",
    detail: str = "",
    purpose: str = "",
) -> None:
    """One entry per subject in a single query (and one for the actor's roles): for lists, whose cost
    must not grow with the page."""
    identity = _identity(_signed_in(actor))
    AuditEntry.objects.bulk_create(
        [
            _entry(
                actor=actor,
                actor_label=actor_label,
                action=action,
                subject=subject,
                detail=detail,
                identity=identity,
                purpose=purpose,
            )
            for subject in subjects
        ]
    )


def audit_admin_change(
    *,
    actor: Any,
    action: str,
    subject: models.Model,
    fields: Sequence[str] = (),
    within: models.Model | None = None,
    note: str = "",
) -> AuditEntry:
    """Record a change a platform administrator made in Django's admin: to `subject` (an inline
    object edited on the page of `within`), naming the `fields` changed but never their values, which
    may be secrets (a password, a two-factor key)."""
    where = "in the admin"
    if within is not None:
        where += f", on {within._meta.model_name} {within.pk}"
    said = ", ".join([*fields, note] if note else fields)
    detail = f"{where}: {said}" if said else where
    return audit_record(actor=actor, action=action, subject=subject, detail=detail[:300])
