"""Writes for the review: schedule and record the meeting, recommend, consult the applicant on the
action plan, send the outcome, close the case, and ask for and decide an escalation.

Each is one transaction that locks the case first and ends by recording its event: a move through
`cases.services.case_transition`, which checks the workflow table, any other change through
`cases.history.event_record`. The letters, emails, counts and audit entries follow from the event
(community_trigger/consequences); nothing here writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.agencies.selectors import StaffAccess
from community_trigger.cases.history import event_record, moves_of
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.services import case_lock, case_transition
from community_trigger.common.calendar import bank_holidays, working_days_after
from community_trigger.domain import recommendations as rules
from community_trigger.domain.access import Capability, Role, capabilities
from community_trigger.domain.workflow import State, after_escalation, closed_after, escalation_possible
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.reviews.models import (
    AgencySummary,
    Escalation,
    Meeting,
    MeetingChange,
    MeetingChangeWords,
    PanelSeat,
    Recommendation,
    RecommendationUpdate,
    RecommendationUpdateWords,
    VictimInvolvement,
)
from community_trigger.sharing.selectors import asked_about, unanswered


class ReviewRefused(Exception):
    """The review cannot take this step: the message says why, in words for the member of staff, and
    `field` names the input it is about, when it is about one (a form shows it there)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _refuse_unless(condition: bool, message: str, *, field: str | None = None) -> None:
    if not condition:
        raise ReviewRefused(message, field=field)


def _partnership_staff(partnership_id: int) -> Q:
    return Q(memberships__agency__partnership_id=partnership_id)


def _memberships(user: Any, partnership_id: int) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, agency__partnership_id=partnership_id)
        .select_related("agency")
        .order_by("agency__name", "pk")
    )


def under_review(application: Application, agencies: Iterable[Agency]) -> set[int]:
    """The agencies whose response the review looks at: every agency asked about the case, and every
    agency attending the meeting."""
    return asked_about(application) | {agency.pk for agency in agencies}


def _arranged(
    *,
    application: Application,
    starts_at: datetime,
    was_starts_at: datetime | None = None,
    now: datetime,
    place: str,
    online_link: str,
    chair: Any,
    chair_independent: bool,
    agencies: list[Agency],
    panel: list[Any],
    victim_involvement: str,
    not_invited_reason: str,
) -> dict[str, Any]:
    """Refuse a meeting's arrangements that the review cannot work with (see `meeting_schedule`), and
    answer them as the meeting stores them, field by field. A meeting is arranged, or moved, only to a
    time still to come (`was_starts_at`: when it was before a change, which may stay as it is)."""
    partnership_id = application.partnership_id
    if starts_at != was_starts_at:
        _refuse_unless(starts_at > now, gettext("The meeting must be in the future"), field="day")
    _refuse_unless(
        bool(place.strip() or online_link.strip()), "Give the place of the meeting or its online link"
    )
    _refuse_unless(
        StaffAccess(chair).can(Capability.CHAIR_REVIEWS, partnership_id),
        "The chair must be one of the partnership's panel chairs",
    )
    _refuse_unless(bool(agencies), "Choose the agencies attending")
    _refuse_unless(
        all(agency.partnership_id == partnership_id for agency in agencies),
        "Only the partnership's own agencies can attend",
    )
    staff_ids = set(
        get_user_model().objects.filter(_partnership_staff(partnership_id)).values_list("pk", flat=True)
    )
    _refuse_unless(
        all(member.pk in staff_ids for member in panel), "Only the partnership's own staff sit on the panel"
    )
    not_invited = victim_involvement == VictimInvolvement.NOT_INVITED
    _refuse_unless(not not_invited or bool(not_invited_reason.strip()), "Say why the victim is not invited")
    if chair_independent:
        # Guidance asks for a chair independent of the agencies whose response is under review.
        reviewed = under_review(application, agencies)
        for membership in _memberships(chair, partnership_id):
            _refuse_unless(
                membership.agency_id not in reviewed,
                gettext(
                    "The chair works for %(agency)s, whose response is under review: they are not independent"
                )
                % {"agency": membership.agency.name},
                field="chair_independent",
            )
    return {
        "starts_at": starts_at,
        "place": place.strip(),
        "online_link": online_link.strip(),
        "chair_id": chair.pk,
        "chair_independent": chair_independent,
        "victim_involvement": victim_involvement,
        "not_invited_reason": not_invited_reason.strip() if not_invited else "",
    }


