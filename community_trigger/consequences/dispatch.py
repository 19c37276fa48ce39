"""The one dispatcher: from a case event, its audit entry, the yearly figures it counts in, the letter
to the applicant and the emails to agency officers, all written in the event's own transaction.

`consequences_of` reads only the event (its kind, the move, its facts), so the same rules rebuild the
figures from the history alone (`recount`), and a test can ask what any event causes. `dispatch`
writes what it says. A service never writes any of these by hand: it records its event.

Which event counts in which figure, and on which day (s104: the decisions that the threshold was not
met, the reviews carried out, those that made recommendations; and the others partnerships publish):
- threshold not met, and discretionary review: the decision, when it was made;
- review carried out: the meeting, on the day it was held (not the day its record was written);
- review that made recommendations: a recommendation, on the day of its meeting;
- withdrawn: when the applicant withdrew;
- escalation asked for, and upheld: when it was asked for (by phone or post, the day it was received),
  and when it was decided.
A figure counts an application once a year, however often an escalation takes it through a step.

An event brought in from a spreadsheet of past cases (its facts say "imported") is audited and counted
like any other, but sends nothing: its letters and emails were sent, or not, long ago.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community_trigger.agencies.public_pages import public_pages_changed
from community_trigger.agencies.selectors import agencies_reached
from community_trigger.audit.models import AuditEntry
from community_trigger.audit.services import audit_record
from community_trigger.cases.models import Application, CaseEvent, Channel, Happened, PersonRole
from community_trigger.cases.services.owners import REASSIGNED
from community_trigger.common.calendar import working_days_after
from community_trigger.domain import recommendations as rules
from community_trigger.domain.workflow import UPHELD_RETURNS_TO, State
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.letters.services import letter_send
from community_trigger.notifications.calendar import CANCEL
from community_trigger.notifications.links import NoSiteUrl, site_url
from community_trigger.notifications.messages import (
    ActionDone,
    Attendee,
    CaseOwnerChanged,
    Content,
    InformationDueDateChanged,
    InformationRequested,
    InformationRequestedByLink,
    MeetingInvitation,
    PlanDateChanged,
)
from community_trigger.notifications.models import Message
from community_trigger.notifications.routing import Purpose, SafeContact, route_for
from community_trigger.notifications.senders import sender_of
from community_trigger.notifications.services import message_queue, message_send_safely
from community_trigger.reviews.models import Escalation, Meeting, Recommendation
from community_trigger.reviews.selectors import (
    escalation_window_ends,
    meeting_invitees,
    plan_comments_by,
    took_part_in_review,
)
from community_trigger.sharing.links import answer_link_issue, link_expires_at
from community_trigger.sharing.models import DueDateChange, InformationRequest
from community_trigger.statistics.counting import counted_rows
from community_trigger.statistics.models import Counted

Figure = Counted.Figure
Action = AuditEntry.Action

# A state reached by a move that says what the partnership decided about the threshold.
_DECIDED = {
    State.THRESHOLD_MET: None,
    State.THRESHOLD_NOT_MET: Figure.THRESHOLD_NOT_MET,
    State.DISCRETIONARY_REVIEW: Figure.DISCRETIONARY_REVIEW,
}

# What the audit log says of a change that is not a move.
_CHANGED = {
    Happened.DUE_DATE_CHANGED: (Action.CHANGE, "information request due date for {agency}"),
    Happened.ANSWERED: (Action.CREATE, "information answer from {agency}{how}"),
    Happened.MEETING_CHANGED: (Action.CHANGE, "review meeting changed"),
    Happened.RECOMMENDATION_ADDED: (Action.CREATE, "recommendation"),
    Happened.RECOMMENDATION_UPDATED: (Action.CHANGE, "recommendation"),
    Happened.PLAN_SHARED: (Action.CHANGE, "draft action plan shared"),
    Happened.PLAN_COMMENTS: (Action.CHANGE, "plan comments"),
    Happened.PLAN_FINAL: (Action.CHANGE, "plan final"),
    Happened.LETTER_POSTED: (Action.CHANGE, "{letter} letter posted"),
    Happened.OWNER_CHANGED: (Action.CHANGE, "case owner"),
    Happened.NOTE_ADDED: (Action.CREATE, "case diary entry"),
    Happened.DOCUMENT_ADDED: (Action.CREATE, "document"),
    Happened.CASE_LINKED: (Action.CHANGE, "linked case"),
    Happened.DETAILS_RECORDED: (Action.CHANGE, "places and alleged perpetrators"),
    Happened.RECOMMENDATION_CHANGED: (Action.CHANGE, "recommendation wording or due date"),
    Happened.LETTER_FORMAT_CHANGED: (Action.CHANGE, "letter format"),
    Happened.ANONYMISED: (Action.DELETE, "personal data removed ({why})"),
    Happened.HOLD_PLACED: (Action.CHANGE, "legal hold placed"),
    Happened.HOLD_LIFTED: (Action.CHANGE, "legal hold lifted"),
    Happened.RECTIFIED: (Action.CHANGE, "{record} corrected on request"),
}


# Why a case's personal data was removed, for the audit log (facts["why"]).
_ANONYMISED_WHY = {"retention": "retention period over", "erasure": "erasure request"}

# How an answer came, for the audit log: in the service says nothing more.
_ANSWER_HOW = {"secure_link": " through the secure link", "recorded": ", recorded by the coordinator"}


class Tell:
    """Which agency officers an event's emails go to (by the agencies in its facts)."""

    NOBODY = ""
    ASKED = "asked"  # each asked agency's officers: an information request
    NEW_DUE_DATE = "new_due_date"  # the agency's officers: its answer is due on another day
    NEW_OWNER = "new_owner"  # the coordinator a case was given to by someone else


