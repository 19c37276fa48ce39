"""The per-role view of a case: what one member of staff may see of it, with the rest already removed,
and what they may do to it now. The case page, the meeting pack, the letters, the pages that take a
step on a case, the case list and its CSV file each render from one of these, built once per request;
building it records the look in the audit log with its purpose, so that no page can forget to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record, audit_record_each, audit_record_many, audit_view
from community_trigger.cases.exports import case_rows
from community_trigger.cases.frame import CaseFrame, case_frame_of
from community_trigger.cases.history import APPLICANT_LABEL, event_words
from community_trigger.cases.models import (
    Application,
    CaseEvent,
    Consent,
    ContactPreference,
    Happened,
    Person,
    PersonRole,
    Report,
    ThresholdDecision,
)
from community_trigger.cases.owners import Signatory, owner_shown
from community_trigger.cases.sections import Section, sections_for
from community_trigger.cases.selectors import (
    AnswerShown,
    CaseActions,
    CaseRow,
    Disclosure,
    case_actions_for,
    case_disclosure_for,
    case_get_for,
    case_list_matching,
)
from community_trigger.common import pages
from community_trigger.common.pages import BoundedPaginator
from community_trigger.diary.models import EntryKind
from community_trigger.diary.selectors import DiaryLatest, DiaryReader, diary_latest_for, diary_reader
from community_trigger.documents.selectors import DocumentsView, documents_view_for
from community_trigger.domain.actions import Action, Actions, Why
from community_trigger.letters.models import Letter
from community_trigger.letters.selectors import FormatNeed, format_need_of, letter_get_for, letters_of
from community_trigger.notifications.models import Message
from community_trigger.notifications.selectors import messages_held_of
from community_trigger.related.selectors import RelatedPart, related_part_for
from community_trigger.reviews.models import Meeting, Recommendation
from community_trigger.reviews.selectors import (
    ReviewView,
    may_record,
    may_update,
    meeting_get_for,
    on_panel,
    recommendation_get_for,
    review_view_for,
)
from community_trigger.sharing.models import AnswerLink, InformationRequest

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
    """A step of the timeline; why it was taken empty when the viewer may not read it. `detail`: what
    the event was about, when the viewer may know (the kind of a diary entry they may read)."""

    event: Any
    reason: str
    detail: str = ""

    @property
    def what(self) -> str:
        """What happened, in words, with its detail."""
        what = event_words(self.event)
        return f"{what} ({self.detail})" if self.detail else what


@dataclass(frozen=True)
class SafeContactShown:
    """How the applicant said it is safe to contact them, for the top of the case page. Everyone who
    sees the case sees it, agency officers too: it keeps the person safe. The safe other address is
    contact details, so it is shown only to those who may see those; the others learn that one exists.
    `held`: messages to them that were not sent, as no way was safe."""

    channels: list[str]
    preferred: str
    avoid_times: str
    voicemail_safe: bool | None
    letters_home_safe: bool | None
    safe_alternative: str
    has_safe_alternative: bool
    held: list[Message]


class CaseView:
    """A case as one member of staff may see it now (see `Disclosure`), and what they may do to it
    (`actions`). Every part a viewer may not see is already left out or empty.

    Each part is read from the database when a page first asks for it, and once: a section of the
    case page reads only the parts it shows. `meeting`: read as its panel reads it in the meeting's
    pack, which has no review, documents or related part of its own."""

    def __init__(self, *, user: User, case: Application, disclosure: Disclosure, meeting: Any = None) -> None:
        self.user = user
        self.case = case
        self.disclosure = disclosure
        self.meeting = meeting

    @cached_property
    def actions(self) -> CaseActions:
        return case_actions_for(self.user, self.case)

    @cached_property
    def frame(self) -> CaseFrame:
        """The case's identity bar for this viewer."""
        return case_frame_of(self.case, self.actions)

    @cached_property
    def sections(self) -> list[Section]:
        """The sections of the case page this viewer has."""
        return sections_for(self.disclosure)

    @cached_property
    def people(self) -> list[PersonShown]:
        return _people(self.case, self.disclosure)

    @cached_property
    def incidents(self) -> QuerySet[Any]:
        reports = self.disclosure.reports(Report.objects.select_related("person", "agency"))
        return self.case.incidents.prefetch_related(Prefetch("reports", queryset=reports))

    @cached_property
    def assessment(self) -> Any:
        return self.case.assessments.first() if self.disclosure.assessment else None

    @cached_property
    def decisions(self) -> list[DecisionShown]:
        reasons = self.disclosure.decision_reasons
        return [
            DecisionShown(decision, decision.reasons if reasons else "")
            for decision in self.case.decisions.select_related("decided_by")
        ]

    @cached_property
    def answers(self) -> list[AnswerShown]:
        requests = self.disclosure.requests(
            self.case.information_requests.select_related("agency", "response__answered_by").prefetch_related(
                "response__checks__report__incident", "due_date_changes__changed_by"
            )
        )
        return self.disclosure.answers(requests)

    @cached_property
    def diary(self) -> DiaryLatest:
        return diary_latest_for(self.user, self.case, limit=CASE_PAGE_DIARY_ENTRIES)

    @cached_property
    def events(self) -> list[EventShown]:
        reasons = self.disclosure.event_reasons
        # Which diary entries the viewer may read, to name the kind of those the events added.
        reader = diary_reader(self.user, self.case)
        return [
            EventShown(event, event.reason if reasons else "", _event_detail(event, reader))
            for event in self.case.events.select_related("actor", "words").order_by("at", "pk")
        ]

    @cached_property
    def letters(self) -> QuerySet[Letter]:
        return letters_of(self.user, self.case)

    @cached_property
    def review(self) -> ReviewView | None:
        return review_view_for(self.user, self.case, self.disclosure) if self.meeting is None else None

    @cached_property
    def safe_contact(self) -> SafeContactShown | None:
        return _safe_contact(self.case, self.disclosure)

    @cached_property
    def owner(self) -> Signatory | None:
        """The case's owner with their direct contact details, for everyone who sees the case."""
        return owner_shown(self.case)

    @cached_property
    def documents(self) -> DocumentsView | None:
        """The documents the viewer may see, and where they may add one (documents.selectors)."""
        return documents_view_for(self.user, self.case, self.disclosure) if self.meeting is None else None

    @cached_property
    def related(self) -> RelatedPart | None:
        return related_part_for(self.user, self.case, self.disclosure) if self.meeting is None else None

    @cached_property
    def format_need(self) -> FormatNeed | None:
        """The format the applicant needs letters in (letters.selectors), and whether this viewer may
        change it; for those who read the case's correspondence only."""
        if not self.disclosure.correspondence:
            return None
        return format_need_of(self.case, may_change=self.actions[Action.RECORD_DETAILS].available)


