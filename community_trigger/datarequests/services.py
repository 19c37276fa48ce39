"""Writes for data requests: recording one, extending its deadline, choosing what was found, reviewing
redactions, releasing the export, correcting a record, and deciding an erasure request. Every step
appends a Step (with any reason beside it, in StepWords) in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from community_trigger.agencies.models import Partnership
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened, Incident, Person
from community_trigger.datarequests.models import (
    DataRequest,
    Finding,
    Redaction,
    RefusalGround,
    RequestKind,
    RequestState,
    Step,
    StepKind,
    StepWords,
)
from community_trigger.datarequests.search import WHERE_BY_SOURCE, Match
from community_trigger.domain.data_requests import MAX_EXTENSION_MONTHS, ExtensionRefused, answer_due


class DataRequestRefused(Exception):
    """A step the request's state, or the law, does not allow; `field` names the form field it is about."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Requester:
    """Who asked, and what they gave to find them."""

    name: str
    email: str = ""
    phone: str = ""
    address: str = ""
    postcode: str = ""
    date_of_birth: date | None = None


def _step(
    *,
    request: DataRequest,
    kind: StepKind,
    actor: Any,
    to_state: RequestState | None = None,
    words: str = "",
) -> Step:
    was = request.state
    if to_state is not None and to_state != was:
        request.state = to_state
        if to_state in (RequestState.RELEASED, RequestState.REFUSED, RequestState.CARRIED_OUT):
            request.closed_at = timezone.now()
        request.save(update_fields=["state", "closed_at"])
    step = Step.objects.create(
        request=request, kind=kind, actor=actor, from_state=was, to_state=request.state if to_state else ""
    )
    if words.strip():
        StepWords.objects.create(step=step, text=words.strip())
    return step


def _open(request: DataRequest) -> None:
    if request.closed:
        raise DataRequestRefused("This request is closed")


@transaction.atomic
def data_request_record(
    *,
    partnership: Partnership,
    actor: Any,
    kind: RequestKind,
    requester: Requester,
    received_on: date,
    received_via: str,
    language: str = "en",
) -> DataRequest:
    """Record a request received on `received_on`, due one calendar month later (Article 12(3)),
    handled by `actor`."""
    if received_on > timezone.localdate():
        raise DataRequestRefused("The date received must be today or in the past", "received_on")
    request = DataRequest.objects.create(
        partnership=partnership,
        # A placeholder until the row has its id, which numbers it.
        reference=f"pending-{uuid.uuid4().hex[:20]}",
        kind=kind,
        name=requester.name,
        email=requester.email,
        phone=requester.phone,
        address=requester.address,
        postcode=requester.postcode,
        date_of_birth=requester.date_of_birth,
        received_on=received_on,
        received_via=received_via,
        language=language,
        due_by=answer_due(received_on),
        handler=actor,
    )
    request.reference = f"DR-{partnership.reference_prefix}-{received_on.year}-{request.pk:04d}"
    request.save(update_fields=["reference"])
    _step(request=request, kind=StepKind.RECORDED, actor=actor)
    audit_record(
        action=AuditEntry.Action.CREATE, subject=request, actor=actor, detail="data request recorded"
    )
    return request


@transaction.atomic
def data_request_extend(*, request: DataRequest, actor: Any, months: int, reason: str) -> DataRequest:
    """Extend the deadline by `months` more, with the reason (Article 12(3): by at most two further
    months in all, where the request is complex or one of many; the person must be told why within
    the first month)."""
    _open(request)
    if not reason.strip():
        raise DataRequestRefused("Enter why the deadline is extended", "reason")
    try:
        due = answer_due(request.received_on, extended_months=request.extended_months + months)
    except ExtensionRefused:
        raise DataRequestRefused(
            f"The deadline can be extended by at most {MAX_EXTENSION_MONTHS} months in all", "months"
        ) from None
    request.extended_months += months
    request.due_by = due
    request.save(update_fields=["extended_months", "due_by"])
    _step(request=request, kind=StepKind.EXTENDED, actor=actor, words=reason)
    return request


@transaction.atomic
def findings_choose(*, request: DataRequest, actor: Any, chosen: Collection[Match]) -> DataRequest:
    """Keep the records the coordinator confirmed are the person's (replacing any chosen before), and
    forget any redaction choices made on an earlier choice."""
    _open(request)
    request.findings.all().delete()
    request.redactions.all().delete()
    Finding.objects.bulk_create(
        Finding(
            request=request,
            application_id=match.case_id,
            source=match.source,
            row_id=match.row_id,
            matched_on=", ".join(match.why)[:100],
        )
        for match in chosen
        if match.source in WHERE_BY_SOURCE
    )
    _step(request=request, kind=StepKind.SEARCHED, actor=actor, to_state=RequestState.SEARCHED)
    return request