class TellApplicant:
    """What an event tells the applicant about their action plan, by the ways they said are safe."""

    NOTHING = ""
    ACTION_DONE = "action_done"  # an action of the plan was done (the outcome letter promises it)
    NEW_DUE_DATE = "plan_date_changed"  # an action of the plan they were sent is due on another day


@dataclass(frozen=True)
class Consequences:
    """What one event causes."""

    audit: tuple[str, str]  # (AuditEntry action, detail without personal data)
    figures: tuple[tuple[str, datetime], ...] = ()  # (Counted figure, the moment it counts at)
    letter: LetterKind | None = None  # the letter written to the applicant, if any
    tell: str = Tell.NOBODY
    invite: bool = False  # the meeting's invitations go out: a new version of it
    tell_applicant: str = TellApplicant.NOTHING


def _moment(event: CaseEvent, fact: str) -> datetime:
    """A moment kept in the event's facts (the meeting's start, for a review), else the event's own."""
    value = event.facts.get(fact)
    return datetime.fromisoformat(value) if value else event.at


def _move(event: CaseEvent) -> Consequences:
    was = State(event.from_state) if event.from_state else None
    to = State(event.to_state)
    if was is None:
        return Consequences((Action.CREATE, _received(event.facts.get("channel", ""))))
    audit = (Action.CHANGE, f"{was.value} → {to.value}")
    if was == State.ESCALATED:
        # The escalation decided: upheld when it sends the case back, not upheld when it returns it.
        upheld = to in UPHELD_RETURNS_TO.values()
        figures = ((Figure.ESCALATION_UPHELD, event.at),) if upheld else ()
        return Consequences(audit, figures, letter=Letter.Kind.ESCALATION_DECISION)
    if to == State.ACKNOWLEDGED:
        return Consequences(audit, letter=Letter.Kind.ACKNOWLEDGEMENT)
    if to in _DECIDED:
        figure = _DECIDED[to]
        return Consequences(
            audit, ((figure, event.at),) if figure else (), letter=Letter.Kind.THRESHOLD_DECISION
        )
    if to == State.INFORMATION_REQUESTED:
        return Consequences(audit, tell=Tell.ASKED)
    if to == State.REVIEW_SCHEDULED:
        return Consequences(audit, letter=Letter.Kind.MEETING, invite=True)
    if to == State.REVIEW_HELD:
        return Consequences(audit, ((Figure.REVIEW_CARRIED_OUT, _moment(event, "held_on")),))
    if to == State.OUTCOME_SENT:
        return Consequences(audit, letter=Letter.Kind.OUTCOME)
    if to == State.ESCALATED:
        # Counted on the day the applicant asked: for one by phone or post, the day it was received.
        return Consequences(audit, ((Figure.ESCALATION_REQUESTED, _moment(event, "asked_at")),))
    if to == State.WITHDRAWN:
        return Consequences(audit, ((Figure.WITHDRAWN, event.at),))
    if to == State.CLOSED and was == State.OUTCOME_SENT:
        # The outcome letter promised to write once every action was settled; a case closed after a
        # threshold decision was promised nothing more.
        return Consequences(audit, letter=Letter.Kind.CLOSING)
    return Consequences(audit)  # closed


