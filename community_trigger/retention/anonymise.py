"""Removing a case's personal data (its retention period over, or an erasure request carried out), and
one person's within a case (an erasure request from a group member or a victim).

Every place a case keeps personal data is listed here, table by table: the words people wrote, names,
addresses, emails, phone numbers, references that lead back to a person, the letters' text and PDFs,
the outbox's addresses and values, and the documents' files in storage. Each is emptied, or given the
REMOVED marker where the database asks for a value. What stays is the case's shape: its history
events (kinds, states, times, actors), its states, channel, dates, roles, the decisions' outcomes and
the figures' counts, so the statistics, live and published, do not change, and the audit log, which
holds no personal data, keeps what happened (with this removal in it, through the case's history).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from community_trigger.cases.history import event_record
from community_trigger.cases.models import (
    Application,
    Assessment,
    CaseEventWords,
    Happened,
    Incident,
    Person,
    Report,
    StatusCode,
    ThresholdDecision,
)
from community_trigger.cases.services import case_lock
from community_trigger.deadlines.models import Reminder
from community_trigger.diary.models import Entry
from community_trigger.documents.models import Document
from community_trigger.incidents.models import IncidentRecord
from community_trigger.letters.models import Letter
from community_trigger.notifications.models import Message
from community_trigger.related.models import AllegedPerpetrator, CaseLink, Place
from community_trigger.retention.models import LegalHold
from community_trigger.reviews.models import (
    AgencySummary,
    Escalation,
    Meeting,
    MeetingChangeWords,
    Recommendation,
    RecommendationChangeWords,
    RecommendationUpdateWords,
)
from community_trigger.sharing.models import (
    AnswerLink,
    DueDateChangeWords,
    InformationResponse,
    ReportCheck,
)

# What stands in for a value the database requires (a name, an agency's answer): never a person's.
REMOVED = "[removed]"
# Who removed it, in the history's words, when no member of staff did (the daily sweep).
SCHEDULE_LABEL = "Retention schedule"
WHY = ("retention", "erasure")


class CaseOnHold(Exception):
    """The case is under a legal hold: its personal data is kept until the hold is lifted."""


# Each table that holds a case's personal data: the model, how its rows reach the case, and what each
# personal field becomes. Read by case_anonymise, and by the tests that look for any value left.
SCRUBBED: tuple[tuple[type[models.Model], str, dict[str, Any]], ...] = (
    (
        Application,
        "pk",
        {"impact": "", "vulnerability": "", "support_wanted": "", "letter_format_detail": ""},
    ),
    (
        Person,
        "application",
        {
            "name": REMOVED,
            "address": "",
            "postcode": "",
            "email": "",
            "phone": "",
            "help_needed": "",
            "relationship_to_victim": "",
            "avoid_times": "",
            "safe_alternative": "",
            "safe_channels": [],
        },
    ),
    (Incident, "application", {"description": REMOVED, "location": REMOVED}),
    (Report, "incident__application", {"reference": ""}),
    (ThresholdDecision, "application", {"reasons": ""}),
    (
        InformationResponse,
        "request__application",
        {"action_taken": REMOVED, "outcome": REMOVED, "other_history": "", "risk": "", "sender_role": ""},
    ),
    (ReportCheck, "response__request__application", {"their_reference": "", "note": ""}),
    (AnswerLink, "request__application", {"sent_to": ""}),
    (
        Meeting,
        "application",
        {
            "place": "",
            "online_link": "",
            "not_invited_reason": "",
            "unanswered_reason": "",
            "attendees": "",
            "findings": "",
            "applicant_comments": "",
            "summary_for_applicant": "",
        },
    ),
    (AgencySummary, "meeting__application", {"summary": REMOVED}),
    (Recommendation, "meeting__application", {"action": REMOVED, "declined_reason": ""}),
    (Escalation, "application", {"details": REMOVED, "reasons": "", "pcc_referral_note": ""}),
    (
        Letter,
        "application",
        {
            "recipient_name": REMOVED,
            "recipient_address": "",
            "recipient_email": "",
            "body_text": "",
            "pdf": b"",
        },
    ),
    (Entry, "application", {"with_whom": "", "summary": REMOVED}),
    (
        Place,
        "application",
        {"address": REMOVED, "postcode": "", "uprn": "", "postcode_key": "", "address_key": ""},
    ),
    (
        AllegedPerpetrator,
        "application",
        {
            "names": "",
            "description": REMOVED,
            "address": "",
            "postcode": "",
            "name_key": "",
            "address_key": "",
            "postcode_key": "",
        },
    ),
    (LegalHold, "application", {"reason": REMOVED, "lift_reason": ""}),
)

# The words written beside history rows (common.models.WrittenWords): deleted, the rows stay.
WORDS_BESIDE: tuple[tuple[type[models.Model], str], ...] = (
    (CaseEventWords, "event__application"),
    (DueDateChangeWords, "change__request__application"),
    (MeetingChangeWords, "change__meeting__application"),
    (RecommendationUpdateWords, "update__recommendation__meeting__application"),
    (RecommendationChangeWords, "change__recommendation__meeting__application"),
)


def _messages_of(application: Application) -> models.QuerySet[Message]:
    return Message.objects.filter(Q(case=application) | Q(letter__application=application))


def _messages_scrub(messages: models.QuerySet[Message]) -> int:
    """Empty the outbox rows' addresses and values; one not yet sent is never sent now."""
    messages.filter(status__in=[Message.Status.QUEUED, Message.Status.FAILED]).update(
        status=Message.Status.HELD
    )
    return messages.update(to="", values={}, last_error="")


