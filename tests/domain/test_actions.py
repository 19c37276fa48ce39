"""The rulebook of what may happen next: who may take each step of a case, at which step, and why not."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_trigger.domain.access import Capability, Role, capabilities
from community_trigger.domain.actions import (
    MOVES,
    REASONS,
    TO_DO_FIRST,
    Action,
    Asked,
    CaseFacts,
    Standing,
    Why,
    rulebook,
)
from community_trigger.domain.workflow import State, can_move

S = State
COORDINATOR = Standing(capabilities=capabilities([Role.COORDINATOR]))
CHAIR = Standing(capabilities=capabilities([Role.PANEL_CHAIR]))
AUDITOR = Standing(capabilities=capabilities([Role.AUDITOR]))
OFFICER = Standing(capabilities=capabilities([Role.AGENCY_OFFICER]), own_request=Asked.OPEN)
APPLICANT = Standing(applicant=True)

HELD = CaseFacts(state=S.REVIEW_HELD, meeting=True, meeting_started=True, meeting_held=True)
HELD_THEN_ESCALATED = CaseFacts(state=S.ESCALATED, meeting=True, meeting_started=True, meeting_held=True)


@pytest.mark.parametrize(
    ("case", "who", "action", "why"),
    [
        # The coordinator's steps, each at its own step of the procedure.
        (CaseFacts(S.RECEIVED), COORDINATOR, Action.ACKNOWLEDGE, None),
        (CaseFacts(S.ACKNOWLEDGED), COORDINATOR, Action.ACKNOWLEDGE, Why.NOT_AT_THIS_STEP),
        # An escalated case moves on only by the escalation's decision, whatever the table allows.
        (CaseFacts(S.ESCALATED), COORDINATOR, Action.ACKNOWLEDGE, Why.NOT_AT_THIS_STEP),
        (HELD_THEN_ESCALATED, COORDINATOR, Action.SEND_OUTCOME, Why.NOT_AT_THIS_STEP),
        (CaseFacts(S.RECEIVED), AUDITOR, Action.ACKNOWLEDGE, Why.NOT_YOUR_ROLE),
        (CaseFacts(S.ACKNOWLEDGED), COORDINATOR, Action.DECIDE_THRESHOLD, None),
        (CaseFacts(S.RECEIVED), COORDINATOR, Action.DECIDE_THRESHOLD, Why.NOT_AT_THIS_STEP),
        (CaseFacts(S.THRESHOLD_MET), COORDINATOR, Action.REQUEST_INFORMATION, None),
        (CaseFacts(S.DISCRETIONARY_REVIEW), COORDINATOR, Action.REQUEST_INFORMATION, None),
        # An upheld escalation asks the agencies again itself; "not met" asks nobody.
        (CaseFacts(S.ESCALATED), COORDINATOR, Action.REQUEST_INFORMATION, Why.NOT_AT_THIS_STEP),
        (CaseFacts(S.THRESHOLD_NOT_MET), COORDINATOR, Action.REQUEST_INFORMATION, Why.NOT_AT_THIS_STEP),
        # An agency answers its own request, until the applicant withdraws.
        (CaseFacts(S.INFORMATION_REQUESTED), OFFICER, Action.ANSWER_REQUEST, None),
        (CaseFacts(S.OUTCOME_SENT), OFFICER, Action.ANSWER_REQUEST, None),
        (CaseFacts(S.WITHDRAWN), OFFICER, Action.ANSWER_REQUEST, Why.WITHDRAWN),
        (
            CaseFacts(S.INFORMATION_REQUESTED),
            Standing(capabilities=OFFICER.capabilities),
            Action.ANSWER_REQUEST,
            Why.NOT_ASKED,
        ),
        (
            CaseFacts(S.INFORMATION_REQUESTED),
            Standing(capabilities=OFFICER.capabilities, own_request=Asked.ANSWERED),
            Action.ANSWER_REQUEST,
            Why.ALREADY_ANSWERED,
        ),
        (CaseFacts(S.INFORMATION_REQUESTED), COORDINATOR, Action.ANSWER_REQUEST, Why.NOT_YOUR_ROLE),
        # More time for an answer only while answers are wanted, and one is still to come.
        (
            CaseFacts(S.INFORMATION_REQUESTED, requests_unanswered=1),
            COORDINATOR,
            Action.CHANGE_DUE_DATE,
            None,
        ),
        (
            CaseFacts(S.REVIEW_HELD, requests_unanswered=1),
            COORDINATOR,
            Action.CHANGE_DUE_DATE,
            Why.ANSWERS_NOT_WANTED,
        ),
        (CaseFacts(S.INFORMATION_REQUESTED), COORDINATOR, Action.CHANGE_DUE_DATE, Why.EVERY_AGENCY_ANSWERED),
        # The meeting.
        (CaseFacts(S.INFORMATION_REQUESTED), COORDINATOR, Action.ARRANGE_MEETING, None),
        (
            CaseFacts(S.REVIEW_SCHEDULED, meeting=True),
            COORDINATOR,
            Action.ARRANGE_MEETING,
            Why.NOT_AT_THIS_STEP,
        ),
        (CaseFacts(S.REVIEW_SCHEDULED, meeting=True), COORDINATOR, Action.CHANGE_MEETING, None),
        (HELD, COORDINATOR, Action.CHANGE_MEETING, Why.MEETING_HELD),
        (CaseFacts(S.WITHDRAWN, meeting=True), COORDINATOR, Action.CHANGE_MEETING, Why.NOT_AT_THIS_STEP),
        (
            CaseFacts(S.REVIEW_SCHEDULED, meeting=True),
            COORDINATOR,
            Action.RECORD_MEETING,
            Why.MEETING_NOT_STARTED,
        ),
        (
            CaseFacts(S.REVIEW_SCHEDULED, meeting=True, meeting_started=True),
            Standing(capabilities=CHAIR.capabilities, chairs_meeting=True),
            Action.RECORD_MEETING,
            None,
        ),
        (
            CaseFacts(S.REVIEW_SCHEDULED, meeting=True, meeting_started=True),
            CHAIR,
            Action.RECORD_MEETING,
            Why.NOT_YOUR_ROLE,
        ),
        (
            CaseFacts(S.WITHDRAWN, meeting=True, meeting_started=True),
            COORDINATOR,
            Action.RECORD_MEETING,
            Why.NOT_AT_THIS_STEP,
        ),
        (HELD, COORDINATOR, Action.RECORD_MEETING, Why.MEETING_HELD),
        # The action plan.
        (HELD, COORDINATOR, Action.ADD_RECOMMENDATION, None),
        (
            CaseFacts(S.REVIEW_SCHEDULED, meeting=True),
            COORDINATOR,
            Action.ADD_RECOMMENDATION,
            Why.MEETING_NOT_HELD,
        ),
        (
            CaseFacts(S.REVIEW_HELD, meeting=True, meeting_held=True, plan_final=True),
            COORDINATOR,
            Action.ADD_RECOMMENDATION,
            Why.PLAN_FINAL,
        ),
        (HELD, COORDINATOR, Action.SHARE_PLAN, Why.NO_RECOMMENDATIONS),
        (
            CaseFacts(S.REVIEW_HELD, meeting=True, meeting_held=True, recommendations=1),
            COORDINATOR,
            Action.SHARE_PLAN,
            None,
        ),
        (HELD, COORDINATOR, Action.RECORD_COMMENTS, Why.PLAN_NOT_SHARED),
        (
            CaseFacts(S.REVIEW_HELD, meeting=True, meeting_held=True, recommendations=1, plan_shared=True),
            COORDINATOR,
            Action.FINALISE_PLAN,
            Why.COMMENTS_NOT_RECORDED,
        ),
        (
            CaseFacts(
                S.REVIEW_HELD,
                meeting=True,
                meeting_held=True,
                recommendations=1,
                recommendations_proposed=1,
                plan_shared=True,
                comments_recorded=True,
            ),
            COORDINATOR,
            Action.FINALISE_PLAN,
            Why.RECOMMENDATIONS_PROPOSED,
        ),
        # The outcome: after the plan is final, when there is one.
        (HELD, COORDINATOR, Action.SEND_OUTCOME, None),
        (
            CaseFacts(S.REVIEW_HELD, meeting=True, meeting_held=True, recommendations=1),
            COORDINATOR,
            Action.SEND_OUTCOME,
            Why.PLAN_NOT_FINAL,
        ),
        # Closing: only after "not met" or the outcome, with every recommendation settled.
        (CaseFacts(S.OUTCOME_SENT), COORDINATOR, Action.CLOSE, None),
        (CaseFacts(S.THRESHOLD_NOT_MET), COORDINATOR, Action.CLOSE, None),
        (
            CaseFacts(S.OUTCOME_SENT, recommendations_open=2),
            COORDINATOR,
            Action.CLOSE,
            Why.RECOMMENDATIONS_OPEN,
        ),
        (CaseFacts(S.ESCALATED), COORDINATOR, Action.CLOSE, Why.NOT_AT_THIS_STEP),
        # Escalations.
        (CaseFacts(S.OUTCOME_SENT), COORDINATOR, Action.RECORD_ESCALATION, None),
        (CaseFacts(S.CLOSED), COORDINATOR, Action.RECORD_ESCALATION, None),
        (CaseFacts(S.REVIEW_HELD), COORDINATOR, Action.RECORD_ESCALATION, Why.NOT_AT_THIS_STEP),
        (CaseFacts(S.THRESHOLD_NOT_MET), APPLICANT, Action.RECORD_ESCALATION, None),
        (CaseFacts(S.ESCALATED, escalation_undecided=True), CHAIR, Action.DECIDE_ESCALATION, None),
        (
            CaseFacts(S.ESCALATED, escalation_undecided=True),
            Standing(capabilities=CHAIR.capabilities, took_part=True),
            Action.DECIDE_ESCALATION,
            Why.TOOK_PART,
        ),
        (
            CaseFacts(S.ESCALATED, escalation_undecided=True),
            COORDINATOR,
            Action.DECIDE_ESCALATION,
            Why.NOT_YOUR_ROLE,
        ),
        (CaseFacts(S.CLOSED), CHAIR, Action.DECIDE_ESCALATION, Why.NO_ESCALATION_TO_DECIDE),
        # Recommendations are updated by the agency they are addressed to, or the coordinator.
        (
            CaseFacts(S.OUTCOME_SENT),
            Standing(capabilities=OFFICER.capabilities, own_recommendations_movable=True),
            Action.UPDATE_RECOMMENDATION,
            None,
        ),
        (
            CaseFacts(S.OUTCOME_SENT),
            Standing(capabilities=OFFICER.capabilities, recommendations_movable=True),
            Action.UPDATE_RECOMMENDATION,
            Why.NOTHING_TO_UPDATE,
        ),
        (
            CaseFacts(S.OUTCOME_SENT),
            Standing(capabilities=COORDINATOR.capabilities, recommendations_movable=True),
            Action.UPDATE_RECOMMENDATION,
            None,
        ),
        # The applicant withdraws until the review has been held.
        (CaseFacts(S.REVIEW_SCHEDULED), APPLICANT, Action.WITHDRAW, None),
        (CaseFacts(S.REVIEW_HELD), APPLICANT, Action.WITHDRAW, Why.NOT_AT_THIS_STEP),
        (CaseFacts(S.RECEIVED), COORDINATOR, Action.WITHDRAW, Why.NOT_YOUR_ROLE),
        # Letters are the coordinator's to post or send again.
        (CaseFacts(S.CLOSED), COORDINATOR, Action.MARK_LETTER_POSTED, None),
        (CaseFacts(S.CLOSED), AUDITOR, Action.SEND_LETTER_AGAIN, Why.NOT_YOUR_ROLE),
        # The diary: the coordinator at any step, a closed case too; an agency asked about the case.
        (CaseFacts(S.CLOSED), COORDINATOR, Action.WRITE_IN_DIARY, None),
        (CaseFacts(S.INFORMATION_REQUESTED), OFFICER, Action.WRITE_IN_DIARY, None),
        (
            CaseFacts(S.OUTCOME_SENT),
            Standing(capabilities=OFFICER.capabilities),
            Action.WRITE_IN_DIARY,
            Why.NOT_ASKED,
        ),
        (CaseFacts(S.REVIEW_HELD), CHAIR, Action.WRITE_IN_DIARY, Why.NOT_YOUR_ROLE),
        (CaseFacts(S.REVIEW_HELD), AUDITOR, Action.WRITE_IN_DIARY, Why.NOT_YOUR_ROLE),
    ],
)
def test_each_step_is_available_or_says_why_not(
    case: CaseFacts, who: Standing, action: Action, why: Why | None
) -> None:
    step = rulebook(case, who)[action]

    assert step.why == why
    assert step.available is (why is None)


def test_a_plan_waiting_on_the_agencies_says_so_in_place_of_the_button() -> None:
    case = CaseFacts(
        S.REVIEW_HELD,
        meeting=True,
        meeting_held=True,
        recommendations=2,
        recommendations_proposed=1,
        plan_shared=True,
        comments_recorded=True,
    )

    step = rulebook(case, COORDINATOR)[Action.FINALISE_PLAN]

    assert step.to_do_first
    assert step.reason == "Every agency must accept or decline its recommendations first"


def test_a_step_not_yours_is_never_explained_as_work_to_do() -> None:
    step = rulebook(CaseFacts(S.OUTCOME_SENT, recommendations_open=1), AUDITOR)[Action.CLOSE]

    assert not step.to_do_first


def test_an_escalated_case_with_open_recommendations_says_both_why_it_cannot_close() -> None:
    step = rulebook(CaseFacts(S.ESCALATED, recommendations_open=1), COORDINATOR)[Action.CLOSE]

    assert step.reasons == (Why.RECOMMENDATIONS_OPEN, Why.NOT_AT_THIS_STEP)
    assert not step.to_do_first


def test_templates_read_each_step_by_its_name() -> None:
    actions = rulebook(CaseFacts(S.RECEIVED), COORDINATOR)

    assert actions["acknowledge"].available
    assert actions.available() == {
        Action.ACKNOWLEDGE,
        Action.MARK_LETTER_POSTED,
        Action.SEND_LETTER_AGAIN,
        Action.WRITE_IN_DIARY,
        Action.CHANGE_OWNER,
        Action.RECORD_DETAILS,
        Action.ADD_DOCUMENT,
    }


def test_only_the_coordinator_records_where_and_who_and_links_cases_at_any_step() -> None:
    for state in State:
        assert rulebook(CaseFacts(state), COORDINATOR)[Action.RECORD_DETAILS].available
    officer = Standing(
        capabilities=frozenset({Capability.ANSWER_INFORMATION_REQUESTS}), own_request=Asked.OPEN
    )
    assert (
        rulebook(CaseFacts(S.INFORMATION_REQUESTED), officer)[Action.RECORD_DETAILS].why == Why.NOT_YOUR_ROLE
    )


def test_a_recommendation_is_changed_by_the_coordinator_or_chair_while_one_is_open() -> None:
    chair = Standing(capabilities=capabilities([Role.PANEL_CHAIR]), chairs_meeting=True)
    auditor = Standing(capabilities=capabilities([Role.AUDITOR]))
    open_one = CaseFacts(S.OUTCOME_SENT, recommendations_open=1)

    assert rulebook(open_one, COORDINATOR)[Action.CHANGE_RECOMMENDATION].available
    assert rulebook(open_one, chair)[Action.CHANGE_RECOMMENDATION].available
    assert rulebook(open_one, auditor)[Action.CHANGE_RECOMMENDATION].why == Why.NOT_YOUR_ROLE
    settled = rulebook(CaseFacts(S.OUTCOME_SENT), COORDINATOR)[Action.CHANGE_RECOMMENDATION]
    assert settled.why == Why.NOTHING_TO_UPDATE


def test_documents_are_added_by_the_coordinator_the_chair_and_an_agency_asked() -> None:
    asked = Standing(capabilities=capabilities([Role.AGENCY_OFFICER]), own_request=Asked.OPEN)
    not_asked = Standing(capabilities=capabilities([Role.AGENCY_OFFICER]))
    chair = Standing(capabilities=capabilities([Role.PANEL_CHAIR]), chairs_meeting=True)
    auditor = Standing(capabilities=capabilities([Role.AUDITOR]))
    case = CaseFacts(S.CLOSED)

    assert rulebook(case, COORDINATOR)[Action.ADD_DOCUMENT].available
    assert rulebook(case, asked)[Action.ADD_DOCUMENT].available
    assert rulebook(case, chair)[Action.ADD_DOCUMENT].available
    assert rulebook(case, not_asked)[Action.ADD_DOCUMENT].why == Why.NOT_ASKED
    assert rulebook(case, auditor)[Action.ADD_DOCUMENT].why == Why.NOT_YOUR_ROLE


def test_every_step_and_every_reason_is_in_the_rulebook() -> None:
    actions = rulebook(CaseFacts(S.RECEIVED), COORDINATOR)

    assert set(actions) == set(Action)
    assert set(REASONS) == set(Why)
    assert set(Why) >= TO_DO_FIRST


_facts = st.builds(
    CaseFacts,
    state=st.sampled_from(State),
    requests_unanswered=st.integers(0, 3),
    meeting=st.booleans(),
    meeting_started=st.booleans(),
    meeting_held=st.booleans(),
    recommendations=st.integers(0, 3),
    recommendations_proposed=st.integers(0, 3),
    plan_shared=st.booleans(),
    comments_recorded=st.booleans(),
    plan_final=st.booleans(),
    recommendations_open=st.integers(0, 3),
    escalation_undecided=st.booleans(),
)
_standing = st.builds(
    Standing,
    capabilities=st.frozensets(st.sampled_from(Capability)),
    applicant=st.booleans(),
    chairs_meeting=st.booleans(),
    took_part=st.booleans(),
    own_request=st.sampled_from(Asked),
    own_recommendations_movable=st.booleans(),
    recommendations_movable=st.booleans(),
)


@given(case=_facts, who=_standing)
def test_no_step_is_available_whose_move_the_workflow_refuses(case: CaseFacts, who: Standing) -> None:
    actions = rulebook(case, who)

    for action, to in MOVES.items():
        if actions[action].available:
            assert can_move(case.state, to)
            assert case.state != State.ESCALATED


@given(case=_facts, who=_standing)
def test_nothing_is_available_to_someone_with_no_role_in_the_case(case: CaseFacts, who: Standing) -> None:
    nobody = Standing(own_request=who.own_request, took_part=who.took_part)

    assert rulebook(case, nobody).available() == set()


@given(case=_facts)
def test_a_withdrawn_case_takes_no_step_but_opening_a_pack(case: CaseFacts) -> None:
    everyone = Standing(
        capabilities=frozenset(Capability),
        applicant=True,
        chairs_meeting=True,
        own_request=Asked.OPEN,
        own_recommendations_movable=True,
        recommendations_movable=True,
    )
    withdrawn = replace(case, state=State.WITHDRAWN)

    assert rulebook(withdrawn, everyone).available() <= {
        Action.MARK_LETTER_POSTED,
        Action.SEND_LETTER_AGAIN,
        Action.CHANGE_OWNER,
        # The agencies' actions outlive a withdrawal: they can still be moved on, and re-dated.
        Action.UPDATE_RECOMMENDATION,
        Action.CHANGE_RECOMMENDATION,
        # Keeping the record is no step of the procedure: a call after a withdrawal is still logged,
        # and a new request can be about the same street as a withdrawn one.
        Action.WRITE_IN_DIARY,
        Action.RECORD_DETAILS,
        Action.ADD_DOCUMENT,
    }