def _received(channel: str) -> str:
    """How an application came, for the audit log: online, or entered by staff as it came."""
    if channel in ("", Channel.ONLINE):
        return "online"
    return f"entered by staff: received {Channel(channel).how}"


def consequences_of(event: CaseEvent) -> Consequences:
    """What `event` causes, from the event alone: the rules of the whole procedure's side effects."""
    then = _caused(event)
    if event.facts.get("imported"):
        return replace(
            then, letter=None, tell=Tell.NOBODY, invite=False, tell_applicant=TellApplicant.NOTHING
        )
    return then


def _caused(event: CaseEvent) -> Consequences:
    kind = Happened(event.kind)
    if kind == Happened.MOVED:
        return _move(event)
    action, detail = _CHANGED[kind]
    letter = event.facts.get("letter_kind")
    named = {
        "agency": event.facts.get("agency_name", ""),
        "letter": Letter.Kind(letter).label.lower() if letter else "",
        "how": _ANSWER_HOW.get(event.facts.get("source", ""), ""),
        # Anonymisation: "retention period over" or "erasure request"; a correction: which record.
        "why": _ANONYMISED_WHY.get(event.facts.get("why", ""), "retention period over"),
        "record": event.facts.get("record", "record"),
    }
    audit = (action, detail.format(**named))
    if kind == Happened.DUE_DATE_CHANGED:
        return Consequences(audit, tell=Tell.NEW_DUE_DATE)
    if kind == Happened.MEETING_CHANGED:
        told = Letter.Kind.MEETING if event.facts.get("applicant_told") else None
        return Consequences(audit, letter=told, invite=True)
    if kind == Happened.RECOMMENDATION_ADDED:
        return Consequences(audit, ((Figure.REVIEW_WITH_RECOMMENDATIONS, _moment(event, "held_on")),))
    if kind == Happened.PLAN_SHARED:
        return Consequences(audit, letter=Letter.Kind.ACTION_PLAN)
    if kind == Happened.OWNER_CHANGED and event.facts.get("rule") == REASSIGNED:
        # A case given by the rule as it arrives is found on the owner's worklist; one given by a
        # colleague comes as a surprise, so it is told.
        return Consequences(audit, tell=Tell.NEW_OWNER)
    # The applicant hears of an action only once they were sent the plan it is in.
    shared = bool(event.facts.get("plan_shared"))
    if kind == Happened.RECOMMENDATION_UPDATED and shared and event.facts.get("to") == rules.Status.DONE:
        return Consequences(audit, tell_applicant=TellApplicant.ACTION_DONE)
    moved = event.facts.get("due_by") != event.facts.get("was_due_by")
    if kind == Happened.RECOMMENDATION_CHANGED and shared and moved:
        return Consequences(audit, tell_applicant=TellApplicant.NEW_DUE_DATE)
    return Consequences(audit)


def dispatch(event: CaseEvent) -> None:
    """Write everything `event` causes, in its transaction (see `consequences_of`)."""
    then = consequences_of(event)
    application = event.application
    action, detail = then.audit
    audit_record(
        actor=event.actor,
        actor_label="" if event.actor else event.actor_label,
        action=action,
        subject=application,
        detail=detail,
    )
    _count(application.partnership_id, application.pk, then.figures)
    if event.to_state or then.figures:
        # The public figures count applications by where they stand, and these counts.
        public_pages_changed(application.partnership_id)
    if then.letter:
        letter_send(
            application=application,
            kind=then.letter,
            context=_letter_context(event, then.letter),
            actor=event.actor,
            now=event.at,
        )
    if then.tell == Tell.NEW_OWNER:
        _tell_owner(event)
    elif then.tell:
        _tell_officers(event, then.tell)
    if then.invite:
        _invite(event)
    if then.tell_applicant:
        _tell_applicant(event, then.tell_applicant)


