"""Reads for documents: the one rule for "may this person see this document", the documents section of
the case page, the download (recorded in the audit log), and where a person may add a document.

A document follows the part of the case it belongs to: an agency's answer (as `Disclosure` reads
answers), a review meeting (its panel and whoever sees the whole case), a diary entry (the diary's
rule), or, of the case alone, its own visibility. A sensitive document is, on top of that, only for
those who see sensitive information (the coordinators and the panel chair) and the agency that gave it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record, audit_view
from community_trigger.cases.models import Application
from community_trigger.cases.selectors import Disclosure, case_actions_for, case_disclosure_for, case_get_for
from community_trigger.diary.models import Entry, Visibility
from community_trigger.diary.selectors import DiaryReader
from community_trigger.documents.models import Document
from community_trigger.domain.access import Capability
from community_trigger.domain.actions import Action
from community_trigger.reviews.models import Meeting
from community_trigger.sharing.models import InformationResponse

User = AbstractBaseUser | AnonymousUser


class Part(StrEnum):
    """What a document is added to, as its upload page's address names it."""

    CASE = "case"
    ANSWER = "answer"
    MEETING = "meeting"
    ENTRY = "entry"


@dataclass(frozen=True)
class Reader:
    """Who is reading one case's documents, with everything the rule asks about them read once."""

    user_id: int | None
    disclosure: Disclosure
    coordinator: bool  # manages the partnership's cases
    panels: frozenset[int]  # the case's meetings whose panel they sit on
    answering: frozenset[int]  # agencies they answer information requests for


def reader_for(user: User, case: Application, shown: Disclosure | None = None) -> Reader:
    access = StaffAccess(user)
    signed_in = user.pk if user.is_authenticated else None
    panels: frozenset[int] = frozenset()
    if signed_in is not None:
        panels = frozenset(
            Meeting.panel.through.objects.filter(meeting__application=case, user_id=signed_in).values_list(
                "meeting_id", flat=True
            )
        )
    return Reader(
        user_id=signed_in,
        disclosure=shown or case_disclosure_for(user, case),
        coordinator=access.can(Capability.MANAGE_CASES, case.partnership_id),
        panels=panels,
        answering=frozenset(access.agencies_where(Capability.ANSWER_INFORMATION_REQUESTS)),
    )


def entry_readable(reader: Reader, entry: Entry) -> bool:
    """Whether `reader` (who sees the case) may read the diary entry `entry`, and so what is attached
    to it: the diary's own rule (`diary.selectors.DiaryReader`), never a copy of it."""
    diary_reader = DiaryReader(user_id=reader.user_id, sees_case=True, reads_all=reader.coordinator)
    return diary_reader.reads(visibility=entry.visibility, written_by_id=entry.written_by_id)


def _answer_readable(reader: Reader, response: InformationResponse) -> bool:
    """As `Disclosure` reads an answer on the case page: the whole case's viewers and the agency that
    gave it; one whose risk note the agency marked sensitive, as its risk note: not the auditor."""
    shown = reader.disclosure
    own = response.request.agency_id in shown.own_agencies
    if response.risk_sensitive:
        return own or (shown.whole_case and shown.sensitive)
    return own or shown.whole_case


def may_see(reader: Reader, document: Document) -> bool:
    """The one rule: may `reader` (who sees the case) see `document`? See the module."""
    shown = reader.disclosure
    if document.sensitive and not (shown.sensitive or document.agency_id in shown.own_agencies):
        return False
    if document.response is not None:
        return _answer_readable(reader, document.response)
    if document.meeting_id is not None:
        return shown.whole_case or document.meeting_id in reader.panels
    if document.entry is not None:
        return entry_readable(reader, document.entry)
    if document.visibility == Visibility.AGENCIES:
        return True
    return reader.coordinator or (reader.user_id is not None and document.uploaded_by_id == reader.user_id)


@dataclass(frozen=True)
class DocumentShown:
    document: Document
    part: Part
    uploaded_by: str


@dataclass(frozen=True)
class DocumentsView:
    """The documents section of a case page, for one viewer: what they may see, and where they may
    add one (the case itself; these answers and meetings)."""

    documents: list[DocumentShown]
    add_to_case: bool
    add_to_answers: frozenset[int] = field(default_factory=frozenset)
    add_to_meetings: frozenset[int] = field(default_factory=frozenset)


def _part_of(document: Document) -> Part:
    if document.response_id is not None:
        return Part.ANSWER
    if document.meeting_id is not None:
        return Part.MEETING
    if document.entry_id is not None:
        return Part.ENTRY
    return Part.CASE


