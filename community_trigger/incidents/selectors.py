"""Reading incident records: who may see them (the partnership's coordinators and its data protection
officer, no one else), a page of the filtered list, one record, and the token an API call names.
What hands records to a page records the look in the audit log (one entry a record shown), so that no
page can forget it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from community_trigger.agencies.models import Agency, Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record_many, audit_view
from community_trigger.domain.access import Capability
from community_trigger.incidents.models import (
    ApiToken,
    ColumnMapping,
    EarlyWarningSettings,
    IncidentRecord,
    LinkEvidence,
)
from community_trigger.incidents.services import TOKEN_START, token_hash

# Who sees incident records: those who manage the partnership's cases (its coordinators), and its
# data protection officer, who answers for how they are held (read only).
SEE = (Capability.MANAGE_CASES, Capability.SEE_ACCESS_REPORTS)


def incident_partnerships(user: AbstractBaseUser | AnonymousUser, *, manage: bool = False) -> list[int]:
    """The partnerships whose incident records `user` may see (or, with `manage`, take in and
    configure: the coordinators only)."""
    access = StaffAccess(user)
    if manage:
        return access.partnerships_where(Capability.MANAGE_CASES)
    return sorted({pid for capability in SEE for pid in access.partnerships_where(capability)})


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to (each optional)."""

    partnership: int | None = None
    agency: int | None = None
    category: str = ""
    reference: str = ""
    since: date | None = None
    until: date | None = None


def incident_records(partnerships: list[int], filters: Filters) -> QuerySet[IncidentRecord]:
    """The records of `partnerships` that match `filters`, newest incident first."""
    records = IncidentRecord.objects.filter(partnership_id__in=partnerships).select_related("agency")
    if filters.partnership:
        records = records.filter(partnership_id=filters.partnership)
    if filters.agency:
        records = records.filter(agency_id=filters.agency)
    if filters.category:
        records = records.filter(category=filters.category)
    if filters.reference:
        records = records.filter(reference__iexact=filters.reference.strip())
    if filters.since:
        records = records.filter(occurred_at__gte=_start_of(filters.since))
    if filters.until:
        records = records.filter(occurred_at__lt=_start_of(filters.until) + timedelta(days=1))
    return records.order_by("-occurred_at", "-pk")


def incident_records_page(
    user: AbstractBaseUser,
    partnerships: list[int],
    filters: Filters,
    number: str | int | None,
    *,
    per_page: int,
) -> Page[IncidentRecord]:
    """Page `number` of the records of `partnerships` matching `filters`, each record on it recorded
    as seen by `user`."""
    page = Paginator(incident_records(partnerships, filters), per_page).get_page(number)
    audit_record_many(
        actor=user, action=AuditEntry.Action.VIEW, subjects=list(page.object_list), detail="incident list"
    )
    return page


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def incident_record_for(user: AbstractBaseUser, pk: int) -> IncidentRecord:
    """One record, for someone who may see it (recorded as seen); 404 for anyone else (nobody learns
    it exists)."""
    record = (
        IncidentRecord.objects.filter(pk=pk, partnership_id__in=incident_partnerships(user))
        .select_related("agency", "partnership", "batch")
        .first()
    )
    if record is None:
        raise Http404
    audit_view(actor=user, subject=record, purpose="", detail="incident record")
    return record


def same_incident(record: IncidentRecord, *, user: AbstractBaseUser) -> list[IncidentRecord]:
    """The other agencies' records of the same incident (each recorded as seen by `user`)."""
    others = list(
        IncidentRecord.objects.filter(partnership_id=record.partnership_id, incident=record.incident)
        .exclude(pk=record.pk)
        .select_related("agency")
        .order_by("occurred_at", "pk")
    )
    if others:
        audit_record_many(actor=user, action=AuditEntry.Action.VIEW, subjects=others, detail="same incident")
    return others


def early_warning_settings(partnership: Partnership) -> EarlyWarningSettings:
    """The partnership's settings; unsaved defaults (intake off, 12 months) when it has none yet."""
    found = EarlyWarningSettings.objects.filter(partnership=partnership).first()
    return found or EarlyWarningSettings(partnership=partnership)


def saved_mapping(agency: Agency) -> dict[str, str]:
    """The agency's column mapping as last saved (our field: the file's header); empty the first time."""
    found = ColumnMapping.objects.filter(agency=agency).first()
    return dict(found.columns) if found else {}


def api_token_for(secret: str) -> ApiToken | None:
    """The live token `secret` is, or None (unknown, or revoked)."""
    if not secret.startswith(TOKEN_START):
        return None
    return (
        ApiToken.objects.filter(hashed=token_hash(secret), revoked_at__isnull=True)
        .select_related("agency", "agency__partnership")
        .first()
    )


def link_evidence(record: IncidentRecord, *, user: AbstractBaseUser) -> LinkEvidence | None:
    """Why `record` was linked to its person: its best pair (the other record recorded as seen by
    `user`), or None when the linkage linked it to no other record."""
    evidence = LinkEvidence.objects.filter(record=record).select_related("other", "other__agency").first()
    if evidence is not None:
        audit_view(actor=user, subject=evidence.other, purpose="", detail="linked incident record")
    return evidence