def _tell_owner(event: CaseEvent) -> None:
    """Email the coordinator the case was given to, with the link to it (no personal data)."""
    application = event.application
    owner = get_user_model().objects.filter(pk=event.facts["owner"], is_active=True).first()
    if owner is None or not owner.email:
        return
    content = CaseOwnerChanged(
        reference=application.reference,
        partnership_name=application.partnership.name,
        given_by=event.actor_label,
        link=f"{settings.SITE_URL}{reverse('cases:detail', args=[application.reference])}",
    )
    message_queue(
        key=f"case_owner_changed:{event.pk}", to=owner.email, content=content, case_id=application.pk
    )


def _count(partnership_id: int, application_id: int, figures: Iterable[tuple[str, datetime]]) -> None:
    rows = [
        row
        for figure, at in figures
        for row in counted_rows(
            Counted, partnership_id=partnership_id, application_id=application_id, figure=figure, at=at
        )
    ]
    if rows:
        Counted.objects.bulk_create(rows, ignore_conflicts=True)


def _escalate_by(application: Application, at: datetime) -> date:
    return working_days_after(timezone.localdate(at), application.partnership.escalation_window_days)


def _letter_context(event: CaseEvent, kind: LetterKind) -> dict[str, Any]:
    """What the letter of `kind` caused by `event` says, from the records its facts name."""
    application = event.application
    if kind == Letter.Kind.THRESHOLD_DECISION:
        return {
            "decision": application.decisions.order_by("-decided_at", "-pk").first(),
            "escalate_by": _escalate_by(application, event.at),
        }
    if kind == Letter.Kind.ESCALATION_DECISION:
        return {
            "escalation": Escalation.objects.get(pk=event.facts["escalation"]),
            # It speaks of a threshold decision, not a review, when that is what was escalated.
            "of_a_decision": bool(event.facts.get("of_a_decision")),
        }
    if kind == Letter.Kind.ACKNOWLEDGEMENT:
        return {}
    if kind == Letter.Kind.PLAN_UPDATE:
        return _plan_news(event)[1]
    if kind == Letter.Kind.CLOSING:
        return _closing(event)
    meeting = Meeting.objects.get(pk=event.facts["meeting"])
    if kind == Letter.Kind.MEETING:
        return {"meeting": meeting, "changed": event.kind == Happened.MEETING_CHANGED}
    if kind == Letter.Kind.ACTION_PLAN:
        return {
            "meeting": meeting,
            "recommendations": list(meeting.recommendations.select_related("agency")),
            "comments_by": plan_comments_by(application.partnership, event.at),
        }
    return {  # the outcome
        "meeting": meeting,
        "agencies": took_part_in_review(meeting),
        "agreed": list(
            meeting.recommendations.filter(status__in=rules.AGREED)
            .select_related("agency")
            .order_by("due_by")
        ),
        "incidents": list(application.incidents.order_by("date")),
        "escalate_by": _escalate_by(application, event.at),
    }


def _tell_officers(event: CaseEvent, tell: str) -> None:
    """Email whoever may answer for each agency the event concerns: its officers, by their roles; an
    agency with none gets its request at its contact address, with a secure link to answer it."""
    application = event.application
    if tell == Tell.ASKED:
        requests = list(
            InformationRequest.objects.filter(pk__in=event.facts.get("requests", [])).select_related("agency")
        )
    else:
        change = DueDateChange.objects.select_related("request__agency").get(pk=event.facts["change"])
        requests = [change.request]
    reached = agencies_reached(
        [request.agency for request in requests], partnership_id=application.partnership_id
    )
    for request in requests:
        reach = reached[request.agency_id]
        for officer in reach.officers:
            _tell(event, tell, request, officer.user.email, f"{officer.user_id}")
        if reach.contact_address:
            _tell(event, tell, request, reach.contact_address, "contact")


