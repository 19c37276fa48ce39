"""The rulebook of what may happen next to a case: each step a person can take, and whether they may
take it now, or why not.

It is the one place that says so: views choose which buttons and forms to offer from it, templates
read it instead of naming states, and services guard their steps with it. A step that moves the case
(`MOVES`) is only ever available when workflow.py's table allows that move (`can_move`): the table of
transitions is not repeated here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from community_trigger.domain.access import Capability
from community_trigger.domain.deadlines import ANSWERS_WANTED
from community_trigger.domain.workflow import (
    REVIEW_DECIDED,
    State,
    agency_can_answer,
    applicant_can_withdraw,
    can_move,
    escalation_possible,
)


def gettext_noop(message: str) -> str:
    """Marks `message` for translation without translating it: the domain knows no language; the web
    layer translates each reason when it shows it (`makemessages` finds this name)."""
    return message


class Action(StrEnum):
    """Every step a person can take on a case."""

    ACKNOWLEDGE = "acknowledge"
    DECIDE_THRESHOLD = "decide_threshold"
    REQUEST_INFORMATION = "request_information"
    ANSWER_REQUEST = "answer_request"
    RECORD_ANSWER = "record_answer"  # the coordinator records an answer an agency sent another way
    CHANGE_DUE_DATE = "change_due_date"
    ARRANGE_MEETING = "arrange_meeting"
    CHANGE_MEETING = "change_meeting"
    RECORD_MEETING = "record_meeting"
    ADD_RECOMMENDATION = "add_recommendation"
    UPDATE_RECOMMENDATION = "update_recommendation"
    # Reword a recommendation or give it a new due date, with a reason, while it is not settled.
    CHANGE_RECOMMENDATION = "change_recommendation"
    SHARE_PLAN = "share_plan"
    RECORD_COMMENTS = "record_comments"
    FINALISE_PLAN = "finalise_plan"
    SEND_OUTCOME = "send_outcome"
    CLOSE = "close"
    RECORD_ESCALATION = "record_escalation"
    DECIDE_ESCALATION = "decide_escalation"
    MARK_LETTER_POSTED = "mark_letter_posted"
    SEND_LETTER_AGAIN = "send_letter_again"
    CHANGE_OWNER = "change_owner"  # give the case to another coordinator, with a reason
    WITHDRAW = "withdraw"  # the applicant's own step, from their status page
    WRITE_IN_DIARY = "write_in_diary"  # a note, or a contact logged, in the case diary
    # Where the incidents happen, who is said to be responsible, and links to other cases.
    RECORD_DETAILS = "record_details"
    # A document added to the case, an answer, a meeting or a diary entry (the part says whose it is).
    ADD_DOCUMENT = "add_document"


# The move each step makes, for the steps that move the case: available only where `can_move` allows it.
MOVES: dict[Action, State] = {
    Action.ACKNOWLEDGE: State.ACKNOWLEDGED,
    # Met, not met or a discretionary review: each leaves "acknowledged" alike.
    Action.DECIDE_THRESHOLD: State.THRESHOLD_MET,
    Action.REQUEST_INFORMATION: State.INFORMATION_REQUESTED,
    Action.ARRANGE_MEETING: State.REVIEW_SCHEDULED,
    Action.RECORD_MEETING: State.REVIEW_HELD,
    Action.SEND_OUTCOME: State.OUTCOME_SENT,
    Action.CLOSE: State.CLOSED,
    Action.RECORD_ESCALATION: State.ESCALATED,
    Action.WITHDRAW: State.WITHDRAWN,
}


class Why(StrEnum):
    """Why a step is not available now. Views answer each in their own way (403, back to the case, an
    error on the form); people read `REASONS`."""

    NOT_YOUR_ROLE = "not_your_role"
    NOT_AT_THIS_STEP = "not_at_this_step"
    NOT_ASKED = "not_asked"
    ALREADY_ANSWERED = "already_answered"
    WITHDRAWN = "withdrawn"
    ANSWERS_NOT_WANTED = "answers_not_wanted"
    EVERY_AGENCY_ANSWERED = "every_agency_answered"
    NO_MEETING = "no_meeting"
    MEETING_HELD = "meeting_held"
    MEETING_NOT_STARTED = "meeting_not_started"
    MEETING_NOT_HELD = "meeting_not_held"
    PLAN_FINAL = "plan_final"
    PLAN_SHARED = "plan_shared"
    NO_RECOMMENDATIONS = "no_recommendations"
    PLAN_NOT_SHARED = "plan_not_shared"
    COMMENTS_NOT_RECORDED = "comments_not_recorded"
    RECOMMENDATIONS_PROPOSED = "recommendations_proposed"
    PLAN_NOT_FINAL = "plan_not_final"
    RECOMMENDATIONS_OPEN = "recommendations_open"
    NOTHING_TO_UPDATE = "nothing_to_update"
    NO_ESCALATION_TO_DECIDE = "no_escalation_to_decide"
    TOOK_PART = "took_part"


REASONS: dict[Why, str] = {
    Why.NOT_YOUR_ROLE: gettext_noop("Your role does not let you do this"),
    Why.NOT_AT_THIS_STEP: gettext_noop("The case is not at the step where this can be done"),
    Why.NOT_ASKED: gettext_noop("Your organisation has not been asked for information about this case"),
    Why.ALREADY_ANSWERED: gettext_noop("Your organisation has answered already"),
    Why.WITHDRAWN: gettext_noop("The applicant withdrew their request: it no longer needs an answer"),
    Why.ANSWERS_NOT_WANTED: gettext_noop("The case no longer waits for the agencies' answers"),
    Why.EVERY_AGENCY_ANSWERED: gettext_noop("Every agency asked has answered"),
    Why.NO_MEETING: gettext_noop("No review meeting has been arranged"),
    Why.MEETING_HELD: gettext_noop("The meeting has been held and recorded"),
    Why.MEETING_NOT_STARTED: gettext_noop("The meeting can be recorded once it has happened"),
    Why.MEETING_NOT_HELD: gettext_noop("Record the meeting first"),
    Why.PLAN_FINAL: gettext_noop("The action plan is final"),
    Why.PLAN_SHARED: gettext_noop("The draft action plan has been sent to the applicant"),
    Why.NO_RECOMMENDATIONS: gettext_noop("Add the panel's recommendations first"),
    Why.PLAN_NOT_SHARED: gettext_noop("Share the draft action plan with the applicant first"),
    Why.COMMENTS_NOT_RECORDED: gettext_noop("Record the applicant's comments on the draft plan first"),
    Why.RECOMMENDATIONS_PROPOSED: gettext_noop(
        "Every agency must accept or decline its recommendations first"
    ),
    Why.PLAN_NOT_FINAL: gettext_noop("Make the action plan final first"),
    Why.RECOMMENDATIONS_OPEN: gettext_noop(
        "Recommendations are still open: each must be done, or declined with a reason, before the case closes"
    ),
    Why.NOTHING_TO_UPDATE: gettext_noop("No recommendation of yours is still open"),
    Why.NO_ESCALATION_TO_DECIDE: gettext_noop("No escalation is waiting for a decision"),
    Why.TOOK_PART: gettext_noop(
        "You took part in this case's review or decision: someone who did not must decide the escalation"
    ),
}

# Reasons that say what must be done first by someone who may take the step at this stage: a page
# shows them in place of the step's button, where the others simply leave the button out.
TO_DO_FIRST = frozenset(
    {
        Why.MEETING_NOT_STARTED,
        Why.NO_RECOMMENDATIONS,
        Why.PLAN_NOT_SHARED,
        Why.COMMENTS_NOT_RECORDED,
        Why.RECOMMENDATIONS_PROPOSED,
        Why.PLAN_NOT_FINAL,
        Why.RECOMMENDATIONS_OPEN,
        Why.TOOK_PART,
    }
)


class Asked(StrEnum):
    """Where the information request to a person's own agency stands."""

    NOT_ASKED = "not_asked"
    OPEN = "open"
    ANSWERED = "answered"


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the rules need to know about a case. `meeting_*`, `plan_*` and the recommendation counts
    are about its latest meeting, the one the review is at."""

    state: State
    requests_unanswered: int = 0
    meeting: bool = False
    meeting_started: bool = False
    meeting_held: bool = False
    recommendations: int = 0
    recommendations_proposed: int = 0
    plan_shared: bool = False
    comments_recorded: bool = False
    plan_final: bool = False
    # Not done, nor declined: across all the case's meetings, since each must be settled to close.
    recommendations_open: int = 0
    escalation_undecided: bool = False


@dataclass(frozen=True, slots=True)
class Standing:
    """Who is asking, as the rules need to know them: their capabilities on the case's partnership
    (access.py) and where they stand in this case."""

    capabilities: frozenset[Capability] = frozenset()
    applicant: bool = False
    chairs_meeting: bool = False  # chairs the latest meeting
    took_part: bool = False  # chaired, sat on or recorded a meeting, or made a threshold decision
    own_request: Asked = Asked.NOT_ASKED
    # Their agency has a recommendation on this case that can still move on (recommendations.py).
    own_recommendations_movable: bool = False
    recommendations_movable: bool = False  # any recommendation on the case can still move on

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities


@dataclass(frozen=True, slots=True)
class Availability:
    """Whether one step is available now; when it is not, every reason why, the first the weightiest."""

    reasons: tuple[Why, ...] = ()

    @property
    def available(self) -> bool:
        return not self.reasons

    @property
    def why(self) -> Why | None:
        return self.reasons[0] if self.reasons else None

    @property
    def to_do_first(self) -> bool:
        """Not available only because something must be done first: worth saying, in place of the step."""
        return bool(self.reasons) and all(reason in TO_DO_FIRST for reason in self.reasons)

    @property
    def reason(self) -> str:
        """The weightiest reason, in (untranslated) words; empty when available."""
        return REASONS[self.reasons[0]] if self.reasons else ""

    def __bool__(self) -> bool:
        return self.available


@dataclass(frozen=True)
class Actions(Mapping[Action, Availability]):
    """Each step's availability for one person on one case. Read as a mapping (`actions[Action.CLOSE]`,
    or `actions.close` in a template, since each Action is its own name)."""

    steps: Mapping[Action, Availability] = field(default_factory=dict)

    def __getitem__(self, action: str) -> Availability:
        return self.steps[Action(action)]

    def __iter__(self) -> Iterator[Action]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def available(self) -> frozenset[Action]:
        return frozenset(action for action, step in self.steps.items() if step.available)


def _check(*failing: tuple[bool, Why]) -> Availability:
    """The reasons whose condition holds, in the order given."""
    return Availability(tuple(why for fails, why in failing if fails))


def _step(case: CaseFacts, action: Action) -> bool:
    """Whether the case is at a step where `action`'s move is allowed. The moves out of "escalated"
    are the escalation decision's own (after_escalation), never a step taken by hand."""
    return case.state != State.ESCALATED and can_move(case.state, MOVES[action])