def _safe_contact(case: Application, shown: Disclosure) -> SafeContactShown | None:
    applicant = next((person for person in case.people.all() if person.role == PersonRole.APPLICANT), None)
    if applicant is None:
        return None
    labels = dict(ContactPreference.choices)
    return SafeContactShown(
        channels=[str(labels.get(code, code)) for code in applicant.safe_channels or ()],
        preferred=str(labels.get(applicant.contact_preference, applicant.contact_preference)),
        avoid_times=applicant.avoid_times,
        voicemail_safe=applicant.voicemail_safe,
        letters_home_safe=applicant.letters_home_safe,
        safe_alternative=applicant.safe_alternative if shown.contact_details else "",
        has_safe_alternative=bool(applicant.safe_alternative),
        held=list(messages_held_of(case.pk)),
    )


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


# The diary entries the case page shows; the rest are on the diary's own page, a page at a time.
CASE_PAGE_DIARY_ENTRIES = 5
_ENTRY_KINDS = dict(EntryKind.choices)


def _event_detail(event: CaseEvent, diary: DiaryReader) -> str:
    """The kind of a diary entry the event added, for a viewer who may read that entry; "" otherwise
    (the event itself never holds the entry's words, so this is all it could say)."""
    if event.kind != Happened.NOTE_ADDED:
        return ""
    facts = event.facts or {}
    if not diary.reads(visibility=facts.get("visibility", ""), written_by_id=event.actor_id):
        return ""
    return str(_ENTRY_KINDS.get(facts.get("kind", ""), "")).lower()


def case_view_for(
    user: User,
    reference: str,
    *,
    purpose: str,
    meeting: Any = None,
    detail: str = "",
    section: Section | None = None,
) -> CaseView:
    """The case with `reference` as `user` may see it (404 if it is not theirs, as `case_get_for`),
    recorded in the audit log as seen for `purpose` (an `AuditEntry.Purpose`). `meeting`: for its
    pack, read as a member of its panel reads it at the meeting. `detail`: what the log says was
    opened, when the purpose alone does not say it (never personal data)."""
    case = case_get_for(user, reference)
    return case_view_of(user, case, purpose=purpose, meeting=meeting, detail=detail, section=section)