def _engine_input_scrub(assessments: Iterable[Assessment]) -> None:
    """The engine's input holds ids, dates and agency kinds, and the reports' references, which lead
    back to a person in an agency's records: those go."""

    def without_references(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: without_references(item) for key, item in value.items() if key != "reference"}
        if isinstance(value, list):
            return [without_references(item) for item in value]
        return value

    for assessment in assessments:
        Assessment.objects.filter(pk=assessment.pk).update(
            engine_input=without_references(assessment.engine_input)
        )


def _documents_delete(documents: models.QuerySet[Document]) -> int:
    """Delete the documents' files from storage, then their rows. Done last in the transaction: should
    the storage fail, everything is rolled back and the next sweep tries again (a file already gone
    stays gone, as it was to)."""
    rows = list(documents.values_list("pk", "file"))
    for _, name in rows:
        if name:
            default_storage.delete(name)
    Document.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    return len(rows)


def _hold_on(application: Application) -> bool:
    return LegalHold.objects.filter(application=application, lifted_at__isnull=True).exists()


@transaction.atomic
def case_anonymise(
    *, application: Application, actor: Any = None, why: str, now: datetime | None = None
) -> bool:
    """Remove `application`'s personal data from every table and from storage, keeping its history's
    shape, its figures and its audit, and record one ANONYMISED event (why, and how many of each kind
    of record were emptied: no words). `why` is "retention" or "erasure". Answers False, changing
    nothing, when it was done before. Raises CaseOnHold while a legal hold is on the case."""
    if why not in WHY:
        raise ValueError(f"why must be one of {WHY}, not {why!r}")
    case = case_lock(application)
    if case.anonymised_at is not None:
        return False
    if _hold_on(case):
        raise CaseOnHold(case.reference)
    now = now or timezone.now()
    removed: dict[str, int] = {}
    for model, path, fields in SCRUBBED:
        rows = model._default_manager.filter(**{path: case.pk if path == "pk" else case})
        removed[model._meta.model_name or ""] = rows.update(**fields)
    for words, path in WORDS_BESIDE:
        removed[words._meta.model_name or ""], _ = words._default_manager.filter(**{path: case}).delete()
    _engine_input_scrub(Assessment.objects.filter(application=case))
    links = CaseLink.objects.filter(Q(first=case) | Q(second=case))
    # A link's reason is kept beside both cases' events: the other case's copy goes too.
    CaseEventWords.objects.filter(
        event__kind=Happened.CASE_LINKED, event__facts__link__in=list(links.values_list("pk", flat=True))
    ).delete()
    removed["caselink"] = links.update(reason=REMOVED)
    # A secure link's sender, required by the answer's own rule, becomes the marker.
    InformationResponse.objects.filter(request__application=case).exclude(sender_name="").update(
        sender_name=REMOVED
    )
    # The status page no longer opens for this case: its codes go.
    StatusCode.objects.filter(application=case).delete()
    removed["message"] = _messages_scrub(_messages_of(case))
    # Reminders name the case by its reference only; one to an agency's address keeps a marker there
    # (unique per reminder, as the table's rule asks).
    removed["reminder"] = (
        Reminder.objects.filter(reference=case.reference, recipient__isnull=True)
        .exclude(to_address="")
        .update(
            to_address=Concat(Value("removed-"), Cast("pk", models.CharField()), Value("@invalid.invalid"))
        )
    )
    Application.objects.filter(pk=case.pk).update(anonymised_at=now)
    removed["document"] = _documents_delete(Document.objects.filter(application=case))
    # The agencies' incident records the case kept from their own retention go with it.
    removed["incidentrecord"], _ = IncidentRecord.objects.filter(linked_case=case).delete()
    event_record(
        application=case,
        kind=Happened.ANONYMISED,
        actor=actor,
        actor_label="" if actor else SCHEDULE_LABEL,
        at=now,
        facts={"why": why, "removed": {name: count for name, count in sorted(removed.items()) if count}},
    )
    application.anonymised_at = now
    return True


@transaction.atomic
def person_erase(*, person: Person, actor: Any, why: str = "erasure", now: datetime | None = None) -> bool:
    """Remove one person's personal data within their case (a group member or a victim who asked for
    erasure): their details, their reports' references, the outbox's messages and the letters to
    them. The case and everyone else's data stay. Answers False when it was done before. Raises
    CaseOnHold while a legal hold is on the case."""
    case = case_lock(person.application)
    person = Person.objects.get(pk=person.pk)
    if person.name == REMOVED and not (person.email or person.phone or person.address):
        return False
    if _hold_on(case):
        raise CaseOnHold(case.reference)
    now = now or timezone.now()
    addresses = [value for value in (person.email, person.phone) if value]
    _, person_fields = next((path, fields) for model, path, fields in SCRUBBED if model is Person)
    Person.objects.filter(pk=person.pk).update(**person_fields)
    references = Report.objects.filter(person=person).update(reference="")
    messages = _messages_scrub(_messages_of(case).filter(to__in=addresses)) if addresses else 0
    letters = (
        Letter.objects.filter(application=case)
        .filter(Q(recipient_name=person.name) | Q(recipient_email__in=addresses))
        .update(recipient_name=REMOVED, recipient_address="", recipient_email="", body_text="", pdf=b"")
    )
    event_record(
        application=case,
        kind=Happened.ANONYMISED,
        actor=actor,
        at=now,
        facts={
            "why": why,
            "person": person.pk,
            "removed": {"person": 1, "report": references, "message": messages, "letter": letters},
        },
    )
    return True
