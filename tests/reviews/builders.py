"""A case taken through the services to each step of the review, and the staff who take it there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from accounts.people import staff
from applications.builders import partnership, submitted
from django.utils import timezone

from community_trigger.agencies.models import Agency
from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.common.calendar import working_days_after
from community_trigger.domain.access import Role
from community_trigger.reviews.models import Meeting, Recommendation, VictimInvolvement
from community_trigger.reviews.services.meetings import meeting_record, meeting_schedule
from community_trigger.reviews.services.plans import (
    action_plan_comments,
    action_plan_finalise,
    action_plan_share,
    outcome_send,
    recommendation_add,
    recommendation_update,
)
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import information_answer, information_request_all

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SENSITIVE_RISK = "The neighbour has a history of violence against women."
POLICE_ACTION = "Two patrols and a warning letter to the neighbour at number 3."


@dataclass
class Team:
    """The staff of the demo partnership who run a review, each with their one role."""

    coordinator: User
    chair: User
    reviewer: User  # a panel chair who takes no part in this case
    police_officer: User
    housing_officer: User

    @property
    def police(self) -> Agency:
        return Agency.objects.get(partnership=partnership(), kind="police")

    @property
    def housing(self) -> Agency:
        return Agency.objects.get(partnership=partnership(), kind="housing")


def team() -> Team:
    return Team(
        coordinator=staff("cora"),
        chair=staff("chad", role=Role.PANEL_CHAIR),
        reviewer=staff("rhea", role=Role.PANEL_CHAIR),
        police_officer=staff("otto", role=Role.AGENCY_OFFICER, agency_kind="police"),
        housing_officer=staff("hana", role=Role.AGENCY_OFFICER, agency_kind="housing"),
    )


def answered(people: Team, **overrides: Any) -> Application:
    """A case decided for review, every agency asked, the police and housing answered (the police
    with risk information marked sensitive)."""
    case = submitted(partnership(), **overrides)
    application_acknowledge(application=case, actor=people.coordinator)
    threshold_decide(application=case, outcome="threshold_met", reasons="", actor=people.coordinator)
    information_request_all(application=case, actor=people.coordinator)
    for officer, kind, action, risk in (
        (people.police_officer, "police", POLICE_ACTION, SENSITIVE_RISK),
        (people.housing_officer, "housing", "A tenancy warning to the neighbour.", ""),
    ):
        information_answer(
            request=InformationRequest.objects.get(application=case, agency__kind=kind),
            checks={},
            action_taken=action,
            outcome="The behaviour carried on.",
            other_history="",
            risk=risk,
            risk_sensitive=bool(risk),
            actor=officer,
        )
    case.refresh_from_db()
    return case


def in_an_hour() -> datetime:
    return timezone.now() + timedelta(hours=1)


# Why `answered` cases go to a meeting before the council and health have answered.
NOT_WAITING = "The council and the health board hold nothing on the street; the victim cannot wait."


def scheduled(people: Team, case: Application, **overrides: Any) -> Meeting:
    """Arranged by the coordinator, chaired by a panel chair of the council (so not independent). A
    meeting that starts in the past was arranged a minute before it started."""
    values: dict[str, Any] = {
        "application": case,
        "starts_at": in_an_hour(),
        "place": "Beech Hurst, Andover",
        "online_link": "",
        "chair": people.chair,
        "chair_independent": False,
        "agencies": [people.police, people.housing],
        "panel": [people.coordinator, people.police_officer, people.housing_officer],
        "victim_involvement": VictimInvolvement.INVITED,
        "unanswered_reason": NOT_WAITING,
        "actor": people.coordinator,
    } | overrides
    if "now" not in values and values["starts_at"] <= timezone.now():
        values["now"] = values["starts_at"] - timedelta(minutes=1)
    return meeting_schedule(**values)


def held(people: Team, meeting: Meeting, **overrides: Any) -> Meeting:
    values: dict[str, Any] = {
        "meeting": meeting,
        "attendees": "Chad (chair), Cora (council), Otto (police), Hana (Aster Group)",
        "summaries": {people.police.pk: POLICE_ACTION, people.housing.pk: "A tenancy warning."},
        "findings": "The reports were not linked up between the police and the landlord.",
        "further_action_possible": True,
        "actor": people.coordinator,
        "now": meeting.starts_at + timedelta(hours=2),
    }
    return meeting_record(**(values | overrides))


def recommended(
    people: Team, meeting: Meeting, agency: Agency, owner: User, action: str, *, days: int = 14
) -> Recommendation:
    """Due `days` working days from today (a negative `days` counts calendar days back)."""
    return recommendation_add(
        meeting=meeting,
        agency=agency,
        owner=owner,
        action=action,
        due_by=working_days_after(date.today(), days) if days > 0 else date.today() + timedelta(days=days),
        actor=people.coordinator,
    )


def with_final_plan(people: Team, meeting: Meeting) -> list[Recommendation]:
    """Two recommendations, both accepted, the applicant consulted, the plan final."""
    made = [
        recommended(
            people, meeting, people.police, people.police_officer, "visit the street every night for a month"
        ),
        recommended(
            people, meeting, people.housing, people.housing_officer, "offer mediation to both households"
        ),
    ]
    for recommendation in made:
        recommendation_update(recommendation=recommendation, to="accepted", actor=people.coordinator)
    action_plan_share(meeting=meeting, actor=people.coordinator)
    action_plan_comments(meeting=meeting, comments="Happy with the plan.", actor=people.coordinator)
    action_plan_finalise(meeting=meeting, actor=people.coordinator)
    return made


def outcome_sent(people: Team) -> Application:
    """A reviewed case whose outcome letter has gone, with its two recommendations accepted."""
    meeting = held(people, scheduled(people, answered(people)))
    with_final_plan(people, meeting)
    outcome_send(meeting=meeting, summary_for_applicant="More will be done.", actor=people.coordinator)
    meeting.application.refresh_from_db()
    return meeting.application
