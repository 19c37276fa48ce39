"""Writes for information sharing: ask every agency what it knows, give one more time to answer, and
record an agency's answer. Each locks the case first and records its event; the emails to the agencies
follow from the event (community_trigger/consequences)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.services import TransitionRefused, case_lock, case_transition, step_check
from community_trigger.common.calendar import bank_holidays_between, working_days_after
from community_trigger.common.dates import long_date
from community_trigger.domain.access import Capability
from community_trigger.domain.actions import Action, Why
from community_trigger.domain.workflow import State
from community_trigger.domain.working_days import is_working_day
from community_trigger.sharing.links import (
    LinkNotUsable,
    answer_links_extend,
    link_code_entered,
    link_label,
    link_lock,
    link_usable,
)
from community_trigger.sharing.models import (
    AnswerLink,
    AnswerSource,
    DueDateChange,
    DueDateChangeWords,
    InformationRequest,
    InformationResponse,
    ReceivedVia,
    ReportCheck,
)


@transaction.atomic
def information_request_all(
    *, application: Application, actor: Any, now: datetime | None = None
) -> list[InformationRequest]:
    """Ask every agency of the partnership what it knows (s104(3)(b)), each with a due date from the
    partnership's timescales; the move tells each agency's officers."""
    now = now or timezone.now()
    locked = case_lock(application)
    step_check(locked, Action.REQUEST_INFORMATION, actor=actor, refused=TransitionRefused, now=now)
    due = working_days_after(timezone.localdate(now), locked.partnership.respond_within_days)
    requests = [
        InformationRequest.objects.create(
            application=locked, agency=agency, requested_by=actor, requested_at=now, due_by=due
        )
        for agency in locked.partnership.agencies.all()
    ]
    case_transition(
        application=locked,
        to=State.INFORMATION_REQUESTED,
        actor=actor,
        reason="Information requested from every agency",
        facts={"requests": [request.pk for request in requests]},
        now=now,
    )
    return requests


class AlreadyAnswered(Exception):
    """The agency has answered this request already."""


class AnswerNotWanted(Exception):
    """The case no longer takes this agency's answer: the message says why."""


