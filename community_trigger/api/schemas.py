"""The contract of spec/threshold.md sections 5 and 6 as schemas, for the OpenAPI document.

The engine validates the input itself (so the command line and the API give the same errors); these
models describe that input and output for people and tools reading /api/v1/openapi.json.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

AgencyName = Literal["council", "police", "health", "housing", "other"]
RuleId = Literal[
    "asb", "reported_in_time", "in_application_window", "partner_agency", "dissatisfied", "consent"
]


# The example of spec section 5, shown in the API docs.
SPEC_EXAMPLE = {
    "policy": "test-valley",
    "application_date": "2024-03-01",
    "applicant": {"role": "victim", "person": "P1", "consent": True},
    "about_single_organisation": False,
    "people": [{"id": "P1", "dissatisfied": True, "consent": True}],
    "incidents": [
        {
            "id": "I1",
            "date": "2024-01-10",
            "asb": True,
            "hate": False,
            "reports": [{"by": "P1", "agency": "police", "date": "2024-01-11", "reference": "44240011"}],
        }
    ],
}


# The engine refuses an id that is empty or only whitespace (any character Python counts as one,
# which is what `\s` means in a Python pattern); tests/api/test_openapi_contract.py holds the schema
# and the engine to the same verdict.
Identifier = Annotated[
    str, Field(min_length=1, pattern=r"\S", description="At least one character that is not a space.")
]
# A calendar date written YYYY-MM-DD: the pattern says so to tools that treat `format` as a note only.
CalendarDate = Annotated[date, Field(json_schema_extra={"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})]


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ApplicantIn(_Strict):
    # The engine asks for `person` unless the applicant acts for a group, and refuses it then.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "if": {"properties": {"role": {"const": "group_representative"}}, "required": ["role"]},
            "then": {"properties": {"person": {"type": "null"}}},
            "else": {"required": ["person"], "properties": {"person": {"type": "string"}}},
        },
    )

    role: Literal["victim", "representative", "group_representative"]
    person: Identifier | None = Field(
        None, description="The victim's id in `people`; left out for a group_representative."
    )
    consent: bool = Field(description="The applicant agrees to their information being shared.")


class PersonIn(_Strict):
    id: Identifier
    dissatisfied: bool = Field(description="Feels no action was taken, or is not satisfied with it.")
    consent: bool = Field(description="Agrees to their information being shared.")


class ReportIn(_Strict):
    by: Identifier = Field(description="The id of the person who made the report.")
    agency: AgencyName
    date: CalendarDate
    reference: str | None = None


class IncidentIn(_Strict):
    id: Identifier
    date: CalendarDate
    asb: bool = Field(description="Behaviour causing harassment, alarm or distress.")
    hate: bool = False
    reports: list[ReportIn]


class AssessmentIn(_Strict):
    """An application for a case review, as the threshold engine reads it."""

    policy: Identifier | None = Field(None, description="A policy id; the deployment's default if left out.")
    application_date: CalendarDate
    applicant: ApplicantIn
    about_single_organisation: bool = False
    people: list[PersonIn]
    incidents: list[IncidentIn]


class CriterionOut(Schema):
    id: Literal[
        "applicant_consent",
        "not_a_service_complaint",
        "three_complaints",
        "five_individuals",
        "hate_incident",
    ]
    met: bool
    detail: str = Field(description="A sentence a coordinator can read out to the applicant.")


class ReportOut(Schema):
    incident: str
    index: int = Field(description="The report's position inside its incident.")
    by: str
    qualifies: bool
    reasons: list[RuleId] = Field(description="The rules this report fails; empty when it qualifies.")


class AssessmentOut(Schema):
    """The engine's explained answer."""

    policy: str
    application_date: date
    eligible: bool
    threshold_met: bool
    route: Literal["three_complaints", "five_individuals", "hate_incident"] | None
    discretion_available: bool
    criteria: list[CriterionOut]
    reports: list[ReportOut]


class ErrorDetail(Schema):
    field: str = Field(description="The path of the offending field, e.g. incidents[0].date.")
    message: str


class ErrorOut(Schema):
    error: ErrorDetail


# The published statistics (community_trigger.statistics.exports builds these documents) ---------------


class FiguresOut(Schema):
    """What happened in the year, each counted by the date it happened; each counts applications,
    each at most once a year."""

    received: int = Field(description="Applications submitted in the year.")
    threshold_not_met: int = Field(
        description="Applications decided, in the year, not to meet the threshold."
    )
    reviews_carried_out: int = Field(description="Applications whose review meeting was held in the year.")
    reviews_with_recommendations: int = Field(
        description="Of those, applications whose meeting in the year made at least one recommendation."
    )
    discretionary_reviews: int = Field(
        description="Applications decided, in the year, to be reviewed below the threshold (s104(5))."
    )
    withdrawn: int = Field(description="Applications withdrawn by the applicant in the year.")
    escalations_requested: int = Field(
        description="Applications whose applicant asked, in the year, for an escalation."
    )
    escalations_upheld: int = Field(description="Applications with an escalation upheld in the year.")


class StandingsOut(Schema):
    """The applications received in the year, by where each stands (as of publication, or now)."""

    met_reviewed: int
    met_pending_review: int
    discretionary_reviewed: int
    discretionary_pending_review: int
    not_met: int
    pending_decision: int
    withdrawn: int


class CohortOut(Schema):
    received: int
    met: int = Field(description="Met the criteria, reviewed or with the review to come.")
    did_not_meet: int = Field(
        description="Did not meet the criteria, including those reviewed at discretion."
    )
    pending: int = Field(description="Waiting for a decision, or for a review that has been agreed.")
    withdrawn: int
    by_standing: StandingsOut


class VersionOut(Schema):
    version: int
    published_at: datetime
    sentence: str
    figures: FiguresOut
    cohort: CohortOut


class YearStatisticsOut(Schema):
    """One reporting year: its latest published version, or the live figures when not yet published."""

    year: str = Field(description='As people write it: "2023/24" (financial) or "2023" (calendar).')
    slug: str = Field(description='As the address writes it: "2023-24" or "2023".')
    first_day: date
    last_day: date
    complete: bool = Field(description="The year has ended.")
    status: Literal["published", "provisional"]
    version: int | None = Field(description="The published version shown; null when provisional.")
    published_at: datetime | None
    sentence: str = Field(description="The year in one plain-English sentence.")
    figures: FiguresOut
    cohort: CohortOut
    earlier_versions: list[VersionOut] = Field(description="Versions this one replaced, oldest first.")


class PartnershipOut(Schema):
    name: str
    slug: str
    year_basis: Literal["financial", "calendar"]


class PartnershipStatisticsOut(Schema):
    """Every year of a partnership, oldest first."""

    partnership: PartnershipOut
    generated_at: datetime
    years: list[YearStatisticsOut]


class PartnershipYearStatisticsOut(YearStatisticsOut):
    partnership: PartnershipOut
