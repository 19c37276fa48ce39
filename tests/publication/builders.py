"""Cases of the demo partnership taken through the services, each step at its own moment, the clock
frozen there (time-machine): the statistics tests write history, never counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from applications.builders import agency_id, application_for, incident, partnership, report
from django.utils import timezone
from reviews.builders import Team, with_final_plan

from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.models import Application
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.cases.services.intake import application_submit, application_withdraw
from community_trigger.domain.workflow import State
from community_trigger.reviews.models import Escalation, Meeting, VictimInvolvement
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.reviews.services.meetings import meeting_record, meeting_schedule
from community_trigger.reviews.services.plans import outcome_send
from community_trigger.sharing.services import information_request_all

LONDON = ZoneInfo("Europe/London")


def local(when: str) -> datetime:
    """A moment in the service's time zone, as in "2024-03-31 23:30"."""
    return datetime.fromisoformat(when).replace(tzinfo=LONDON)


@dataclass
class Casebook:
    """Writes the history of cases: `clock` is time-machine's fixture, `people` the review team."""

    clock: Any
    people: Team

    def at(self, when: str) -> None:
        self.clock.move_to(local(when), tick=False)

    def received(self, when: str, *, incidents: int = 3) -> Application:
        """Submitted online at `when`, with `incidents` incidents each reported the day after, in the
        weeks before: three meet the demo partnership's threshold, fewer do not."""
        self.at(when)
        today = timezone.localdate()
        police = agency_id(partnership())
        reported = [
            incident(
                f"i{n}",
                today - timedelta(days=10 * n + 11),
                report("you", police, today - timedelta(days=10 * n + 10)),
            )
            for n in range(incidents)
        ]
        return application_submit(
            partnership=partnership(),
            answers=application_for("victim", agency=police, incidents=reported),
            consent_wording_version=CONSENT_WORDING_VERSION,
        )

    def acknowledged(self, case: Application, when: str) -> Application:
        self.at(when)
        return application_acknowledge(application=_fresh(case), actor=self.people.coordinator)

    def decided(self, case: Application, when: str, outcome: State, reasons: str = "") -> Application:
        """Acknowledged first if it was not, then decided; `reasons` where the engine would differ."""
        if _fresh(case).state == State.RECEIVED:
            self.acknowledged(case, when)
        self.at(when)
        threshold_decide(
            application=_fresh(case), outcome=outcome, reasons=reasons, actor=self.people.coordinator
        )
        return _fresh(case)

    def requested(self, case: Application, when: str) -> Application:
        self.at(when)
        information_request_all(application=_fresh(case), actor=self.people.coordinator)
        return _fresh(case)

    def to_review(self, case: Application, when: str) -> Application:
        """Decided met and every agency asked, both at `when`."""
        self.decided(case, when, State.THRESHOLD_MET)
        return self.requested(case, when)

    def scheduled(self, case: Application, starts: str) -> Meeting:
        """Arranged a week before it starts."""
        self.clock.move_to(local(starts) - timedelta(days=7), tick=False)
        people = self.people
        return meeting_schedule(
            application=_fresh(case),
            starts_at=local(starts),
            place="Beech Hurst, Andover",
            online_link="",
            chair=people.chair,
            chair_independent=False,
            agencies=[people.police, people.housing],
            panel=[people.coordinator],
            victim_involvement=VictimInvolvement.INVITED,
            unanswered_reason="The agencies will bring their answers to the meeting.",
            actor=people.coordinator,
        )

    def held(self, meeting: Meeting, recorded: str, *, recommendations: bool) -> Meeting:
        """Its record written at `recorded` (the meeting counts by when it was held, `starts_at`),
        with the panel's two recommendations agreed with the applicant when `recommendations`."""
        self.at(recorded)
        people = self.people
        held = meeting_record(
            meeting=meeting,
            attendees="The panel",
            summaries={people.police.pk: "Patrols.", people.housing.pk: "A warning."},
            findings="The reports were not linked up.",
            further_action_possible=recommendations,
            actor=people.coordinator,
        )
        if recommendations:
            with_final_plan(people, held)
        return held

    def reviewed(self, case: Application, starts: str, *, recommendations: bool = True) -> Meeting:
        """Met, asked, and reviewed at a meeting held at `starts`, recorded that afternoon."""
        meeting = self.scheduled(case, starts)
        return self.held(meeting, _later(starts, hours=3), recommendations=recommendations)

    def outcome(self, meeting: Meeting, when: str) -> Application:
        self.at(when)
        outcome_send(meeting=meeting, summary_for_applicant="What we found.", actor=self.people.coordinator)
        return _fresh(meeting.application)

    def withdrawn(self, case: Application, when: str) -> Application:
        self.at(when)
        return application_withdraw(application=_fresh(case))

    def escalated(self, case: Application, when: str) -> Escalation:
        self.at(when)
        return escalation_request(
            application=_fresh(case),
            about=Escalation.About.APPLICATION,
            grounds=[Escalation.Ground.INFORMATION],
            details="My reports to the council were not counted.",
        )

    def escalation_decided(self, escalation: Escalation, when: str, *, upheld: bool) -> Application:
        self.at(when)
        escalation_decide(
            escalation=escalation, upheld=upheld, reasons="Looked at again.", actor=self.people.reviewer
        )
        return _fresh(escalation.application)


def _fresh(case: Application) -> Application:
    return Application.objects.select_related("partnership").get(pk=case.pk)


def _later(when: str, *, hours: int) -> str:
    return (datetime.fromisoformat(when) + timedelta(hours=hours)).isoformat(sep=" ")