@transaction.atomic
def redactions_review(*, request: DataRequest, actor: Any, choices: Mapping[str, bool]) -> DataRequest:
    """Record the coordinator's choice on each flagged item of the export (`choices`: item key to
    redact or not); the export is then ready to release."""
    _open(request)
    if request.kind != RequestKind.ACCESS or request.state == RequestState.OPEN:
        raise DataRequestRefused("Choose what was found before reviewing redactions")
    request.redactions.all().delete()
    Redaction.objects.bulk_create(
        Redaction(request=request, item=key, redact=redact) for key, redact in choices.items()
    )
    _step(request=request, kind=StepKind.REDACTIONS_REVIEWED, actor=actor, to_state=RequestState.READY)
    return request


@transaction.atomic
def export_release(*, request: DataRequest, actor: Any) -> DataRequest:
    """Release the export to the person: the request closes as released, and the audit log says who
    released it (never what it holds)."""
    _open(request)
    if request.state != RequestState.READY:
        raise DataRequestRefused("Review the redactions before releasing")
    _step(request=request, kind=StepKind.RELEASED, actor=actor, to_state=RequestState.RELEASED)
    audit_record(
        action=AuditEntry.Action.EXPORT, subject=request, actor=actor, detail="data request export released"
    )
    return request


@transaction.atomic
def export_downloaded(*, request: DataRequest, actor: Any) -> None:
    """Record that the export was downloaded, in the request's steps and the audit log."""
    _step(request=request, kind=StepKind.DOWNLOADED, actor=actor)
    audit_record(
        action=AuditEntry.Action.EXPORT, subject=request, actor=actor, detail="data request export downloaded"
    )


# What may be corrected, by the kind of record: each field, and the record's kind in words for the
# case's history and audit log (no personal data in them).
RECTIFIABLE: dict[type[Person] | type[Incident], dict[str, str]] = {
    Person: {
        "name": "a person's name",
        "address": "a person's address",
        "postcode": "a person's postcode",
        "email": "a person's email address",
        "phone": "a person's phone number",
    },
    Incident: {
        "date": "an incident's date",
        "description": "an incident's description",
        "location": "an incident's location",
    },
}


@transaction.atomic
def record_rectify(
    *, request: DataRequest, actor: Any, record: Person | Incident, field: str, value: Any, reason: str
) -> DataRequest:
    """Correct one field of a record of the partnership's cases, keeping the reason beside a RECTIFIED
    event in the case's history (the old value is not kept); the request is then carried out."""
    _open(request)
    if request.kind != RequestKind.RECTIFICATION:
        raise DataRequestRefused("Only a rectification request corrects a record")
    fields = RECTIFIABLE.get(type(record), {})
    if field not in fields:
        raise DataRequestRefused("Choose what to correct", "field")
    if not reason.strip():
        raise DataRequestRefused("Enter why the record is corrected", "reason")
    case: Application = record.application
    if case.partnership_id != request.partnership_id:
        raise DataRequestRefused("Choose what to correct", "field")
    setattr(record, field, value)
    record.full_clean(exclude=[name for name in _field_names(record) if name != field])
    record.save(update_fields=[field])
    event_record(
        application=case,
        kind=Happened.RECTIFIED,
        actor=actor,
        facts={"record": fields[field], "data_request": request.pk},
        words=reason,
    )
    _step(
        request=request, kind=StepKind.RECTIFIED, actor=actor, to_state=RequestState.CARRIED_OUT, words=reason
    )
    return request


def _field_names(record: Person | Incident) -> list[str]:
    return [model_field.name for model_field in record._meta.fields]


@transaction.atomic
def erasure_refuse(*, request: DataRequest, actor: Any, ground: RefusalGround, words: str) -> DataRequest:
    """Refuse an erasure request on an Article 17(3) ground, with the reason in words (needed for
    "another reason"); the letter to the person is then on the request's page."""
    _open(request)
    if request.kind != RequestKind.ERASURE:
        raise DataRequestRefused("Only an erasure request is refused this way")
    if ground == RefusalGround.OTHER and not words.strip():
        raise DataRequestRefused("Enter the reason", "words")
    request.refusal_ground = ground
    request.save(update_fields=["refusal_ground"])
    _step(request=request, kind=StepKind.REFUSED, actor=actor, to_state=RequestState.REFUSED, words=words)
    return request


def erasure_check(request: DataRequest) -> None:
    """An erasure request may be carried out: open, of that kind, with the person's records chosen."""
    _open(request)
    if request.kind != RequestKind.ERASURE:
        raise DataRequestRefused("Only an erasure request is carried out this way")
    if not request.findings.filter(source="person").exists():
        raise DataRequestRefused("Find and choose the person's records before erasing them")


@transaction.atomic
def erasure_carried_out(*, request: DataRequest, actor: Any, words: str = "") -> DataRequest:
    """Record that an erasure request was carried out, closing it. Called by the anonymisation path
    (community_trigger.retention.erasure) in the transaction in which it erased the person's records,
    never on its own."""
    erasure_check(request)
    _step(
        request=request,
        kind=StepKind.ERASURE_DECIDED,
        actor=actor,
        to_state=RequestState.CARRIED_OUT,
        words=words,
    )
    return request