_DETAILS = {
    Purpose.CASE_PAGE: "case page",
    Purpose.MEETING_PACK: "meeting pack",
}


def case_view_of(
    user: User,
    case: Application,
    *,
    purpose: str,
    meeting: Any = None,
    detail: str = "",
    section: Section | None = None,
) -> CaseView:
    """As `case_view_for`, for a case already fetched through the access selector. `section`: the
    section of the case page it is for; 404 (before anything is recorded) for a section the viewer
    does not have, as for a case they may not see."""
    shown = case_disclosure_for(user, case, at_meeting=meeting is not None and on_panel(user, meeting))
    if section is not None and section not in sections_for(shown):
        raise Http404
    audit_view(actor=user, subject=case, purpose=purpose, detail=detail or _DETAILS.get(Purpose(purpose), ""))
    return CaseView(user=user, case=case, disclosure=shown, meeting=meeting)


def case_letter_for(user: User, reference: str, letter_id: int) -> Letter:
    """One letter of the case, for someone who may read its correspondence (404 otherwise, as
    `letter_get_for`), recorded in the audit log as the case seen in a letter."""
    letter = letter_get_for(user, reference, letter_id)
    audit_view(
        actor=user,
        subject=letter.application,
        purpose=Purpose.LETTER,
        detail=f"{letter.get_kind_display().lower()} letter",
    )
    return letter


@dataclass(frozen=True)
class CaseForm:
    """A case as a page to take one step on it needs it: lighter than `CaseView`, since such a page
    shows little of the case, and cut to what its viewer may see all the same. `meeting` and
    `recommendation`: what the step is about, when it is about one."""

    case: Application
    disclosure: Disclosure
    actions: CaseActions
    meeting: Meeting | None = None
    recommendation: Recommendation | None = None

    @property
    def assessment(self) -> Any:
        """The threshold engine's assessment, for a viewer who may read it; None otherwise."""
        return self.case.assessments.first() if self.disclosure.assessment else None


def case_form_for(
    user: User,
    reference: str,
    action: Action,
    *,
    detail: str,
    meeting_id: int | None = None,
    recommendation_id: int | None = None,
    hidden_unless_asked: bool = False,
) -> CaseForm:
    """The case with `reference`, for a page to take `action` on it (or on its meeting `meeting_id`,
    or its recommendation `recommendation_id`), recorded in the audit log as seen on a form (`detail`
    says which). Refused before anything is recorded: 404 for a case, meeting or recommendation
    `user` may not see, so nobody learns it exists; 403 when their role never takes the step there.
    `hidden_unless_asked`: 404 in place of the 403 for someone whose agency was not asked (answering
    a request: whether there is one to answer is theirs alone to learn). Whether the step is available
    now is the page's to answer, from `actions`."""
    case = case_get_for(user, reference)
    meeting = None if meeting_id is None else meeting_get_for(user, reference, meeting_id)
    recommendation = (
        None if recommendation_id is None else recommendation_get_for(user, reference, recommendation_id)
    )
    actions = case_actions_for(user, case)
    why = actions[action].why
    if hidden_unless_asked and why in (Why.NOT_YOUR_ROLE, Why.NOT_ASKED):
        raise Http404
    # The meeting's own chair, or the coordinator, writes its record; the addressed agency, or the
    # coordinator, updates a recommendation.
    if (
        why == Why.NOT_YOUR_ROLE
        or (meeting is not None and not may_record(user, meeting))
        or (recommendation is not None and not may_update(user, recommendation))
    ):
        raise PermissionDenied
    audit_view(actor=user, subject=case, purpose=Purpose.FORM, detail=detail)
    return CaseForm(
        case=case,
        disclosure=case_disclosure_for(user, case),
        actions=actions,
        meeting=meeting,
        recommendation=recommendation,
    )


def applicant_actions_for(case: Application) -> Actions:
    """What the applicant may do to their case now (withdraw it, ask for an escalation), from the
    same rulebook as staff, so that their status page and the case can never disagree."""
    return case_actions_for(AnonymousUser(), case, applicant=True).steps