def rulebook(case: CaseFacts, who: Standing) -> Actions:
    """Every step's availability for `who` on `case` now.

    The order of each step's reasons is the order a page answers them in: a role that never takes the
    step first, then the step of the procedure, then what must be done first.
    """
    cannot_manage = not who.can(Capability.MANAGE_CASES)
    cannot_record = not (who.can(Capability.MANAGE_CASES) or who.chairs_meeting)
    meeting_open = case.meeting and not case.meeting_held
    plan_open = (
        (not case.meeting_held, Why.MEETING_NOT_HELD),
        (case.meeting_held and case.plan_final, Why.PLAN_FINAL),
        (not _step(case, Action.SEND_OUTCOME), Why.NOT_AT_THIS_STEP),
    )
    steps = {
        Action.ACKNOWLEDGE: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE), (not _step(case, Action.ACKNOWLEDGE), Why.NOT_AT_THIS_STEP)
        ),
        Action.DECIDE_THRESHOLD: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (not _step(case, Action.DECIDE_THRESHOLD), Why.NOT_AT_THIS_STEP),
        ),
        # Asked once a review is decided; an upheld escalation that sends a case back for a new review
        # asks again itself.
        Action.REQUEST_INFORMATION: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (
                not (_step(case, Action.REQUEST_INFORMATION) and case.state in REVIEW_DECIDED),
                Why.NOT_AT_THIS_STEP,
            ),
        ),
        Action.ANSWER_REQUEST: _check(
            (not who.can(Capability.ANSWER_INFORMATION_REQUESTS), Why.NOT_YOUR_ROLE),
            (who.own_request == Asked.NOT_ASKED, Why.NOT_ASKED),
            (who.own_request == Asked.ANSWERED, Why.ALREADY_ANSWERED),
            (not agency_can_answer(case.state), Why.WITHDRAWN),
        ),
        # An answer sent by email, phone or letter (or given at a meeting) is written down by the
        # coordinator, as long as an agency's answer could still be given.
        Action.RECORD_ANSWER: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (not agency_can_answer(case.state), Why.WITHDRAWN),
            (case.requests_unanswered == 0, Why.EVERY_AGENCY_ANSWERED),
        ),
        Action.CHANGE_DUE_DATE: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (case.state not in ANSWERS_WANTED, Why.ANSWERS_NOT_WANTED),
            (case.requests_unanswered == 0, Why.EVERY_AGENCY_ANSWERED),
        ),
        Action.ARRANGE_MEETING: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (not _step(case, Action.ARRANGE_MEETING), Why.NOT_AT_THIS_STEP),
        ),
        # Only a meeting still to be held, of a case waiting for it.
        Action.CHANGE_MEETING: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (not case.meeting, Why.NO_MEETING),
            (case.meeting_held, Why.MEETING_HELD),
            (not _step(case, Action.RECORD_MEETING), Why.NOT_AT_THIS_STEP),
        ),
        Action.RECORD_MEETING: _check(
            (cannot_record, Why.NOT_YOUR_ROLE),
            (not case.meeting, Why.NO_MEETING),
            (case.meeting_held, Why.MEETING_HELD),
            (not _step(case, Action.RECORD_MEETING), Why.NOT_AT_THIS_STEP),
            (meeting_open and not case.meeting_started, Why.MEETING_NOT_STARTED),
        ),
        # The panel's recommendations are written after the meeting, until the plan is final.
        Action.ADD_RECOMMENDATION: _check((cannot_record, Why.NOT_YOUR_ROLE), *plan_open),
        Action.UPDATE_RECOMMENDATION: _check(
            (
                not (who.can(Capability.MANAGE_CASES) or who.can(Capability.ANSWER_INFORMATION_REQUESTS)),
                Why.NOT_YOUR_ROLE,
            ),
            (
                not (
                    who.recommendations_movable
                    if who.can(Capability.MANAGE_CASES)
                    else who.own_recommendations_movable
                ),
                Why.NOTHING_TO_UPDATE,
            ),
        ),
        # The coordinator, or the chair of the meeting it came from (the service asks which meeting).
        Action.CHANGE_RECOMMENDATION: _check(
            (cannot_record, Why.NOT_YOUR_ROLE), (not case.recommendations_open, Why.NOTHING_TO_UPDATE)
        ),
        Action.SHARE_PLAN: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            *plan_open,
            (case.plan_shared, Why.PLAN_SHARED),
            (case.recommendations == 0, Why.NO_RECOMMENDATIONS),
        ),
        Action.RECORD_COMMENTS: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE), *plan_open, (not case.plan_shared, Why.PLAN_NOT_SHARED)
        ),
        # Home Office guidance (2025): the applicant is consulted before the plan is final, and each
        # agency has said whether it takes on what is asked of it.
        Action.FINALISE_PLAN: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            *plan_open,
            (case.recommendations == 0, Why.NO_RECOMMENDATIONS),
            (not case.comments_recorded, Why.COMMENTS_NOT_RECORDED),
            (case.recommendations_proposed > 0, Why.RECOMMENDATIONS_PROPOSED),
        ),
        Action.SEND_OUTCOME: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (not _step(case, Action.SEND_OUTCOME), Why.NOT_AT_THIS_STEP),
            (not case.meeting_held, Why.MEETING_NOT_HELD),
            (case.recommendations > 0 and not case.plan_final, Why.PLAN_NOT_FINAL),
        ),
        # Open recommendations come before the step: whatever the step, the case cannot close with
        # any, and the coordinator is told so.
        Action.CLOSE: _check(
            (cannot_manage, Why.NOT_YOUR_ROLE),
            (case.recommendations_open > 0, Why.RECOMMENDATIONS_OPEN),
            (not _step(case, Action.CLOSE), Why.NOT_AT_THIS_STEP),
        ),
        # Schedule 4, paragraph 3: asked for by the applicant online, or by phone or letter and recorded
        # by the coordinator. A request after the window is still recorded: the reviewer decides.
        Action.RECORD_ESCALATION: _check(
            (cannot_manage and not who.applicant, Why.NOT_YOUR_ROLE),
            (not escalation_possible(case.state), Why.NOT_AT_THIS_STEP),
        ),
        # Decided by a reviewer who took no part in the case.
        Action.DECIDE_ESCALATION: _check(
            (not who.can(Capability.DECIDE_ESCALATIONS), Why.NOT_YOUR_ROLE),
            (not (case.escalation_undecided and case.state == State.ESCALATED), Why.NO_ESCALATION_TO_DECIDE),
            (who.took_part, Why.TOOK_PART),
        ),
        Action.MARK_LETTER_POSTED: _check((cannot_manage, Why.NOT_YOUR_ROLE)),
        Action.SEND_LETTER_AGAIN: _check((cannot_manage, Why.NOT_YOUR_ROLE)),
        # At any step, closed cases too: whoever answers the applicant's questions is named.
        Action.CHANGE_OWNER: _check((cannot_manage, Why.NOT_YOUR_ROLE)),
        # At any step, closed included: a repeat request can arrive while the old case is closed.
        Action.RECORD_DETAILS: _check((cannot_manage, Why.NOT_YOUR_ROLE)),
        # At any step: the coordinator; the chair of the meeting; an officer of an agency asked about
        # the case. Which part each may add to (their own agency's answer, their meeting, their diary
        # entry) is the documents' own question.
        Action.ADD_DOCUMENT: _check(
            (
                cannot_manage
                and not who.chairs_meeting
                and not who.can(Capability.ANSWER_INFORMATION_REQUESTS),
                Why.NOT_YOUR_ROLE,
            ),
            (cannot_manage and not who.chairs_meeting and who.own_request == Asked.NOT_ASKED, Why.NOT_ASKED),
        ),
        Action.WITHDRAW: _check(
            (not who.applicant, Why.NOT_YOUR_ROLE),
            (not applicant_can_withdraw(case.state), Why.NOT_AT_THIS_STEP),
        ),
        # At any step, closed included (a call about a closed case is still logged): the coordinator,
        # or an officer of an agency asked about the case, who writes for their agency.
        Action.WRITE_IN_DIARY: _check(
            (
                cannot_manage and not who.can(Capability.ANSWER_INFORMATION_REQUESTS),
                Why.NOT_YOUR_ROLE,
            ),
            (cannot_manage and who.own_request == Asked.NOT_ASKED, Why.NOT_ASKED),
        ),
    }
    return Actions(steps)