def _organisation(user: Any, *, partnership_id: int, chairs: bool, attending: set[int]) -> Agency | None:
    """The partnership's agency `user` sits on the panel for, from their memberships: for the chair,
    the agency where they are a panel chair; for anyone else, an attending agency they belong to, or
    else their first. None for someone who belongs to none (an independent or other organisation)."""
    memberships = _memberships(user, partnership_id)
    if chairs:
        preferred = [m for m in memberships if Capability.CHAIR_REVIEWS in capabilities([Role(m.role)])]
    else:
        preferred = [m for m in memberships if m.agency_id in attending]
    chosen = preferred or memberships
    return chosen[0].agency if chosen else None


def _seat(meeting: Meeting, *, agencies: list[Agency], chair: Any, panel: list[Any]) -> None:
    """Set who attends and who sits on the panel (the chair always does), each with the organisation
    they sit for, and the case's review date."""
    meeting.agencies.set(agencies)
    partnership_id = meeting.application.partnership_id
    attending = {agency.pk for agency in agencies}
    members = {chair.pk: chair} | {member.pk: member for member in panel}
    meeting.seats.all().delete()
    PanelSeat.objects.bulk_create(
        PanelSeat(
            meeting=meeting,
            user=member,
            organisation=_organisation(
                member, partnership_id=partnership_id, chairs=member.pk == chair.pk, attending=attending
            ),
        )
        for member in members.values()
    )
    Application.objects.filter(pk=meeting.application_id).update(
        review_date=timezone.localdate(meeting.starts_at)
    )


@transaction.atomic
def meeting_schedule(
    *,
    application: Application,
    starts_at: datetime,
    place: str,
    online_link: str,
    chair: Any,
    chair_independent: bool,
    agencies: Iterable[Agency],
    panel: Iterable[Any],
    victim_involvement: str,
    not_invited_reason: str = "",
    unanswered_reason: str = "",
    actor: Any,
    now: datetime | None = None,
) -> Meeting:
    """Arrange the case review meeting, tell the applicant, and move the case to "review scheduled".

    The meeting is still to come. The chair must be one of the partnership's panel chairs, and sits on
    the panel; the chair is called independent only when they belong to no agency asked about the case
    or attending. The agencies and the panel must be the partnership's own. Not inviting the victim
    needs a reason (Home Office guidance: victims should always be considered for an invitation), and
    so does going ahead before every agency asked has answered (kept on the meeting; with every
    answer in, no reason is kept).
    """
    now = now or timezone.now()
    application = case_lock(application)
    agencies, panel = list(agencies), list(panel)
    not_answered = unanswered(application)
    _refuse_unless(
        not not_answered or bool(unanswered_reason.strip()),
        gettext("Say why the meeting is going ahead before every agency has answered"),
        field="unanswered_reason",
    )
    fields = _arranged(
        application=application,
        now=now,
        starts_at=starts_at,
        place=place,
        online_link=online_link,
        chair=chair,
        chair_independent=chair_independent,
        agencies=agencies,
        panel=panel,
        victim_involvement=victim_involvement,
        not_invited_reason=not_invited_reason,
    )
    meeting = Meeting.objects.create(
        application=application,
        **fields,
        unanswered_reason=unanswered_reason.strip() if not_answered else "",
        scheduled_by=actor,
        scheduled_at=now,
    )
    _seat(meeting, agencies=agencies, chair=chair, panel=panel)
    case_transition(
        application=application,
        to=State.REVIEW_SCHEDULED,
        actor=actor,
        reason=f"Review meeting on {timezone.localtime(starts_at):%-d %B %Y at %H:%M}",
        facts={"meeting": meeting.pk},
        now=now,
    )
    return meeting