def applicant_status_of(case: Application) -> Actions:
    """What the applicant may do to their case now, for their status page, with the look recorded in
    the audit log as the staff pages' looks are (here, by the applicant)."""
    audit_record(
        actor_label=APPLICANT_LABEL,
        action=AuditEntry.Action.VIEW,
        subject=case,
        detail="status page",
    )
    return applicant_actions_for(case)


# How each list records what it showed: seen on the list, or taken away in its file.
_LISTED = {
    Purpose.CASE_LIST: (AuditEntry.Action.VIEW, "case list"),
    Purpose.EXPORT: (AuditEntry.Action.EXPORT, "case list download"),
}


def _listed(user: User, cases: Sequence[Application], *, purpose: str, detail: str = "") -> None:
    action, said = _LISTED[Purpose(purpose)]
    audit_record_many(actor=user, action=action, subjects=cases, detail=detail or said, purpose=purpose)


def case_list_page_for(
    user: User, filters: Mapping[str, Any], *, number: Any, per_page: int
) -> Page[CaseRow]:
    """Page `number` of the cases `user` may see that `filters` pick out (`case_list_matching`), as
    rows (`CaseRow`); each case on it recorded in the audit log as seen on the case list. The cases are
    counted only up to a bound (`BoundedPaginator`), so that a page costs the same in a list of 100 or
    100,000 cases."""
    # One more than the pages hold, so the paginator can say there are more.
    paginator = BoundedPaginator(case_list_matching(user, filters, first=pages.COUNT_BOUND + 1), per_page)
    page = paginator.get_page(number)
    cases = list(page)
    _listed(user, cases, purpose=Purpose.CASE_LIST)
    # The page's place among the pages is the paginator's to say; what the page holds, the rows'.
    return Page([CaseRow.of(case) for case in cases], page.number, cast("Paginator[CaseRow]", paginator))


def case_list_export_for(user: User, filters: Mapping[str, Any]) -> Iterator[CaseRow]:
    """Every case `user` may see that `filters` pick out, as rows for the list's CSV file, read as the
    file is sent; each one recorded in the audit log as exported before the first is read, by the
    database in one statement (`audit_record_each`), so the cost does not grow with the cases. (The rows
    are read by a second statement: a case that the user comes to see in the moment between would be
    in the file without its entry, and one that goes out of sight would have an entry it does not need.)"""
    cases = case_list_matching(user, filters)
    action, said = _LISTED[Purpose.EXPORT]
    audit_record_each(actor=user, action=action, subjects=cases, detail=said, purpose=Purpose.EXPORT)
    return case_rows(cases)


@dataclass(frozen=True)
class LinkView:
    """A case as the person answering through an agency's secure link may see it: what an officer of
    that agency sees (`Disclosure` for an agency asked), cut to the page that answers, with the
    reports made to that agency for the answer's checks."""

    case: Application
    request: InformationRequest
    disclosure: Disclosure
    people: list[PersonShown]
    incidents: QuerySet[Any]
    reports: list[Report]


def link_actor_label(link: AnswerLink) -> str:
    """Who opened a secure link, as the audit log names them (an address, not a person's name)."""
    return f"{link.request.agency.name} contact ({link.sent_to}) by secure link"[:100]


def link_opened(link: AnswerLink, *, detail: str) -> None:
    """Record in the audit log that a page of the secure link was shown (`detail` says which)."""
    audit_record(
        actor_label=link_actor_label(link),
        action=AuditEntry.Action.VIEW,
        subject=link.request.application,
        detail=detail,
        purpose=Purpose.FORM,
    )


def case_view_by_link(link: AnswerLink) -> LinkView:
    """The case as the secure link `link` (found usable, its code entered) shows it, recorded in the
    audit log as seen on the link's answer page."""
    request = link.request
    case = request.application
    shown = Disclosure(
        whole_case=False, sensitive=False, correspondence=False, own_agencies=frozenset({request.agency_id})
    )
    link_opened(link, detail="secure link answer page")
    reports = shown.reports(Report.objects.select_related("person", "agency"))
    return LinkView(
        case=case,
        request=request,
        disclosure=shown,
        people=_people(case, shown),
        incidents=case.incidents.prefetch_related(Prefetch("reports", queryset=reports)),
        reports=list(
            reports.filter(incident__application=case)
            .select_related("incident")
            .order_by("incident__position", "position")
        ),
    )
