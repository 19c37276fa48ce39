"""Writes for what the review decides: the panel's recommendations, the action plan the applicant is
consulted on, the outcome letter, and closing the case once every recommendation is settled."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from community_trigger.agencies.models import Agency, Membership
from community_trigger.cases.history import event_record
from community_trigger.cases.models import Application, Happened
from community_trigger.cases.services import TransitionRefused, case_lock, case_transition, step_check
from community_trigger.common.calendar import bank_holidays
from community_trigger.domain import recommendations as rules
from community_trigger.domain.actions import Action, Why
from community_trigger.domain.workflow import State
from community_trigger.letters.models import Letter, LetterKind
from community_trigger.reviews.models import (
    Meeting,
    Recommendation,
    RecommendationChange,
    RecommendationChangeWords,
    RecommendationUpdate,
    RecommendationUpdateWords,
)
from community_trigger.reviews.selectors import may_record, may_update, open_recommendations_of
from community_trigger.reviews.services import ReviewRefused, refuse_unless


def _plan_open(meeting: Meeting) -> None:
    refuse_unless(meeting.held, gettext("Recommendations come from a meeting that has been held"))
    refuse_unless(meeting.plan_final_at is None, gettext("The action plan is final"))


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
    case = case_lock(meeting.application)
    meeting = Meeting.objects.select_for_update().select_related("application").get(pk=meeting.pk)
    step_check(
        case, Action.ADD_RECOMMENDATION, actor=actor, refused=ReviewRefused, meeting_id=meeting.pk, now=now
    )
    _plan_open(meeting)
    refuse_unless(
        agency.partnership_id == meeting.application.partnership_id,
        gettext("Choose one of the partnership's agencies"),
    )
    refuse_unless(
        Membership.objects.filter(user=owner, agency=agency).exists(),
        f"The owner must work for {agency.name}",
    )
    refuse_unless(bool(action.strip()), gettext("Say what the agency will do"))
    refuse_unless(
        due_by >= timezone.localdate(meeting.starts_at),
        gettext("The due date must be on or after the meeting"),
    )
    not_working = _not_a_working_day(due_by)
    refuse_unless(
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
    step_check(application, Action.UPDATE_RECOMMENDATION, actor=actor, refused=ReviewRefused, now=now)
    # The rulebook speaks of the case; each recommendation is one agency's to move on (or the
    # coordinator's).
    refuse_unless(
        may_update(actor, locked),
        gettext("Only %(agency)s can move its recommendation on") % {"agency": locked.agency.name},
    )
    current = rules.Status(locked.status)
    refuse_unless(
        rules.can_move(current, to),
        f"A recommendation that is {rules.LABELS[current].lower()} cannot become {rules.LABELS[to].lower()}",
    )
    refuse_unless(
        not rules.needs_reason(to) or bool(reason.strip()), gettext("Give the reason for declining it")
    )
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
        facts={
            "recommendation": locked.pk,
            "from": current.value,
            "to": to.value,
            "plan_shared": locked.meeting.plan_shared_at is not None,
        },
    )
    return locked


@transaction.atomic
def recommendation_change(
    *,
    recommendation: Recommendation,
    action: str,
    due_by: date,
    reason: str,
    actor: Any,
    now: datetime | None = None,
) -> Recommendation:
    """Change what a recommendation asks, or when it is due, saying why: the coordinator or the
    meeting's chair, while it is not yet settled. What it was is kept, and the applicant is told of a
    new due date if they were sent the plan."""
    now = now or timezone.now()
    application = case_lock(recommendation.meeting.application)
    step_check(application, Action.CHANGE_RECOMMENDATION, actor=actor, refused=ReviewRefused, now=now)
    locked = Recommendation.objects.select_for_update().select_related("meeting").get(pk=recommendation.pk)
    # The rulebook speaks of the case; a recommendation's own meeting says whose it is to change.
    refuse_unless(
        may_record(actor, locked.meeting),
        gettext("Only the coordinator or the meeting's chair can change a recommendation"),
    )
    refuse_unless(
        rules.Status(locked.status) not in rules.SETTLED,
        gettext("A recommendation that is done or declined can no longer be changed"),
    )
    refuse_unless(bool(action.strip()), gettext("Say what the agency will do"), field="action")
    refuse_unless(bool(reason.strip()), gettext("Say why the recommendation is changing"), field="reason")
    refuse_unless(
        action.strip() != locked.action or due_by != locked.due_by,
        gettext("Change the wording or the due date"),
    )
    refuse_unless(
        due_by >= timezone.localdate(locked.meeting.starts_at),
        gettext("The due date must be on or after the meeting"),
        field="due_by",
    )
    not_working = _not_a_working_day(due_by)
    refuse_unless(
        not not_working,
        gettext("The due date must be a working day: %(why)s") % {"why": not_working},
        field="due_by",
    )
    change = RecommendationChange.objects.create(
        recommendation=locked,
        changed_by=actor,
        changed_at=now,
        was_due_by=locked.due_by,
        due_by=due_by,
        reworded=action.strip() != locked.action,
    )
    RecommendationChangeWords.objects.create(
        change=change, text=reason.strip(), was_action=locked.action, action=action.strip()
    )
    locked.action, locked.due_by = action.strip(), due_by
    locked.save(update_fields=["action", "due_by"])
    event_record(
        application=application,
        kind=Happened.RECOMMENDATION_CHANGED,
        actor=actor,
        at=now,
        facts={
            "recommendation": locked.pk,
            "change": change.pk,
            "due_by": due_by,
            "was_due_by": change.was_due_by,
            "plan_shared": locked.meeting.plan_shared_at is not None,
        },
    )
    return locked


@transaction.atomic
def action_plan_share(*, meeting: Meeting, actor: Any, now: datetime | None = None) -> Letter:
    """Send the applicant the draft action plan in plain words and ask for their comments
    (Home Office guidance, 2025: victims are consulted before the plan is final)."""
    now = now or timezone.now()
    application = case_lock(meeting.application)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    step_check(
        application, Action.SHARE_PLAN, actor=actor, refused=ReviewRefused, meeting_id=meeting.pk, now=now
    )
    _plan_open(meeting)
    refuse_unless(meeting.recommendations.exists(), gettext("Add the panel's recommendations first"))
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
    step_check(
        application, Action.RECORD_COMMENTS, actor=actor, refused=ReviewRefused, meeting_id=locked.pk, now=now
    )
    _plan_open(locked)
    refuse_unless(
        locked.plan_shared_at is not None, gettext("Share the draft action plan with the applicant first")
    )
    refuse_unless(bool(comments.strip()), gettext("Enter the applicant's comments, or that they had none"))
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
    step_check(
        application, Action.FINALISE_PLAN, actor=actor, refused=ReviewRefused, meeting_id=locked.pk, now=now
    )
    _plan_open(locked)
    statuses = [rules.Status(s) for s in locked.recommendations.values_list("status", flat=True)]
    refuse_unless(bool(statuses), gettext("There are no recommendations to make into a plan"))
    refuse_unless(
        locked.comments_recorded_at is not None,
        gettext("Record the applicant's comments on the draft plan first"),
    )
    refuse_unless(
        rules.Status.PROPOSED not in statuses,
        gettext("Every agency must accept or decline its recommendations first"),
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
    case = case_lock(meeting.application)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    step_check(case, Action.SEND_OUTCOME, actor=actor, refused=ReviewRefused, meeting_id=locked.pk, now=now)
    refuse_unless(locked.held, gettext("Record the meeting first"))
    has_recommendations = locked.recommendations.exists()
    refuse_unless(
        not has_recommendations or locked.plan_final_at is not None,
        gettext("Make the action plan final first"),
    )
    refuse_unless(
        bool(summary_for_applicant.strip()), gettext("Write what the review found, for the applicant")
    )
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


@transaction.atomic
def case_close(*, application: Application, actor: Any, now: datetime | None = None) -> Application:
    """Close a case once every recommendation is done or declined with a reason, or there were none."""
    application = case_lock(application)
    # Not at a step that closes (closed meanwhile, say): refused as the move itself would be.
    step_check(
        application,
        Action.CLOSE,
        actor=actor,
        refused=ReviewRefused,
        because={Why.NOT_AT_THIS_STEP: TransitionRefused},
        now=now,
    )
    still_open = open_recommendations_of(application)
    refuse_unless(
        not still_open,
        f"{len(still_open)} recommendation{'s are' if len(still_open) != 1 else ' is'} still open: "
        "each must be done, or declined with a reason, before the case closes",
    )
    return case_transition(application=application, to=State.CLOSED, actor=actor, reason="Closed", now=now)