# What the applicant's meeting letter tells them: a change to any of these gets them a new letter.
_TOLD_TO_APPLICANT = frozenset(
    {"starts_at", "place", "online_link", "chair_independent", "victim_involvement", "not_invited_reason"}
)


@transaction.atomic
def meeting_change(
    *,
    meeting: Meeting,
    starts_at: datetime,
    place: str,
    online_link: str,
    chair: Any,
    chair_independent: bool,
    agencies: Iterable[Agency],
    panel: Iterable[Any],
    victim_involvement: str,
    not_invited_reason: str = "",
    reason: str,
    actor: Any,
    now: datetime | None = None,
) -> Meeting:
    """Change a meeting not yet held: move it, hold it elsewhere, change its chair, agencies or panel,
    or the victim's part in it. The same checks as arranging it apply, a reason is required, and what
    it was before is kept. The applicant gets a new meeting letter when what they were told changes.
    """
    now = now or timezone.now()
    agencies, panel = list(agencies), list(panel)
    # The case first, as every step that moves it locks it; then the meeting as it is now, not as the
    # caller read it, so a record written meanwhile is seen.
    application = case_lock(meeting.application)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_unless(not meeting.held, "The meeting has been held: its record can no longer be rearranged")
    _refuse_unless(
        State(application.state) == State.REVIEW_SCHEDULED, "Only a meeting still to come can be changed"
    )
    _refuse_unless(bool(reason.strip()), "Say why the meeting is changing")
    wanted = _arranged(
        application=application,
        now=now,
        was_starts_at=meeting.starts_at,
        starts_at=starts_at,
        place=place,
        online_link=online_link,
        chair=chair,
        chair_independent=chair_independent,
        agencies=agencies,
        panel=panel,
        victim_involvement=victim_involvement,
        not_invited_reason=not_invited_reason,
    )
    changed = {field for field, value in wanted.items() if getattr(meeting, field) != value}
    same_people = {a.pk for a in agencies} == set(meeting.agencies.values_list("pk", flat=True)) and (
        {chair.pk, *(member.pk for member in panel)} == set(meeting.panel.values_list("pk", flat=True))
    )
    _refuse_unless(bool(changed) or not same_people, "Nothing about the meeting has changed")
    tell = bool(changed & _TOLD_TO_APPLICANT)
    change = MeetingChange.objects.create(
        meeting=meeting,
        changed_at=now,
        changed_by=actor,
        was_starts_at=meeting.starts_at,
        was_place=meeting.place,
        was_online_link=meeting.online_link,
        applicant_told=tell,
    )
    MeetingChangeWords.objects.create(change=change, text=reason.strip())
    for field, value in wanted.items():
        setattr(meeting, field, value)
    meeting.save(update_fields=[field.removesuffix("_id") for field in wanted])
    _seat(meeting, agencies=agencies, chair=chair, panel=panel)
    event_record(
        application=application,
        kind=Happened.MEETING_CHANGED,
        actor=actor,
        at=now,
        facts={"meeting": meeting.pk, "change": change.pk, "applicant_told": tell},
    )
    return meeting


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    attendees: str,
    summaries: Mapping[int, str],
    findings: str,
    further_action_possible: bool,
    actor: Any,
    now: datetime | None = None,
) -> Meeting:
    """Write the record of the meeting (who came, what each agency had done, what the panel found,
    whether more can be done) and move the case to "review held". `summaries` maps each attending
    agency's id to its summary."""
    now = now or timezone.now()
    case_lock(meeting.application)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_unless(not locked.held, "This meeting's record has been written already")
    _refuse_unless(locked.starts_at <= now, "A meeting can be recorded once it has taken place")
    attending = set(locked.agencies.values_list("pk", flat=True))
    _refuse_unless(
        set(summaries) == attending and all(text.strip() for text in summaries.values()),
        "Sum up what each attending agency had done",
    )
    _refuse_unless(bool(findings.strip()), "Give the panel's findings")
    AgencySummary.objects.bulk_create(
        AgencySummary(meeting=locked, agency_id=agency_id, summary=text.strip())
        for agency_id, text in summaries.items()
    )
    locked.held = True
    locked.attendees = attendees.strip()
    locked.findings = findings.strip()
    locked.further_action_possible = further_action_possible
    locked.recorded_by = actor
    locked.recorded_at = now
    locked.save()
    # A review counts on the day it was held, not the day its record was written.
    case_transition(
        application=locked.application,
        to=State.REVIEW_HELD,
        actor=actor,
        reason="Review meeting held",
        facts={"meeting": locked.pk, "held_on": locked.starts_at},
        now=now,
    )
    return locked