def _tell(event: CaseEvent, tell: str, request: InformationRequest, to: str, who: str) -> None:
    """One email about `request` to `to`: an officer (`who` is their id) or the agency's contact
    address (`who` is "contact"), which is sent a secure link to answer with when it is asked."""
    application = event.application
    agency = request.agency
    content: Content
    if tell == Tell.NEW_DUE_DATE:
        key = f"information_due_date_changed:{event.facts['change']}:{who}"
        content = InformationDueDateChanged(
            reference=application.reference,
            partnership_name=application.partnership.name,
            agency_name=agency.name,
            due_by=date.fromisoformat(event.facts["due_by"]),
            was_due_by=date.fromisoformat(event.facts["was_due_by"]),
            by_link=who == "contact",
        )
    elif who == "contact":
        key = f"information_requested:{request.pk}:contact"
        token = answer_link_issue(request=request, to=to, now=event.at)
        content = InformationRequestedByLink(
            reference=application.reference,
            partnership_name=application.partnership.name,
            agency_name=agency.name,
            due_by=request.due_by,
            link=f"{settings.SITE_URL}{reverse('sharing:link', args=[token])}",
            expires=timezone.localdate(link_expires_at(request.due_by)),
        )
    else:
        key = f"information_requested:{request.pk}:{who}"
        content = InformationRequested(
            reference=application.reference,
            partnership_name=application.partnership.name,
            agency_name=agency.name,
            due_by=request.due_by,
            link=_case_url(application.reference),
        )
    message_queue(key=key, to=to, content=content, case_id=application.pk)


def _case_url(reference: str) -> str:
    """The case page's address for an officer who signs in; "" where the site's address is not set."""
    try:
        return site_url(reverse("cases:detail", args=[reference]))
    except NoSiteUrl:
        return ""


# Meetings are arranged by their start alone; calendars are given this long for them.
MEETING_LENGTH = timedelta(hours=2)


def _invitation_sequence(event: CaseEvent, meeting: Meeting) -> int:
    """Which version of the meeting `event` makes: 0 when arranged, then one more for each change."""
    change = event.facts.get("change")
    return meeting.changes.filter(pk__lte=change).count() if change else 0


def _invite(event: CaseEvent) -> None:
    """Send this version of the meeting to everyone invited to it, each once, with a calendar file; and
    tell anyone invited before who no longer is that it is off their calendar."""
    application = event.application
    meeting = Meeting.objects.select_related("application__partnership").get(pk=event.facts["meeting"])
    partnership = application.partnership
    sequence = _invitation_sequence(event, meeting)
    invitees = meeting_invitees(meeting)
    prefix = f"meeting_invitation:{meeting.pk}:"
    values: dict[str, Any] = {
        "reference": application.reference,
        "partnership_name": partnership.name,
        "organizer_email": partnership.email or settings.DEFAULT_FROM_EMAIL,
        # One for good per meeting, so each version replaces the one before in a calendar.
        "uid": f"review-meeting-{meeting.pk}-{application.reference.lower()}@community-trigger",
        "sequence": sequence,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.starts_at + MEETING_LENGTH,
        "place": meeting.place,
        "online_link": meeting.online_link,
        "attendees": [Attendee(email=invitee.email, name=invitee.name) for invitee in invitees],
    }
    for invitee in invitees:
        message_queue(
            key=f"{prefix}{sequence}:{invitee.who}",
            to=invitee.email,
            content=MeetingInvitation(**values),
            case_id=application.pk,
        )
    # Each earlier invitee's latest message: those no longer invited, not yet told, get a cancellation.
    latest: dict[str, tuple[int, str, bool]] = {}
    for key, to in Message.objects.filter(case_id=application.pk, key__startswith=prefix).values_list(
        "key", "to"
    ):
        _, _, version, who, *cancel = key.split(":")
        if int(version) < sequence and int(version) >= latest.get(who, (-1, "", False))[0]:
            latest[who] = (int(version), to, bool(cancel))
    still = {invitee.who for invitee in invitees}
    for who, (_, to, told) in sorted(latest.items()):
        if who not in still and not told:
            message_queue(
                key=f"{prefix}{sequence}:{who}:cancel",
                to=to,
                content=MeetingInvitation(**(values | {"method": CANCEL, "attendees": []})),
                case_id=application.pk,
            )


