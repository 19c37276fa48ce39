"""The per-role view of a case: what one member of staff may see of it, with the rest already removed,
and what they may do to it now. Pages, the meeting pack, the letters list and the CSV file render from
it, built once per request; building it records the look in the audit log with its purpose, so that
no page can forget to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_view
from community_trigger.cases.models import Application, Consent, Person, Report, ThresholdDecision
from community_trigger.cases.selectors import (
    AnswerShown,
    CaseActions,
    Disclosure,
    case_actions_for,
    case_disclosure_for,
    case_get_for,
)
from community_trigger.letters.models import Letter
from community_trigger.letters.selectors import letters_of
from community_trigger.reviews.selectors import ReviewView, on_panel, review_view_for

Purpose = AuditEntry.Purpose
User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class PersonShown:
    """One person of the case; their address, email and phone empty when the viewer may not have them."""

    person: Person
    consent: Consent | None
    address: str
    postcode: str
    email: str
    phone: str


@dataclass(frozen=True)
class DecisionShown:
    """A threshold decision; its reasons empty when the viewer may not read them."""

    decision: ThresholdDecision
    reasons: str


@dataclass(frozen=True)
class EventShown:
    """A step of the timeline; why it was taken empty when the viewer may not read it."""

    event: Any
    reason: str


@dataclass(frozen=True)
class CaseView:
    """A case as one member of staff may see it now (see `Disclosure`), and what they may do to it
    (`actions`). Every part a viewer may not see is already left out or empty."""

    case: Application
    disclosure: Disclosure
    actions: CaseActions
    people: list[PersonShown]
    incidents: QuerySet[Any]
    assessment: Any
    decisions: list[DecisionShown]
    answers: list[AnswerShown]
    events: list[EventShown]
    letters: QuerySet[Letter]
    review: ReviewView | None


def _people(case: Application, shown: Disclosure) -> list[PersonShown]:
    consents = {consent.person_id: consent for consent in Consent.objects.filter(person__application=case)}
    contact = shown.contact_details
    return [
        PersonShown(
            person=person,
            consent=consents.get(person.pk),
            address=person.address if contact else "",
            postcode=person.postcode if contact else "",
            email=person.email if contact else "",
            phone=person.phone if contact else "",
        )
        for person in case.people.all()
    ]


def case_view_for(
    user: User, reference: str, *, purpose: str, meeting: Any = None, detail: str = ""
) -> CaseView:
    """The case with `reference` as `user` may see it (404 if it is not theirs, as `case_get_for`),
    recorded in the audit log as seen for `purpose` (an `AuditEntry.Purpose`). `meeting`: for its
    pack, read as a member of its panel reads it at the meeting. `detail`: what the log says was
    opened, when the purpose alone does not say it (never personal data)."""
    case = case_get_for(user, reference)
    return case_view_of(user, case, purpose=purpose, meeting=meeting, detail=detail)


_DETAILS = {
    Purpose.CASE_PAGE: "case page",
    Purpose.MEETING_PACK: "meeting pack",
}


def case_view_of(
    user: User, case: Application, *, purpose: str, meeting: Any = None, detail: str = ""
) -> CaseView:
    """As `case_view_for`, for a case already fetched through the access selector."""
    shown = case_disclosure_for(user, case, at_meeting=meeting is not None and on_panel(user, meeting))
    audit_view(actor=user, subject=case, purpose=purpose, detail=detail or _DETAILS.get(Purpose(purpose), ""))
    reports = shown.reports(Report.objects.select_related("person", "agency"))
    requests = shown.requests(
        case.information_requests.select_related("agency", "response__answered_by").prefetch_related(
            "response__checks__report__incident", "due_date_changes__changed_by"
        )
    )
    return CaseView(
        case=case,
        disclosure=shown,
        actions=case_actions_for(user, case),
        people=_people(case, shown),
        incidents=case.incidents.prefetch_related(Prefetch("reports", queryset=reports)),
        assessment=case.assessments.first() if shown.assessment else None,
        decisions=[
            DecisionShown(decision, decision.reasons if shown.decision_reasons else "")
            for decision in case.decisions.select_related("decided_by")
        ],
        answers=shown.answers(requests),
        events=[
            EventShown(event, event.reason if shown.event_reasons else "")
            for event in case.events.select_related("actor", "words").order_by("at", "pk")
        ],
        letters=letters_of(user, case),
        review=review_view_for(user, case, shown) if meeting is None else None,
    )