def _uploader(document: Document) -> str:
    if document.uploaded_by is None:
        return document.uploaded_by_label
    return str(document.uploaded_by.get_full_name() or document.uploaded_by.get_username())


def _documents_of(case: Application) -> QuerySet[Document]:
    return case.documents.select_related(
        "response__request__agency", "entry", "uploaded_by", "agency", "meeting"
    ).order_by("-uploaded_at", "-pk")


def documents_view_for(user: User, case: Application, shown: Disclosure) -> DocumentsView:
    """The case's documents `user` may see, newest first, and where they may add one. One case's
    documents are few (tens), so the rule is applied to each in Python, from one query."""
    reader = reader_for(user, case, shown)
    documents = [
        DocumentShown(document=document, part=_part_of(document), uploaded_by=_uploader(document))
        for document in _documents_of(case)
        if may_see(reader, document)
    ]
    asked = set(case.information_requests.values_list("agency_id", flat=True))
    answers = InformationResponse.objects.filter(request__application=case)
    if not reader.coordinator:
        answers = answers.filter(request__agency_id__in=reader.answering)
    meetings = case.meetings.all()
    if not reader.coordinator:
        meetings = meetings.filter(chair_id=reader.user_id) if reader.user_id else meetings.none()
    return DocumentsView(
        documents=documents,
        add_to_case=reader.coordinator or bool(asked & reader.answering),
        add_to_answers=frozenset(answers.values_list("pk", flat=True)),
        add_to_meetings=frozenset(meetings.values_list("pk", flat=True)),
    )


def document_download_for(user: User, reference: str, document_id: int) -> Document:
    """The document `document_id` of the case `reference`, for someone who may see it; 404 for anyone
    else, so nobody learns it exists. The download is recorded in the audit log (by its id, never
    its name, which may say what it is about)."""
    case = case_get_for(user, reference)
    document = _documents_of(case).filter(pk=document_id).first()
    if document is None or not may_see(reader_for(user, case), document):
        raise Http404
    audit_record(
        actor=user,
        action=AuditEntry.Action.EXPORT,
        subject=case,
        detail=f"document {document.pk} downloaded",
        purpose=AuditEntry.Purpose.DOCUMENT,
    )
    return document


@dataclass(frozen=True)
class Target:
    """Where a document is being added: the case, and the part of it (or none), with the agency
    that gives it (None for the partnership's own)."""

    case: Application
    part: Part
    response: InformationResponse | None = None
    meeting: Meeting | None = None
    entry: Entry | None = None
    agency_id: int | None = None


def upload_target_for(user: User, reference: str, part: Part, part_id: int = 0) -> Target:
    """Where `user` may add a document: 404 for a case, or part of it, they may not see; 403 when they
    see it but may not add to it. The coordinators add anywhere; an agency officer to their own
    agency's answer and to a case their agency was asked about; a meeting's chair to their meeting;
    a diary entry's author to their entry. The upload page's look at the case is recorded in the
    audit log, as every step's page is."""
    target = _target(user, case_get_for(user, reference), part, part_id)
    audit_view(
        actor=user, subject=target.case, purpose=AuditEntry.Purpose.FORM, detail=f"add a document ({part})"
    )
    return target


def _target(user: User, case: Application, part: Part, part_id: int) -> Target:
    if not case_actions_for(user, case)[Action.ADD_DOCUMENT]:
        raise PermissionDenied
    reader = reader_for(user, case)
    if part == Part.CASE:
        if reader.coordinator:
            return Target(case, part)
        asked = case.information_requests.filter(agency_id__in=reader.answering).order_by("pk").first()
        if asked is None:
            raise PermissionDenied
        return Target(case, part, agency_id=asked.agency_id)
    if part == Part.ANSWER:
        response = (
            InformationResponse.objects.select_related("request__agency")
            .filter(request__application=case, pk=part_id)
            .first()
        )
        if response is None or not _answer_readable(reader, response):
            raise Http404
        if not (reader.coordinator or response.request.agency_id in reader.answering):
            raise PermissionDenied
        return Target(case, part, response=response, agency_id=response.request.agency_id)
    if part == Part.MEETING:
        meeting = case.meetings.filter(pk=part_id).first()
        if meeting is None:
            raise Http404
        if not (reader.coordinator or meeting.chair_id == reader.user_id):
            raise PermissionDenied
        return Target(case, part, meeting=meeting)
    entry = Entry.objects.filter(application=case, pk=part_id).first()
    if entry is None or not entry_readable(reader, entry):
        raise Http404
    if not (reader.coordinator or entry.written_by_id == reader.user_id):
        raise PermissionDenied
    return Target(case, part, entry=entry, agency_id=entry.written_for_id)