def _plan_open(meeting: Meeting) -> None:
    _refuse_unless(meeting.held, "Recommendations come from a meeting that has been held")
    _refuse_unless(meeting.plan_final_at is None, "The action plan is final")


def _not_a_working_day(day: date) -> str:
    """Why `day` is not a working day in England and Wales, in words; empty when it is one."""
    when = formats.date_format(day, "j F Y")
    if day.weekday() >= 5:
        return gettext("%(day)s is a %(weekday)s") % {"day": when, "weekday": formats.date_format(day, "l")}
    if day in bank_holidays(day.year):
        return gettext("%(day)s is a bank holiday") % {"day": when}
    return ""


@transaction.atomic
def recommendation_add(
    *,
    meeting: Meeting,
    agency: Agency,
    owner: Any,
    action: str,
    due_by: date,
    actor: Any,
    now: datetime | None = None,
) -> Recommendation:
    """Add one of the panel's recommendations, addressed to one agency, with an owner there and a due
    date. It starts as proposed: the agency accepts or declines it."""
    now = now or timezone.now()
    case_lock(meeting.application)
    meeting = Meeting.objects.select_for_update().select_related("application").get(pk=meeting.pk)
    _plan_open(meeting)
    _refuse_unless(
        agency.partnership_id == meeting.application.partnership_id,
        "Choose one of the partnership's agencies",
    )
    _refuse_unless(
        Membership.objects.filter(user=owner, agency=agency).exists(),
        f"The owner must work for {agency.name}",
    )
    _refuse_unless(bool(action.strip()), "Say what the agency will do")
    _refuse_unless(
        due_by >= timezone.localdate(meeting.starts_at), "The due date must be on or after the meeting"
    )
    not_working = _not_a_working_day(due_by)
    _refuse_unless(
        not not_working,
        gettext("The due date must be a working day: %(why)s") % {"why": not_working},
        field="due_by",
    )
    recommendation = Recommendation.objects.create(
        meeting=meeting, agency=agency, owner=owner, action=action.strip(), due_by=due_by, created_at=now
    )
    RecommendationUpdate.objects.create(
        recommendation=recommendation, to_status=rules.Status.PROPOSED, by=actor, at=now
    )
    # The review made recommendations on the day it was held.
    event_record(
        application=meeting.application,
        kind=Happened.RECOMMENDATION_ADDED,
        actor=actor,
        at=now,
        facts={"meeting": meeting.pk, "recommendation": recommendation.pk, "held_on": meeting.starts_at},
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    to: rules.Status | str,
    reason: str = "",
    note: str = "",
    actor: Any,
    now: datetime | None = None,
) -> Recommendation:
    """Move a recommendation on (accepted, declined with a reason, in progress, done), keeping the
    history of each move."""
    now = now or timezone.now()
    to = rules.Status(to)
    application = case_lock(recommendation.meeting.application)
    locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    current = rules.Status(locked.status)
    _refuse_unless(
        rules.can_move(current, to),
        f"A recommendation that is {rules.LABELS[current].lower()} cannot become {rules.LABELS[to].lower()}",
    )
    _refuse_unless(not rules.needs_reason(to) or bool(reason.strip()), "Give the reason for declining it")
    locked.status = to
    if rules.needs_reason(to):
        locked.declined_reason = reason.strip()
    locked.save(update_fields=["status", "declined_reason"])
    update = RecommendationUpdate.objects.create(
        recommendation=locked, from_status=current, to_status=to, by=actor, at=now
    )
    words = (reason if rules.needs_reason(to) else note).strip()
    if words:
        RecommendationUpdateWords.objects.create(update=update, text=words)
    event_record(
        application=application,
        kind=Happened.RECOMMENDATION_UPDATED,
        actor=actor,
        at=now,
        facts={"recommendation": locked.pk, "from": current.value, "to": to.value},
    )
    return locked


