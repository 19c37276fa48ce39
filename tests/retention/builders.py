"""A case that has lived its whole life (every table that can hold a person's data given some), the
values it was given to look for afterwards, and a reader of every stored word in the database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from applications.builders import agency_id, incident, partnership, report, submitted, victim, you
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from incidents.records import MAPPING, csv_bytes, intake_on, opener, row
from reviews.builders import Team, held, scheduled

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application, Report
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.deadlines.models import Reminder
from community_trigger.diary.models import Visibility
from community_trigger.diary.services import diary_entry_add
from community_trigger.documents.models import Document
from community_trigger.documents.selectors import Part, upload_target_for
from community_trigger.documents.services import Details, document_add
from community_trigger.incidents.models import IncidentRecord
from community_trigger.incidents.services import records_import
from community_trigger.related.services import case_link, perpetrator_add, place_add
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.reviews.services.meetings import meeting_change
from community_trigger.reviews.services.plans import (
    action_plan_comments,
    action_plan_finalise,
    action_plan_share,
    case_close,
    outcome_send,
    recommendation_add,
    recommendation_change,
    recommendation_update,
)
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import (
    information_answer,
    information_request_all,
    information_request_due_date_change,
)

# A Friday at noon (GMT, so UTC and local time agree): the case is lived on this day.
LIVED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
INCIDENTS = (date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 9))


@dataclass(frozen=True)
class Personal:
    """Everything personal one case is given, each value found nowhere else in the database."""

    applicant: str
    applicant_email: str
    applicant_street: str
    victim: str
    victim_email: str
    victim_phone: str
    victim_street: str
    words: tuple[str, ...]  # what people wrote: accounts, reasons, notes, answers

    @classmethod
    def of(cls, tag: str) -> Personal:
        return cls(
            applicant=f"Quentin Marrowby{tag}",
            applicant_email=f"q.marrowby{tag}@example.org",
            applicant_street=f"17 Larkspur Mews{tag}",
            victim=f"Imelda Fossick{tag}",
            victim_email=f"imelda.fossick{tag}@example.net",
            victim_phone=f"07700 9{tag}2 876",
            victim_street=f"4 Quillon Row{tag}",
            words=tuple(f"{word} {tag}" for word in WORDS),
        )

    @property
    def values(self) -> tuple[str, ...]:
        return (
            self.applicant,
            self.applicant_email,
            self.applicant_street,
            self.victim,
            self.victim_email,
            self.victim_phone,
            self.victim_street,
            *self.words,
        )

    def word(self, name: str) -> str:
        return self.words[WORDS.index(name)]


# Each a phrase no template or fixture says, so that finding it means this case's data stayed.
WORDS = (
    "Impact: glass through the window",
    "Vulnerable: hearing aid wearer",
    "Support: a quiet mediator",
    "Incident: a shopping trolley thrown",
    "Location: behind the launderette",
    "Decision reasons: thorough history",
    "Place: the underpass by Ravelin",
    "Perpetrator: Brannock Tully",
    "Perpetrator looks: red scooter",
    "Link reason: same scooter",
    "Due reason: officer on leave",
    "Police action: doorstep visits",
    "Police outcome: carried on",
    "Police history: ten calls",
    "Police risk: knife seen",
    "Check ref: CAD-88123",
    "Check note: logged late",
    "Diary: rang the daughter",
    "Diary with: the daughter Ottilie",
    "Document: notes of a call",
    "Meeting not invited: frightened",
    "Meeting change reason: chair unwell",
    "Meeting attendees: PC Ambrose",
    "Meeting findings: nobody joined up",
    "Summary: two doorstep visits",
    "Recommend: fit a doorbell camera",
    "Recommend note: fitted Tuesday",
    "Recommend reworded: fit two cameras",
    "Recommend change reason: wider view",
    "Plan comments: cameras please",
    "Outcome summary: cameras are coming",
    "Escalation: the panel ignored me",
    "Escalation reasons: panel did read it",
    "Police report ref: 44/ABC/123",
    "Incident record: bins set alight",
)


def lived_case(people: Team, personal: Personal, *, other: Application | None = None) -> Application:
    """A case received from a representative of a victim, reviewed, escalated, and closed on LIVED,
    every part of it given `personal`'s values: people, incidents and reports, the decision's reasons,
    a place and someone said to be responsible, a link to `other` (a new case by default), the
    agencies' answers and checks, a diary entry, a document, the meeting (changed, then held), a
    recommendation updated and reworded, the plan's comments, the outcome, the escalation and its
    decision, the letters and the outbox, and a reminder to an agency's address."""
    word = personal.word
    police = agency_id(partnership(), "police")
    case = submitted(
        partnership(),
        "representative",
        you=you(
            name=personal.applicant,
            email=personal.applicant_email,
            address_line_1=personal.applicant_street,
        ),
        victim=victim(
            name=personal.victim,
            email=personal.victim_email,
            phone=personal.victim_phone,
            address_line_1=personal.victim_street,
        ),
        impact={
            "impact": word("Impact: glass through the window"),
            "vulnerability": word("Vulnerable: hearing aid wearer"),
            "support": word("Support: a quiet mediator"),
        },
        incidents=[
            incident(
                f"i{n}",
                day,
                report(
                    "you" if n == 0 else "victim",
                    police,
                    day + timedelta(days=1),
                    reference=word("Police report ref: 44/ABC/123") if n == 0 else "",
                ),
                description=word("Incident: a shopping trolley thrown"),
                location=word("Location: behind the launderette"),
            )
            for n, day in enumerate(INCIDENTS)
        ],
    )
    coordinator = people.coordinator
    application_acknowledge(application=case, actor=coordinator)
    threshold_decide(
        application=case,
        outcome="threshold_met",
        reasons=word("Decision reasons: thorough history"),
        actor=coordinator,
    )
    place_add(application=case, actor=coordinator, address=word("Place: the underpass by Ravelin"))
    perpetrator_add(
        application=case,
        actor=coordinator,
        names=word("Perpetrator: Brannock Tully"),
        description=word("Perpetrator looks: red scooter"),
        address=personal.victim_street + " next door",
    )
    case_link(
        application=case,
        other=other or submitted(partnership()),
        actor=coordinator,
        reason=word("Link reason: same scooter"),
    )
    information_request_all(application=case, actor=coordinator)
    asked = InformationRequest.objects.get(application=case, agency__kind="police")
    information_request_due_date_change(
        request=asked,
        due_by=asked.due_by + timedelta(days=7),
        reason=word("Due reason: officer on leave"),
        actor=coordinator,
    )
    first_report = Report.objects.filter(incident__application=case).order_by("pk").first()
    assert first_report is not None
    information_answer(
        request=asked,
        checks={
            first_report.pk: {
                "finding": "found",
                "their_reference": word("Check ref: CAD-88123"),
                "note": word("Check note: logged late"),
            }
        },
        action_taken=word("Police action: doorstep visits"),
        outcome=word("Police outcome: carried on"),
        other_history=word("Police history: ten calls"),
        risk=word("Police risk: knife seen"),
        risk_sensitive=True,
        actor=people.police_officer,
    )
    entry = diary_entry_add(
        application=case,
        actor=coordinator,
        kind="call",
        direction="outgoing",
        with_whom=word("Diary with: the daughter Ottilie"),
        happened_at=timezone.now() - timedelta(hours=1),
        summary=word("Diary: rang the daughter"),
        visibility=Visibility.COORDINATORS,
    )
    document_add(
        target=upload_target_for(coordinator, case.reference, Part.CASE),
        upload=SimpleUploadedFile("call-notes.txt", word("Document: notes of a call").encode()),
        details=Details(visibility=Visibility.COORDINATORS, description=word("Document: notes of a call")),
        actor=coordinator,
    )
    meeting = scheduled(
        people,
        case,
        agencies=[people.police],
        panel=[coordinator, people.police_officer],
        victim_involvement="not_invited",
        not_invited_reason=word("Meeting not invited: frightened"),
        starts_at=timezone.now() + timedelta(days=3),
        # First arranged at the applicant's home, then moved: the history of the change keeps where
        # it was to be, beside the event, until the case is anonymised.
        place=personal.applicant_street,
    )
    meeting = meeting_change(
        meeting=meeting,
        starts_at=timezone.now() - timedelta(hours=3),
        place="Beech Hurst, Andover",
        online_link="",
        chair=people.chair,
        chair_independent=False,
        agencies=[people.police],
        panel=[coordinator, people.police_officer],
        victim_involvement="not_invited",
        not_invited_reason=word("Meeting not invited: frightened"),
        reason=word("Meeting change reason: chair unwell"),
        actor=coordinator,
        now=timezone.now() - timedelta(hours=4),
    )
    held(
        people,
        meeting,
        attendees=word("Meeting attendees: PC Ambrose"),
        summaries={people.police.pk: word("Summary: two doorstep visits")},
        findings=word("Meeting findings: nobody joined up"),
    )
    recommendation = recommendation_add(
        meeting=meeting,
        agency=people.police,
        owner=people.police_officer,
        action=word("Recommend: fit a doorbell camera"),
        due_by=timezone.localdate() + timedelta(days=28),
        actor=coordinator,
    )
    recommendation_update(
        recommendation=recommendation,
        to="accepted",
        note=word("Recommend note: fitted Tuesday"),
        actor=coordinator,
    )
    recommendation_change(
        recommendation=recommendation,
        action=word("Recommend reworded: fit two cameras"),
        due_by=recommendation.due_by,
        reason=word("Recommend change reason: wider view"),
        actor=coordinator,
    )
    action_plan_share(meeting=meeting, actor=coordinator)
    action_plan_comments(meeting=meeting, comments=word("Plan comments: cameras please"), actor=coordinator)
    action_plan_finalise(meeting=meeting, actor=coordinator)
    outcome_send(
        meeting=meeting, summary_for_applicant=word("Outcome summary: cameras are coming"), actor=coordinator
    )
    case.refresh_from_db()
    escalation = escalation_request(
        application=case,
        about="review",
        grounds=["process"],
        details=word("Escalation: the panel ignored me"),
    )
    escalation_decide(
        escalation=escalation,
        upheld=False,
        reasons=word("Escalation reasons: panel did read it"),
        actor=people.reviewer,
    )
    recommendation_update(recommendation=recommendation, to="done", actor=coordinator)
    case.refresh_from_db()
    case_close(application=case, actor=coordinator)
    Reminder.objects.create(
        item_key=f"information_request:{asked.pk}",
        kind="information_request",
        to_address=personal.applicant_email,
        moment="before",
        due_on=asked.due_by,
        reference=case.reference,
        what="An answer",
        path="/",
    )
    # The police's own record of an incident, kept with the case (not deleted at the end of its
    # incident-record retention).
    intake_on()
    records_import(
        agency=Agency.objects.get(pk=police),
        opener=opener(
            csv_bytes(
                [
                    row(
                        "P-LIVED",
                        Caller=personal.victim,
                        **{
                            "Caller tel": personal.victim_phone,
                            "Summary": word("Incident record: bins set alight"),
                        },
                    )
                ]
            )
        ),
        name="police.csv",
        mapping=MAPPING,
        actor=coordinator,
    )
    IncidentRecord.objects.filter(agency_id=police, reference="P-LIVED").update(linked_case=case)
    assert entry.pk
    case.refresh_from_db()
    return case


def _stored(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


_WORDS_KEPT = (models.CharField, models.TextField, models.JSONField, models.BinaryField, models.FileField)


def stored_words() -> str:
    """Every text, JSON and binary value of every row of every table, as one text to search."""
    values: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        columns = [field.attname for field in model._meta.concrete_fields if isinstance(field, _WORDS_KEPT)]
        if columns:
            for row in model._base_manager.values_list(*columns).iterator():
                values.extend(_stored(value) for value in row if value)
    return "\n".join(values)


def left_behind(personal: Personal) -> list[str]:
    """Which of `personal`'s values are still stored anywhere in the database."""
    stored = stored_words()
    return [value for value in personal.values if value in stored]


def stored_files(case: Application) -> list[str]:
    return list(Document.objects.filter(application=case).values_list("file", flat=True))