def _plan_news(event: CaseEvent) -> tuple[Recommendation, dict[str, Any]]:
    """The action of the plan an event is about, and what the applicant is told of it."""
    recommendation = Recommendation.objects.select_related("agency", "meeting").get(
        pk=event.facts["recommendation"]
    )
    news: dict[str, Any] = {
        "recommendation": recommendation,
        "done": event.kind == Happened.RECOMMENDATION_UPDATED,
    }
    if event.kind == Happened.RECOMMENDATION_CHANGED:
        news["was_due_by"] = date.fromisoformat(event.facts["was_due_by"])
    else:
        news["remaining"] = recommendation.meeting.recommendations.filter(
            status__in=[rules.Status.ACCEPTED, rules.Status.IN_PROGRESS]
        ).count()
    return recommendation, news


def _tell_applicant(event: CaseEvent, what: str) -> None:
    """Tell the applicant news of their plan the way they said is safe: an email or a text, else a
    letter for post when only post is safe, else a message held for staff to find another way."""
    application = event.application
    contact = SafeContact.of_person(application.people.get(role=PersonRole.APPLICANT))
    if route_for(contact, Purpose.NOTICE) is None and route_for(contact, Purpose.LETTER) is not None:
        letter_send(
            application=application,
            kind=Letter.Kind.PLAN_UPDATE,
            context=_plan_news(event)[1],
            actor=event.actor,
            now=event.at,
        )
        return
    recommendation, news = _plan_news(event)
    sender = sender_of(application)
    content: Content
    if what == TellApplicant.ACTION_DONE:
        key = f"action_done:{recommendation.pk}"
        content = ActionDone(
            language=application.language,
            reference=application.reference,
            partnership=sender,
            agency_name=recommendation.agency.name,
            action=recommendation.action,
            remaining=news["remaining"],
        )
    else:
        key = f"plan_date_changed:{event.facts['change']}"
        content = PlanDateChanged(
            language=application.language,
            reference=application.reference,
            partnership=sender,
            agency_name=recommendation.agency.name,
            action=recommendation.action,
            due_by=recommendation.due_by,
            was_due_by=news["was_due_by"],
        )
    message_send_safely(key=key, contact=contact, content=content, case_id=application.pk)


def _closing(event: CaseEvent) -> dict[str, Any]:
    """What the closing letter says: each action the organisations agreed in the latest plan, as it
    ended, and until when the applicant may still ask for an escalation."""
    application = event.application
    meeting = application.meetings.filter(held=True).order_by("-starts_at", "-pk").first()
    agreed = (
        list(
            meeting.recommendations.filter(status__in=rules.AGREED)
            .select_related("agency")
            .order_by("due_by")
        )
        if meeting
        else []
    )
    escalate_by = escalation_window_ends(application)
    return {
        "meeting": meeting,
        "agreed": agreed,
        "escalate_by": escalate_by if escalate_by and escalate_by >= timezone.localdate(event.at) else None,
    }


def _counted_in_history(partnership_ids: list[int]) -> Iterator[Any]:
    events = (
        CaseEvent.objects.filter(application__partnership_id__in=partnership_ids)
        .select_related("application")
        .order_by("pk")
    )
    for event in events.iterator(chunk_size=5000):
        for figure, at in consequences_of(event).figures:
            yield from counted_rows(
                Counted,
                partnership_id=event.application.partnership_id,
                application_id=event.application_id,
                figure=figure,
                at=at,
            )


def recount(partnership_ids: Iterable[int]) -> int:
    """Rebuild these partnerships' counts from their cases' history alone, by the same rules that
    count each event as it happens; answers how many rows it wrote (one per year basis)."""
    ids = list(partnership_ids)
    seen: set[tuple[int, str, str, int]] = set()
    batch: list[Any] = []
    with transaction.atomic():
        Counted.objects.filter(partnership_id__in=ids).delete()
        for row in _counted_in_history(ids):
            key = (row.application_id, row.figure, row.year_basis, row.year_start)
            if key not in seen:  # once a year, as the unique constraint has it
                seen.add(key)
                batch.append(row)
        Counted.objects.bulk_create(batch, batch_size=10000)
        for partnership_id in ids:
            public_pages_changed(partnership_id)
    return len(batch)