def plan_comments_by(partnership: Partnership, shared_at: datetime) -> date:
    """The last day for the applicant's comments on a draft plan sent at `shared_at`: the partnership's
    own window, in working days."""
    return working_days_after(timezone.localdate(shared_at), partnership.plan_comments_within_days)


@transaction.atomic
def action_plan_share(*, meeting: Meeting, actor: Any, now: datetime | None = None) -> Letter:
    """Send the applicant the draft action plan in plain words and ask for their comments
    (Home Office guidance, 2025: victims are consulted before the plan is final)."""
    now = now or timezone.now()
    application = case_lock(meeting.application)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _plan_open(meeting)
    _refuse_unless(meeting.recommendations.exists(), "Add the panel's recommendations first")
    Meeting.objects.filter(pk=meeting.pk).update(plan_shared_at=now)
    event_record(
        application=application, kind=Happened.PLAN_SHARED, actor=actor, at=now, facts={"meeting": meeting.pk}
    )
    return _latest_letter(application, Letter.Kind.ACTION_PLAN)


def _latest_letter(application: Application, kind: LetterKind) -> Letter:
    """The letter of `kind` the case's latest event wrote."""
    return application.letters.filter(kind=kind).latest("created_at", "pk")


@transaction.atomic
def action_plan_comments(
    *, meeting: Meeting, comments: str, actor: Any, now: datetime | None = None
) -> Meeting:
    """Record what the applicant said about the draft action plan (or that they chose not to comment)."""
    now = now or timezone.now()
    application = case_lock(meeting.application)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _plan_open(locked)
    _refuse_unless(locked.plan_shared_at is not None, "Share the draft action plan with the applicant first")
    _refuse_unless(bool(comments.strip()), "Enter the applicant's comments, or that they had none")
    locked.applicant_comments = comments.strip()
    locked.comments_recorded_at = now
    locked.save(update_fields=["applicant_comments", "comments_recorded_at"])
    event_record(
        application=application,
        kind=Happened.PLAN_COMMENTS,
        actor=actor,
        at=now,
        facts={"meeting": locked.pk},
    )
    return locked


@transaction.atomic
def action_plan_finalise(*, meeting: Meeting, actor: Any, now: datetime | None = None) -> Meeting:
    """Make the action plan final: the applicant has been consulted, and every agency has accepted or
    declined what was asked of it."""
    now = now or timezone.now()
    application = case_lock(meeting.application)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _plan_open(locked)
    statuses = [rules.Status(s) for s in locked.recommendations.values_list("status", flat=True)]
    _refuse_unless(bool(statuses), "There are no recommendations to make into a plan")
    _refuse_unless(
        locked.comments_recorded_at is not None, "Record the applicant's comments on the draft plan first"
    )
    _refuse_unless(
        rules.Status.PROPOSED not in statuses, "Every agency must accept or decline its recommendations first"
    )
    locked.plan_final_at = now
    locked.save(update_fields=["plan_final_at"])
    event_record(
        application=application, kind=Happened.PLAN_FINAL, actor=actor, at=now, facts={"meeting": locked.pk}
    )
    return locked


