"""Where each application received in a year stands (the sentence: tests/publication/test_sentence.py)."""

from __future__ import annotations

import pytest

from community_trigger.domain.figures import (
    Cohort,
    Standing,
    YearFigures,
    cohort,
    standing,
)
from community_trigger.domain.workflow import TRANSITIONS, State, after_escalation

S = State
# Where an application stands -------------------------------------------------------------------------

STANDINGS = [
    (S.RECEIVED, None, Standing.PENDING_DECISION),
    (S.ACKNOWLEDGED, None, Standing.PENDING_DECISION),
    # Sent back by an upheld escalation of a "not met", to be decided again.
    (S.ACKNOWLEDGED, S.THRESHOLD_NOT_MET, Standing.PENDING_DECISION),
    (S.WITHDRAWN, None, Standing.WITHDRAWN),
    (S.WITHDRAWN, S.THRESHOLD_MET, Standing.WITHDRAWN),
    (S.THRESHOLD_NOT_MET, None, Standing.NOT_MET),
    (S.CLOSED, None, Standing.NOT_MET),
    (S.ESCALATED, None, Standing.NOT_MET),
    (S.THRESHOLD_MET, S.THRESHOLD_MET, Standing.MET_PENDING_REVIEW),
    (S.INFORMATION_REQUESTED, S.THRESHOLD_MET, Standing.MET_PENDING_REVIEW),
    (S.REVIEW_SCHEDULED, S.THRESHOLD_MET, Standing.MET_PENDING_REVIEW),
    (S.REVIEW_HELD, S.THRESHOLD_MET, Standing.MET_REVIEWED),
    (S.OUTCOME_SENT, S.THRESHOLD_MET, Standing.MET_REVIEWED),
    (S.CLOSED, S.THRESHOLD_MET, Standing.MET_REVIEWED),
    (S.ESCALATED, S.THRESHOLD_MET, Standing.MET_REVIEWED),
    (S.DISCRETIONARY_REVIEW, S.DISCRETIONARY_REVIEW, Standing.DISCRETIONARY_PENDING_REVIEW),
    (S.INFORMATION_REQUESTED, S.DISCRETIONARY_REVIEW, Standing.DISCRETIONARY_PENDING_REVIEW),
    (S.OUTCOME_SENT, S.DISCRETIONARY_REVIEW, Standing.DISCRETIONARY_REVIEWED),
    (S.CLOSED, S.DISCRETIONARY_REVIEW, Standing.DISCRETIONARY_REVIEWED),
    # A state that says a review was decided, with no decision on record, is taken at its word.
    (S.INFORMATION_REQUESTED, None, Standing.MET_PENDING_REVIEW),
    (S.DISCRETIONARY_REVIEW, None, Standing.DISCRETIONARY_PENDING_REVIEW),
    (S.REVIEW_HELD, None, Standing.MET_REVIEWED),
]


@pytest.mark.parametrize(("state", "decision", "expected"), STANDINGS)
def test_where_an_application_stands(state: State, decision: State | None, expected: Standing) -> None:
    assert standing(state, decision) == expected


def test_every_state_has_a_standing() -> None:
    assert {state for state, _, _ in STANDINGS} == set(State)


def test_a_decision_to_review_is_a_cases_last_threshold_decision() -> None:
    # The cohort counts only decisions to review (met or discretionary) because the workflow never
    # brings such a case back to a threshold decision: an upheld escalation returns a "not met" to be
    # decided again, and a reviewed case to a new review. Walk every move the services make, with
    # an escalated case remembering where it came from (after_escalation sends it there or onwards),
    # and a closed one the step it was closed after.
    Step = tuple[State, State | None, State | None]
    start: list[Step] = [(S.THRESHOLD_MET, None, None), (S.DISCRETIONARY_REVIEW, None, None)]
    seen: set[Step] = set()
    while start:
        step = start.pop()
        state, came_from, closed_after = step
        if step in seen:
            continue
        seen.add(step)
        if state is S.ESCALATED:
            assert came_from is not None
            start += [
                (after_escalation(came_from, upheld=upheld, closed_after=closed_after), None, closed_after)
                for upheld in (True, False)
            ]
        else:
            start += [
                (
                    to,
                    state if to is S.ESCALATED else None,
                    # In this branch the case is not escalated: a move to closed closes it after `state`.
                    state if to is S.CLOSED else closed_after,
                )
                for to in TRANSITIONS[state]
            ]
    reached = {state for state, _, _ in seen}
    assert S.ACKNOWLEDGED not in reached
    assert S.THRESHOLD_NOT_MET not in reached


def test_the_cohort_counts_each_application_once() -> None:
    by_state = {S.CLOSED: 5, S.INFORMATION_REQUESTED: 2, S.RECEIVED: 1, S.WITHDRAWN: 1}
    decisions = {
        (S.CLOSED, S.THRESHOLD_MET): 3,
        (S.CLOSED, S.DISCRETIONARY_REVIEW): 1,
        (S.INFORMATION_REQUESTED, S.THRESHOLD_MET): 2,
    }

    year = cohort(by_state, decisions)

    assert year == Cohort(
        met_reviewed=3,
        discretionary_reviewed=1,
        not_met=1,
        met_pending_review=2,
        pending_decision=1,
        withdrawn=1,
    )
    assert (year.received, year.met, year.did_not_meet, year.pending) == (9, 5, 2, 3)


def test_figures_and_cohorts_come_back_from_their_dictionaries() -> None:
    figures = YearFigures(received=3, threshold_not_met=1, reviews_carried_out=2, escalations_upheld=1)
    year = Cohort(met_reviewed=2, not_met=1)

    assert YearFigures.from_dict(figures.as_dict()) == figures
    assert Cohort.from_dict(year.as_dict()) == year
    assert YearFigures.from_dict({}) == YearFigures()