class DueDateRefused(Exception):
    """The information request's due date cannot be changed like this: the message says why, and
    `field` which of the request's inputs ("due_by" or "reason") it is about."""

    def __init__(self, message: str, *, field: str = "due_by") -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def information_request_due_date_change(
    *, request: InformationRequest, due_by: date, reason: str, actor: Any, now: datetime | None = None
) -> DueDateChange:
    """Give an agency a new date to answer by, agreed with it: a working day from today on, with the
    reason kept beside the old and new dates. The agency's officers are told; the reminders follow
    the new date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    case = case_lock(request.application)
    request = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("application__partnership", "agency")
        .get(pk=request.pk)
    )
    answered = f"{request.agency.name} has answered already"
    step_check(
        case,
        Action.CHANGE_DUE_DATE,
        actor=actor,
        refused=lambda message: DueDateRefused(message, field=""),
        because={Why.EVERY_AGENCY_ANSWERED: lambda _: AlreadyAnswered(answered)},
        now=now,
    )
    if request.answered_at is not None:
        raise AlreadyAnswered(answered)
    if due_by < today:
        raise DueDateRefused(_("The new due date must be today or in the future"))
    if due_by == request.due_by:
        raise DueDateRefused(_("The answer is already due by %(day)s") % {"day": long_date(due_by)})
    if not is_working_day(due_by, bank_holidays_between(due_by, due_by)):
        raise DueDateRefused(
            _("Choose a working day: %(day)s is a weekend or a bank holiday") % {"day": long_date(due_by)}
        )
    if not reason.strip():
        raise DueDateRefused(_("Say why the due date is changing"), field="reason")
    was_due_by = request.due_by
    change = DueDateChange.objects.create(
        request=request, changed_at=now, changed_by=actor, was_due_by=was_due_by, due_by=due_by
    )
    DueDateChangeWords.objects.create(change=change, text=reason.strip())
    request.due_by = due_by
    request.save(update_fields=["due_by"])
    answer_links_extend(request=request)
    event_record(
        application=request.application,
        kind=Happened.DUE_DATE_CHANGED,
        actor=actor,
        at=now,
        facts={
            "change": change.pk,
            "agency": request.agency_id,
            "agency_name": request.agency.name,
            "was_due_by": was_due_by,
            "due_by": due_by,
        },
    )
    return change


@transaction.atomic
def information_answer(
    *,
    request: InformationRequest,
    checks: Mapping[int, Mapping[str, str]],
    action_taken: str,
    outcome: str,
    other_history: str,
    risk: str,
    risk_sensitive: bool,
    actor: Any,
    now: datetime | None = None,
) -> InformationResponse:
    """Record an agency's answer, given in the service by one of its officers, with a check of each
    report the applicant listed against it.

    `checks` maps a report's id to its finding, the agency's own reference and a note.
    """
    now = now or timezone.now()
    # The case first, as every step that moves it locks it: a withdrawal at the same moment either
    # comes before this answer, which is then refused, or waits for it.
    case = case_lock(request.application)
    step_check(
        case,
        Action.ANSWER_REQUEST,
        actor=actor,
        refused=AnswerNotWanted,
        because={Why.ALREADY_ANSWERED: AlreadyAnswered},
        now=now,
    )
    locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
    # The rulebook speaks of the case; the request is one agency's, and only its officers answer it.
    if locked.agency_id not in StaffAccess(actor).agencies_where(Capability.ANSWER_INFORMATION_REQUESTS):
        raise AnswerNotWanted(
            _("Only %(agency)s can answer its own request") % {"agency": locked.agency.name}
        )
    return _answer_write(
        case=case,
        request=locked,
        answer=Answer(checks, action_taken, outcome, other_history, risk, risk_sensitive),
        provenance=Provenance(source=AnswerSource.SERVICE),
        actor=actor,
        now=now,
    )


@dataclass(frozen=True)
class Answer:
    """What an agency answers, however it answers: the same fields and report checks each way.
    `checks` maps a report's id to its finding, the agency's own reference and a note."""

    checks: Mapping[int, Mapping[str, str]]
    action_taken: str
    outcome: str
    other_history: str = ""
    risk: str = ""
    risk_sensitive: bool = False


@dataclass(frozen=True)
class Provenance:
    """Where an answer came from: in the service, through the secure link (who answered, in what
    role), or sent another way and recorded by the coordinator (who sent it, how and when)."""

    source: str
    sender_name: str = ""
    sender_role: str = ""
    received_via: str = ""
    received_at: datetime | None = None


def _answer_write(
    *,
    case: Application,
    request: InformationRequest,
    answer: Answer,
    provenance: Provenance,
    actor: Any,
    now: datetime,
    actor_label: str = "",
) -> InformationResponse:
    """The one way an answer is kept, whichever way it came: the caller has locked the case and the
    request and checked that this answer may be given."""
    if request.answered_at is not None:
        raise AlreadyAnswered(f"{request.agency} has already answered")
    response = InformationResponse.objects.create(
        request=request,
        action_taken=answer.action_taken,
        outcome=answer.outcome,
        other_history=answer.other_history,
        risk=answer.risk,
        risk_sensitive=answer.risk_sensitive,
        answered_by=actor,
        answered_at=now,
        source=provenance.source,
        sender_name=provenance.sender_name,
        sender_role=provenance.sender_role,
        received_via=provenance.received_via,
        received_at=provenance.received_at,
    )
    ReportCheck.objects.bulk_create(
        ReportCheck(
            response=response,
            report_id=report_id,
            finding=check["finding"],
            their_reference=check.get("their_reference", ""),
            note=check.get("note", ""),
        )
        for report_id, check in answer.checks.items()
    )
    request.answered_at = now
    request.save(update_fields=["answered_at"])
    event_record(
        application=case,
        kind=Happened.ANSWERED,
        actor=actor,
        actor_label=actor_label,
        at=now,
        facts={
            "request": request.pk,
            "agency": request.agency_id,
            "agency_name": request.agency.name,
            "source": provenance.source,
        },
    )
    return response


class RecordRefused(Exception):
    """The answer cannot be recorded like this: the message says why, and `field` which input."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def information_answer_record(
    *,
    request: InformationRequest,
    answer: Answer,
    sender_name: str,
    sender_role: str,
    received_via: str,
    received_at: datetime,
    actor: Any,
    now: datetime | None = None,
) -> InformationResponse:
    """The coordinator writes down an answer an agency sent by email, phone or letter, or gave at a
    meeting: who sent it, in what role, how and when it came, and the answer itself. It counts as the
    agency's answer, as one given in the service does."""
    now = now or timezone.now()
    case = case_lock(request.application)
    step_check(
        case,
        Action.RECORD_ANSWER,
        actor=actor,
        refused=AnswerNotWanted,
        because={Why.EVERY_AGENCY_ANSWERED: AlreadyAnswered},
        now=now,
    )
    locked = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=request.pk, application=case)
    )
    if not sender_name.strip():
        raise RecordRefused(_("Enter the name of the person who sent the answer"), field="sender_name")
    if received_via not in ReceivedVia.values:
        raise RecordRefused(_("Select how the answer came"), field="received_via")
    if received_at > now:
        raise RecordRefused(_("The day it was received must be today or in the past"), field="received_on")
    if timezone.localdate(received_at) < timezone.localdate(locked.requested_at):
        raise RecordRefused(
            _("The day it was received must be on or after the day it was asked for, %(day)s")
            % {"day": long_date(timezone.localdate(locked.requested_at))},
            field="received_on",
        )
    return _answer_write(
        case=case,
        request=locked,
        answer=answer,
        provenance=Provenance(
            source=AnswerSource.RECORDED,
            sender_name=sender_name.strip(),
            sender_role=sender_role.strip(),
            received_via=received_via,
            received_at=received_at,
        ),
        actor=actor,
        now=now,
    )


@transaction.atomic
def information_answer_by_link(
    *,
    link: AnswerLink,
    answer: Answer,
    sender_name: str,
    sender_role: str,
    now: datetime | None = None,
) -> InformationResponse:
    """Record the agency's answer given through its secure link by the person named: it counts as the
    agency's answer, as one given in the service does, and the link is then used up."""
    now = now or timezone.now()
    case = case_lock(link.request.application)
    link = link_usable(link_lock(link), now)
    # The page asks for the code first; the service refuses an answer without it all the same.
    if not link_code_entered(link):
        raise LinkNotUsable(LinkNotUsable.CLOSED)
    if not sender_name.strip():
        raise RecordRefused(_("Enter your name"), field="sender_name")
    request = (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=link.request_id)
    )
    link.used_at = now
    link.save(update_fields=["used_at"])
    return _answer_write(
        case=case,
        request=request,
        answer=answer,
        provenance=Provenance(
            source=AnswerSource.SECURE_LINK, sender_name=sender_name.strip(), sender_role=sender_role.strip()
        ),
        actor=None,
        actor_label=link_label(sender_name.strip(), request.agency.name),
        now=now,
    )