@transaction.atomic
def outcome_send(
    *, meeting: Meeting, summary_for_applicant: str, actor: Any, now: datetime | None = None
) -> Letter:
    """Write the outcome letter from the meeting and the final action plan, send it, keep a copy on the
    case, and move the case to "outcome sent". The letter names no one but the applicant and holds
    nothing an agency marked sensitive: it is built from the words written for the applicant."""
    now = now or timezone.now()
    case_lock(meeting.application)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_unless(locked.held, "Record the meeting first")
    has_recommendations = locked.recommendations.exists()
    _refuse_unless(
        not has_recommendations or locked.plan_final_at is not None, "Make the action plan final first"
    )
    _refuse_unless(bool(summary_for_applicant.strip()), "Write what the review found, for the applicant")
    locked.summary_for_applicant = summary_for_applicant.strip()
    locked.save(update_fields=["summary_for_applicant"])
    application = case_transition(
        application=locked.application,
        to=State.OUTCOME_SENT,
        actor=actor,
        reason="Outcome letter sent",
        facts={"meeting": locked.pk},
        now=now,
    )
    return _latest_letter(application, Letter.Kind.OUTCOME)


def took_part_in_review(meeting: Meeting) -> list[Agency]:
    """The agencies that took part in the review, as the outcome letter names them: those that answered
    the information request about the case, and those that attended the meeting. An agency asked
    that did neither did not take part."""
    answered = Q(
        information_requests__application_id=meeting.application_id,
        information_requests__answered_at__isnull=False,
    )
    return list(Agency.objects.filter(answered | Q(meetings=meeting)).distinct().order_by("name"))


def open_recommendations_of(application: Application) -> list[Recommendation]:
    return [
        recommendation
        for recommendation in Recommendation.objects.filter(meeting__application=application).select_related(
            "agency"
        )
        if recommendation.status not in rules.SETTLED
    ]


@transaction.atomic
def case_close(*, application: Application, actor: Any, now: datetime | None = None) -> Application:
    """Close a case once every recommendation is done or declined with a reason, or there were none."""
    application = case_lock(application)
    still_open = open_recommendations_of(application)
    _refuse_unless(
        not still_open,
        f"{len(still_open)} recommendation{'s are' if len(still_open) != 1 else ' is'} still open: "
        "each must be done, or declined with a reason, before the case closes",
    )
    return case_transition(application=application, to=State.CLOSED, actor=actor, reason="Closed", now=now)


def escalation_window_ends(application: Application) -> date | None:
    """The last day to ask for an escalation: the partnership's window, in working days, from the
    latest decision or outcome letter; None before either was sent."""
    letter = (
        application.letters.filter(kind__in=[Letter.Kind.THRESHOLD_DECISION, Letter.Kind.OUTCOME])
        .order_by("-created_at", "-pk")
        .first()
    )
    if letter is None:
        return None
    return working_days_after(
        timezone.localdate(letter.created_at), application.partnership.escalation_window_days
    )


@transaction.atomic
def escalation_request(
    *,
    application: Application,
    about: str,
    grounds: Iterable[str],
    details: str,
    entered_by: Any = None,
    now: datetime | None = None,
) -> Escalation:
    """The applicant asks for the way their application was dealt with, or the review was carried out,
    to be looked at again (Schedule 4, paragraph 3). A request after the window is kept and flagged as
    late, never turned away: the reviewer decides what to do with it."""
    now = now or timezone.now()
    application = case_lock(application)
    current = State(application.state)
    _refuse_unless(
        escalation_possible(current), "An escalation can be asked for once you have our decision or outcome"
    )
    grounds = sorted(set(grounds))
    _refuse_unless(bool(grounds), "Choose at least one reason")
    _refuse_unless(
        all(ground in Escalation.Ground.values for ground in grounds), "Choose the reasons from the list"
    )
    _refuse_unless(about in Escalation.About.values, "Say what you would like looked at again")
    _refuse_unless(bool(details.strip()), "Tell us what you think went wrong")
    window_ends = escalation_window_ends(application) or timezone.localdate(now)
    late = timezone.localdate(now) > window_ends
    escalation = Escalation.objects.create(
        application=application,
        about=about,
        grounds=grounds,
        details=details.strip(),
        escalated_from=current,
        requested_at=now,
        window_ends=window_ends,
        late=late,
        entered_by=entered_by,
    )
    case_transition(
        application=application,
        to=State.ESCALATED,
        actor=entered_by,
        reason=f"Escalation asked for{' after the window closed' if late else ''}",
        facts={"escalation": escalation.pk, "late": late},
        now=now,
    )
    return escalation


