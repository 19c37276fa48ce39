"""Writing the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

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
    subject: models.Model | type[models.Model],
    detail: str,
    identity: _Identity,
    purpose: str = "",
) -> AuditEntry:
    """The entry for `subject`: a record, or a model whose rows the database gives the ids of
    (`audit_record_each`), when the entry is a pattern for each of them and has no subject id yet."""
    user = _signed_in(actor)
    model = subject if isinstance(subject, type) else type(subject)
    return AuditEntry(
        actor=user,
        actor_label=actor_label or (user.get_username() if user else "anonymous"),
        actor_username=identity.username,
        actor_name=identity.name,
        actor_roles=identity.roles,
        action=action,
        subject=model._meta.model_name or model.__name__,
        subject_id="" if isinstance(subject, type) else str(subject.pk),
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


def _typed(field: models.Field[Any, Any]) -> str:
    """A parameter for `field`'s column in a SELECT list. PostgreSQL is told its type, so that it never
    guesses what a bare parameter (a NULL actor) is; SQLite is not, since its CAST to a date's type
    would read the date as a number."""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})"
    return "%s"


@transaction.atomic
def audit_record_each(
    *,
    action: str,
    subjects: QuerySet[Any],
    actor: Any = None,
    actor_label: str = "",
    detail: str = "",
    purpose: str = "",
) -> int:
    """One entry per row of `subjects`, as `audit_record_many` writes them, but written by the
    database in one `INSERT ... SELECT` over the query itself: for a download of every case, whose
    rows must never all be held in memory to say who took them. Returns how many were written."""
    entry = _entry(
        actor=actor,
        actor_label=actor_label,
        action=action,
        subject=subjects.model,
        detail=detail,
        identity=_identity(_signed_in(actor)),
        purpose=purpose,
    )
    entry.at = timezone.now()
    # Every column but the id, the same for every row except the subject's id, which the query gives.
    fields = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]
    ids = (
        subjects.order_by()
        .annotate(audited_id=Cast("pk", CharField(max_length=64)))
        .values_list("audited_id")
    )
    try:
        ids_sql, ids_params = ids.query.sql_with_params()
    except EmptyResultSet:  # a query Django knows picks nothing (`.none()`, `pk__in=[]`)
        return 0
    quote = connection.ops.quote_name
    columns, values, params = [], [], []
    for field in fields:
        columns.append(quote(field.column))
        if field.name == "subject_id":
            values.append(f"ids.{quote('audited_id')}")
            continue
        values.append(_typed(field))
        params.append(field.get_db_prep_save(getattr(entry, field.attname), connection))
    # Only names from the model and Django's own compiled query go into the text; every value is a
    # parameter.
    sql = (
        f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608  # nosec B608
        f"SELECT {', '.join(values)} FROM ({ids_sql}) ids"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids_params])
        return max(int(cursor.rowcount), 0)


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
