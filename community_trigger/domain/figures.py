"""The yearly figures a partnership publishes, and where each application received in a year stands.

s104 requires the relevant bodies to publish, at least once every twelve months, the number of
applications for a case review, how many times they decided the threshold was not met, how many
reviews they carried out and how many of those resulted in recommendations (s104(10) as the research
reads it; the subsection number is not verified). The system adds what the research found others
report: discretionary reviews (Stafford), applications withdrawn (Watford), escalations asked for and
upheld (Herefordshire's FOI questions). Each of these counts an event in the year it happened.

The cohort is the other view, Test Valley's: of the applications received in a year, where each one
stands now (met the criteria, did not, still waiting), told in one sentence (statistics/wording.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from enum import StrEnum

from community_trigger.domain.workflow import REVIEW_DECIDED, State


@dataclass(frozen=True, slots=True)
class YearFigures:
    """What happened in one reporting year, each counted by the date it happened on.

    Every figure counts applications, each at most once a year, even if an escalation sent it round
    the same step twice in that year.
    """

    received: int = 0  # submitted in the year (s104: applications made)
    threshold_not_met: int = 0  # a "threshold not met" decision made in the year
    reviews_carried_out: int = 0  # a review meeting held in the year
    reviews_with_recommendations: int = 0  # of those, a meeting that made at least one recommendation
    discretionary_reviews: int = 0  # a decision in the year to review a case below the threshold (s104(5))
    withdrawn: int = 0  # withdrawn by the applicant in the year
    escalations_requested: int = 0  # the applicant asked, in the year, for a decision to be looked at again
    escalations_upheld: int = 0  # an escalation decided in the year in the applicant's favour

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, int]) -> YearFigures:
        return cls(**{field.name: int(data.get(field.name, 0)) for field in fields(cls)})


# The four figures s104 names, then the others, in the order tables and downloads show them.
FIGURE_LABELS: dict[str, str] = {
    "received": "Applications received",
    "threshold_not_met": "Threshold not met",
    "reviews_carried_out": "Reviews carried out",
    "reviews_with_recommendations": "Reviews that resulted in recommendations",
    "discretionary_reviews": "Reviews agreed at the partnership's discretion",
    "withdrawn": "Applications withdrawn",
    "escalations_requested": "Escalations asked for",
    "escalations_upheld": "Escalations upheld",
}
STATUTORY_FIGURES = ("received", "threshold_not_met", "reviews_carried_out", "reviews_with_recommendations")


class Standing(StrEnum):
    """Where an application received in a year stands now."""

    MET_REVIEWED = "met_reviewed"
    MET_PENDING_REVIEW = "met_pending_review"
    DISCRETIONARY_REVIEWED = "discretionary_reviewed"
    DISCRETIONARY_PENDING_REVIEW = "discretionary_pending_review"
    NOT_MET = "not_met"
    PENDING_DECISION = "pending_decision"
    WITHDRAWN = "withdrawn"


STANDING_LABELS = {
    Standing.MET_REVIEWED: "Met the criteria and reviewed",
    Standing.MET_PENDING_REVIEW: "Met the criteria, review to come",
    Standing.DISCRETIONARY_REVIEWED: "Did not meet the criteria, reviewed at the partnership's discretion",
    Standing.DISCRETIONARY_PENDING_REVIEW: (
        "Did not meet the criteria, to be reviewed at the partnership's discretion"
    ),
    Standing.NOT_MET: "Did not meet the criteria",
    Standing.PENDING_DECISION: "Waiting for a decision",
    Standing.WITHDRAWN: "Withdrawn",
}

_AWAITING_DECISION = frozenset({State.RECEIVED, State.ACKNOWLEDGED})
# A review has been decided on and is still to be held.
_AWAITING_REVIEW = frozenset(
    {State.THRESHOLD_MET, State.DISCRETIONARY_REVIEW, State.INFORMATION_REQUESTED, State.REVIEW_SCHEDULED}
)
REVIEW_DECISIONS = frozenset({State.THRESHOLD_MET, State.DISCRETIONARY_REVIEW})


def standing(state: State, review_decision: State | None) -> Standing:
    """Where an application stands, from its state now and its decision to hold a review, if it has one
    (threshold met, or discretionary: `review_decision`).

    Withdrawn comes first, whatever had been decided. Received or acknowledged is waiting for a
    decision, also when an upheld escalation sent a "not met" back to be decided again. A case with no
    decision to review it did not meet the criteria (it was decided "not met", and may since have
    been closed or escalated); one with such a decision met the criteria or was reviewed at the
    partnership's discretion, and its state says whether the review is still to come.

    The workflow makes one decision to review the most a case can have, and its latest decision when
    it has one: only a "not met" can be escalated back to a new decision (workflow.UPHELD_RETURNS_TO).
    So counting decisions to review, state by state, is enough to know every case's latest decision.
    """
    if state is State.WITHDRAWN:
        return Standing.WITHDRAWN
    if state in _AWAITING_DECISION:
        return Standing.PENDING_DECISION
    if state is State.THRESHOLD_NOT_MET:
        return Standing.NOT_MET
    if review_decision not in REVIEW_DECISIONS:
        if state not in REVIEW_DECIDED:
            return Standing.NOT_MET  # closed, or escalated, after a "not met"
        # The state says a review was decided although no decision was recorded: take it from the state.
        review_decision = state if state is State.DISCRETIONARY_REVIEW else State.THRESHOLD_MET
    waiting = state in _AWAITING_REVIEW
    if review_decision is State.DISCRETIONARY_REVIEW:
        return Standing.DISCRETIONARY_PENDING_REVIEW if waiting else Standing.DISCRETIONARY_REVIEWED
    return Standing.MET_PENDING_REVIEW if waiting else Standing.MET_REVIEWED


def cohort(by_state: Mapping[State, int], review_decisions: Mapping[tuple[State, State], int]) -> Cohort:
    """The cohort of one year from two counts of its applications: by their state now, and, of those
    with a decision to review, by their state and that decision (threshold met or discretionary)."""
    counts: dict[Standing, int] = dict.fromkeys(Standing, 0)
    for state, total in by_state.items():
        rest = total
        for decision in REVIEW_DECISIONS:
            decided = min(review_decisions.get((state, decision), 0), rest)
            counts[standing(state, decision)] += decided
            rest -= decided
        counts[standing(state, None)] += rest
    return Cohort.of(counts)


@dataclass(frozen=True, slots=True)
class Cohort:
    """The applications received in one year, counted by where each stands now."""

    met_reviewed: int = 0
    met_pending_review: int = 0
    discretionary_reviewed: int = 0
    discretionary_pending_review: int = 0
    not_met: int = 0
    pending_decision: int = 0
    withdrawn: int = 0

    @classmethod
    def of(cls, counts: Mapping[Standing, int]) -> Cohort:
        return cls(**{standing.value: counts.get(standing, 0) for standing in Standing})

    @classmethod
    def from_dict(cls, data: Mapping[str, int]) -> Cohort:
        return cls(**{standing.value: int(data.get(standing.value, 0)) for standing in Standing})

    def count(self, of: Standing) -> int:
        value: int = getattr(self, of.value)
        return value

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def received(self) -> int:
        return sum(self.count(of) for of in Standing)

    @property
    def met(self) -> int:
        """Met the published criteria (the threshold), reviewed or not yet."""
        return self.met_reviewed + self.met_pending_review

    @property
    def did_not_meet(self) -> int:
        """Did not meet the criteria, including those reviewed anyway at the partnership's discretion."""
        return self.not_met + self.discretionary_reviewed + self.discretionary_pending_review

    @property
    def pending(self) -> int:
        """Still waiting for something: a decision, or a review that has been agreed."""
        return self.pending_decision + self.met_pending_review + self.discretionary_pending_review