def took_part(user: Any, application: Application) -> bool:
    """Whether `user` chaired, sat on or recorded any of the case's review meetings, or made its
    threshold decision: such a person may not decide its escalation."""
    meetings = Meeting.objects.filter(application=application)
    return (
        meetings.filter(Q(chair=user) | Q(panel=user) | Q(recorded_by=user)).exists()
        or application.decisions.filter(decided_by=user).exists()
    )


def _closed_after(application: Application) -> State | None:
    """The step the case was last closed after, from its history in the order the moves were made."""
    return closed_after(moves_of(application))


@transaction.atomic
def escalation_decide(
    *,
    escalation: Escalation,
    upheld: bool,
    reasons: str,
    actor: Any,
    refer_to_pcc: bool = False,
    pcc_note: str = "",
    now: datetime | None = None,
) -> Escalation:
    """Decide an escalation: upheld sends the case back for a new decision or review, not upheld
    returns it to where it was. The applicant gets a letter either way. A referral to the Police and
    Crime Commissioner's office can be recorded with it."""
    now = now or timezone.now()
    case_lock(escalation.application)
    locked = (
        Escalation.objects.select_for_update()
        .select_related("application__partnership")
        .get(pk=escalation.pk)
    )
    application = locked.application
    _refuse_unless(not locked.decided, "This escalation has been decided already")
    _refuse_unless(
        StaffAccess(actor).can(Capability.DECIDE_ESCALATIONS, application.partnership_id),
        "Only a reviewer of the partnership can decide an escalation",
    )
    _refuse_unless(
        not took_part(actor, application),
        "You took part in this case's review or decision: someone who did not must decide the escalation",
    )
    _refuse_unless(bool(reasons.strip()), "Give the reasons for the decision")
    escalated_from = State(locked.escalated_from)
    closed_after_step = _closed_after(application) if escalated_from == State.CLOSED else None
    back_to = after_escalation(escalated_from, upheld=upheld, closed_after=closed_after_step)
    locked.upheld = upheld
    locked.reasons = reasons.strip()
    locked.decided_by = actor
    locked.decided_at = now
    if refer_to_pcc:
        locked.referred_to_pcc_at = now
        locked.pcc_referral_note = pcc_note.strip()
    locked.save()
    case_transition(
        application=application,
        to=back_to,
        actor=actor,
        reason=f"Escalation {'upheld' if upheld else 'not upheld'}",
        # The letter speaks of a threshold decision, not a review, when that is what was escalated,
        # also when the case had been closed since.
        facts={
            "escalation": locked.pk,
            "of_a_decision": (closed_after_step or escalated_from) == State.THRESHOLD_NOT_MET,
        },
        now=now,
    )
    return locked


def reviewers_for(application: Application) -> list[Any]:
    """The partnership's staff who may decide the case's escalation: reviewers who took no part."""
    roles: dict[Any, set[Role]] = {}
    for membership in Membership.objects.filter(
        agency__partnership_id=application.partnership_id
    ).select_related("user"):
        roles.setdefault(membership.user, set()).add(Role(membership.role))
    return [
        user
        for user, held in roles.items()
        if Capability.DECIDE_ESCALATIONS in capabilities(held) and not took_part(user, application)
    ]
