"""Demo cases, so `make run` shows a back office with work in it and figures with years in them: five
cases at different steps today, and cases of past years that went every way the procedure allows.

The people are invented; their addresses use Ofcom's drama phone range and the reserved .example
domain. Loaded only alongside the demo staff accounts (development machines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from community_trigger.agencies.models import Agency, Membership, Partnership
from community_trigger.applications.consent import CONSENT_WORDING_VERSION
from community_trigger.cases.answers import Applicant, ApplicationAnswers, ByApplicant, Incident, Report
from community_trigger.cases.models import ApplicantRole, Application, ContactPreference, Satisfaction
from community_trigger.cases.services.decisions import application_acknowledge, threshold_decide
from community_trigger.cases.services.intake import application_submit, application_withdraw
from community_trigger.common.calendar import working_days_after
from community_trigger.demo.agencies import demo_agency_contacts_load, demo_answers_without_accounts
from community_trigger.diary.models import Direction, EntryKind, Visibility
from community_trigger.diary.services import diary_entry_add
from community_trigger.domain.access import Role
from community_trigger.domain.reporting_years import year_of
from community_trigger.domain.workflow import State
from community_trigger.related.services import perpetrator_add, place_add
from community_trigger.reviews.models import Attendance, Escalation, Meeting, VictimInvolvement
from community_trigger.reviews.services.escalations import escalation_decide, escalation_request
from community_trigger.reviews.services.meetings import meeting_record, meeting_schedule
from community_trigger.reviews.services.plans import (
    action_plan_comments,
    action_plan_finalise,
    action_plan_share,
    case_close,
    outcome_send,
    recommendation_add,
    recommendation_update,
)
from community_trigger.sharing.models import InformationRequest
from community_trigger.sharing.services import information_answer, information_request_all


def _person(
    name: str,
    email: str,
    contact_preference: ContactPreference = ContactPreference.EMAIL,
    phone: str = "01632 960 456",
) -> Applicant:
    return Applicant(
        name=name,
        address_line_1="12 Demo Road",
        town="Andover",
        postcode="SP10 1AA",
        email=email,
        phone=phone,
        contact_preference=contact_preference,
    )


def _incidents(agencies: dict[str, int], count: int, before: date | None = None) -> tuple[Incident, ...]:
    """`count` incidents, 20 days apart, before `before` (today), each reported the next day by the
    applicant."""
    today = before or timezone.localdate()
    kinds = ["police", "council", "housing"]
    return tuple(
        Incident(
            key=f"i{number}",
            date=today - timedelta(days=20 * number),
            description="Loud music and shouting late at night, and threats when asked to stop.",
            location="Outside the flats on Demo Road",
            harassment_alarm_distress=True,
            hate=False,
            reports=(
                Report(
                    key=f"r{number}",
                    by=ByApplicant(),
                    agency=agencies[kinds[number % len(kinds)]],
                    date=today - timedelta(days=20 * number - 1),
                ),
            ),
        )
        for number in range(1, count + 1)
    )


def _victim_asks(you: Applicant, incidents: tuple[Incident, ...]) -> ApplicationAnswers:
    """A victim's own request, not satisfied with what was done, agreeing to sharing online."""
    return ApplicationAnswers(
        role=ApplicantRole.VICTIM,
        you=you,
        incidents=incidents,
        satisfaction=Satisfaction.NOT_SATISFIED,
        consent=True,
    )


@transaction.atomic
def demo_cases_load(*, partnership: Partnership, coordinator: Any) -> list[Application]:
    """Five demo cases: one just received, one acknowledged awaiting a decision, one with information
    requested from the agencies (the council, with no accounts, answered through its secure link; the
    health board's emailed answer recorded by the coordinator), one with its review meeting arranged,
    and one reviewed three weeks ago with its outcome sent and two recommendations under way. Does
    nothing if the partnership has applications."""
    if partnership.applications.exists():
        return []
    demo_agency_contacts_load(partnership=partnership)
    agencies = {agency.kind: agency.pk for agency in Agency.objects.filter(partnership=partnership)}
    stories = [
        # Each their own phone number: the case page matches applicants by it (related cases).
        _victim_asks(
            _person("Dana Demo", "dana@demo.example", phone="01632 960 401"), _incidents(agencies, 3)
        ),
        _victim_asks(
            _person("Eli Example", "eli@demo.example", phone="01632 960 402"), _incidents(agencies, 1)
        ),
        _victim_asks(
            _person("Fay Fictional", "fay@demo.example", phone="01632 960 403"), _incidents(agencies, 4)
        ),
        _victim_asks(
            _person("Gus Genuine", "gus@demo.example", phone="01632 960 404"), _incidents(agencies, 3)
        ),
        _victim_asks(
            _person("Hana Hypothetical", "", ContactPreference.POST, phone="01632 960 405"),
            _incidents(agencies, 5),
        ),
    ]
    cases = [
        application_submit(
            partnership=partnership, answers=story, consent_wording_version=CONSENT_WORDING_VERSION
        )
        for story in stories
    ]
    _, awaiting_decision, requested, to_review, reviewed = cases
    application_acknowledge(application=awaiting_decision, actor=coordinator)
    application_acknowledge(application=requested, actor=coordinator)
    threshold_decide(application=requested, outcome=State.THRESHOLD_MET, reasons="", actor=coordinator)
    information_request_all(application=requested, actor=coordinator)
    now = timezone.now()
    demo_answers_without_accounts(case=requested, coordinator=coordinator, now=now)
    _review_arranged(to_review, coordinator, starts_at=_at_ten(now + timedelta(days=5)), now=now)
    _reviewed(reviewed, coordinator, weeks_ago=3)
    _diary_kept(requested, to_review, coordinator, now=now)
    _same_street(coordinator, new=cases[0], earlier=[requested, reviewed])
    return list(Application.objects.filter(pk__in=[case.pk for case in cases]).order_by("number"))


def _diary_kept(requested: Application, to_review: Application, coordinator: Any, *, now: datetime) -> None:
    """A call from the applicant that only coordinators read, and a note the police wrote for every
    agency on the case, so the case diary has something in it."""
    diary_entry_add(
        application=requested,
        actor=coordinator,
        kind=EntryKind.CALL,
        direction=Direction.INCOMING,
        with_whom="Fay Fictional, the applicant",
        happened_at=now - timedelta(hours=3),
        summary="Asked when she will hear back. Told the agencies have ten working days to answer.",
        visibility=Visibility.COORDINATORS,
    )
    police = Membership.objects.filter(
        agency__partnership=to_review.partnership, agency__kind="police", role=Role.AGENCY_OFFICER
    ).first()
    if police is not None:
        diary_entry_add(
            application=to_review,
            actor=police.user,
            kind=EntryKind.NOTE,
            happened_at=now - timedelta(hours=1),
            summary="Neighbourhood team will bring the patrol log for the last three months to the meeting.",
            visibility=Visibility.AGENCIES,
        )


def _same_street(coordinator: Any, *, new: Application, earlier: list[Application]) -> None:
    """The new request is about the same flats as two earlier ones, and the person said to be
    responsible in one of them is named a little differently: its case page shows both as possibly
    related, for the coordinator to link."""
    for case, names in ((new, "Jon Smyth"), *((case, "John Smith") for case in earlier[:1])):
        perpetrator_add(application=case, actor=coordinator, names=names, address="Flat 4, 12 Demo Road")
    for case in (new, *earlier):
        place_add(application=case, actor=coordinator, address="The flats on Demo Road", postcode="SP10 1AA")


def _at_ten(day: datetime) -> datetime:
    """Ten in the morning, local time, on the day of `day`: when a meeting would be held."""
    return timezone.make_aware(datetime.combine(timezone.localdate(day), time(10, 0)))


def _answered(case: Application, coordinator: Any, now: datetime) -> None:
    """Acknowledged, the threshold met, and the police and housing answered."""
    application_acknowledge(application=case, actor=coordinator, now=now)
    threshold_decide(application=case, outcome=State.THRESHOLD_MET, reasons="", actor=coordinator, now=now)
    information_request_all(application=case, actor=coordinator, now=now)
    for kind, action in (("police", "Two patrols and a warning letter."), ("housing", "A tenancy warning.")):
        request = InformationRequest.objects.get(application=case, agency__kind=kind)
        officer = Membership.objects.filter(agency=request.agency, role=Role.AGENCY_OFFICER).first()
        if officer is None:
            continue
        information_answer(
            request=request,
            checks={},
            action_taken=action,
            outcome="The behaviour carried on.",
            other_history="",
            risk="",
            risk_sensitive=False,
            actor=officer.user,
            now=now,
        )


def _review_arranged(case: Application, coordinator: Any, *, starts_at: datetime, now: datetime) -> Meeting:
    _answered(case, coordinator, now)
    chair = Membership.objects.get(agency__partnership=case.partnership, user__username="panel.chair").user
    agencies = list(case.partnership.agencies.filter(kind__in=["police", "housing"]))
    return meeting_schedule(
        application=case,
        starts_at=starts_at,
        place="Beech Hurst, Weyhill Road, Andover",
        online_link="",
        chair=chair,
        chair_independent=False,
        agencies=agencies,
        panel=[coordinator],
        victim_involvement=VictimInvolvement.ATTENDING,
        unanswered_reason="The council and the health board hold nothing on the street.",
        actor=coordinator,
        now=now,
    )


def _reviewed(case: Application, coordinator: Any, *, weeks_ago: int) -> None:
    """Reviewed `weeks_ago` weeks ago: the meeting held, two recommendations accepted and one done,
    the applicant consulted, the plan final, the outcome letter waiting to be posted."""
    then = timezone.now() - timedelta(weeks=weeks_ago)
    meeting = _review_arranged(case, coordinator, starts_at=_at_ten(then + timedelta(days=2)), now=then)
    held_at = meeting.starts_at + timedelta(hours=2)
    meeting_record(
        meeting=meeting,
        attendees="Chris Chair (chair), Cara Coordinator, Pat Police, Hari Housing; the victim",
        summaries={agency.pk: "Patrols and warnings; no joint plan." for agency in meeting.agencies.all()},
        attendance={agency.pk: Attendance.ATTENDED for agency in meeting.agencies.all()},
        findings="The reports to the police and to the landlord were never joined up.",
        further_action_possible=True,
        actor=coordinator,
        now=held_at,
    )
    made = []
    for kind, action in (
        ("police", "visit the street every evening for a month"),
        ("housing", "offer mediation"),
    ):
        officer = Membership.objects.filter(
            agency__partnership=case.partnership, agency__kind=kind, role=Role.AGENCY_OFFICER
        ).first()
        if officer is None:
            return
        made.append(
            recommendation_add(
                meeting=meeting,
                agency=officer.agency,
                owner=officer.user,
                action=action,
                due_by=working_days_after(timezone.localdate(held_at), 25),
                actor=coordinator,
                now=held_at,
            )
        )
        recommendation_update(recommendation=made[-1], to="accepted", actor=officer.user, now=held_at)
    recommendation_update(recommendation=made[0], to="in_progress", actor=coordinator, now=held_at)
    action_plan_share(meeting=meeting, actor=coordinator, now=held_at)
    later = held_at + timedelta(days=3)
    action_plan_comments(
        meeting=meeting,
        comments="Glad of the visits; worried mediation will not work.",
        actor=coordinator,
        now=later,
    )
    action_plan_finalise(meeting=meeting, actor=coordinator, now=later)
    outcome_send(
        meeting=meeting,
        summary_for_applicant="The police and your landlord had not shared your reports. They will now.",
        actor=coordinator,
        now=later,
    )


# Past years ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Staff:
    """The demo staff who take the past cases through their steps."""

    coordinator: Any
    chair: Any
    reviewer: Any  # a panel chair who takes no part in these cases, so decides their escalations
    police_officer: Any
    housing_officer: Any
    police: Agency
    housing: Agency


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _fresh(case: Application) -> Application:
    return Application.objects.select_related("partnership").get(pk=case.pk)


class _History:
    """Takes one past case through the services, each step on the day it happened."""

    def __init__(self, staff: _Staff, partnership: Partnership, agencies: dict[str, int]) -> None:
        self.staff, self.partnership, self.agencies = staff, partnership, agencies

    def received(self, name: str, on: date, incidents: int) -> Application:
        first = name.split(maxsplit=1)[0].lower()
        return application_submit(
            partnership=self.partnership,
            answers=_victim_asks(
                _person(name, f"{first}@demo.example"), _incidents(self.agencies, incidents, before=on)
            ),
            consent_wording_version=CONSENT_WORDING_VERSION,
            now=_at(on),
        )

    def decided(self, case: Application, outcome: State, on: date, reasons: str = "") -> None:
        """Acknowledged a day after it came, then decided on `on` (`reasons` where the engine differs)."""
        if _fresh(case).state == State.RECEIVED:
            application_acknowledge(
                application=case, actor=self.staff.coordinator, now=_at(on - timedelta(days=7))
            )
        threshold_decide(
            application=_fresh(case),
            outcome=outcome,
            reasons=reasons,
            actor=self.staff.coordinator,
            now=_at(on),
        )

    def requested(self, case: Application, on: date) -> None:
        information_request_all(application=_fresh(case), actor=self.staff.coordinator, now=_at(on))

    def reviewed(
        self, case: Application, on: date, actions: list[tuple[Agency, Any, str]], done: date | None
    ) -> None:
        """The review meeting held on `on`, its recommendations agreed with the applicant, the outcome sent
        a week later; every recommendation carried out and the case closed on `done`, if given."""
        staff = self.staff
        meeting = meeting_schedule(
            application=_fresh(case),
            starts_at=_at(on),
            place="Beech Hurst, Andover",
            online_link="",
            chair=staff.chair,
            chair_independent=False,
            agencies=[staff.police, staff.housing],
            panel=[staff.coordinator, staff.police_officer, staff.housing_officer],
            victim_involvement=VictimInvolvement.WRITTEN_STATEMENT,
            unanswered_reason="The other agencies hold nothing on the street.",
            actor=staff.coordinator,
            now=_at(on - timedelta(days=14)),
        )
        meeting = meeting_record(
            meeting=meeting,
            attendees="Chris Chair (chair), Cara Coordinator (council), Pat Police, Hari Housing (Aster)",
            summaries={staff.police.pk: "Patrols after each report.", staff.housing.pk: "A tenancy warning."},
            attendance={staff.police.pk: Attendance.ATTENDED, staff.housing.pk: Attendance.WRITTEN},
            findings="The police and the landlord had not linked their reports.",
            further_action_possible=bool(actions),
            actor=staff.coordinator,
            now=_at(on, 13),
        )
        made = [
            recommendation_add(
                meeting=meeting,
                agency=agency,
                owner=owner,
                action=action,
                due_by=working_days_after(on, 40),
                actor=staff.coordinator,
                now=_at(on, 14),
            )
            for agency, owner, action in actions
        ]
        for recommendation in made:
            recommendation_update(
                recommendation=recommendation,
                to="accepted",
                actor=staff.coordinator,
                now=_at(on + timedelta(days=1)),
            )
        if made:
            action_plan_share(meeting=meeting, actor=staff.coordinator, now=_at(on + timedelta(days=1)))
            action_plan_comments(
                meeting=meeting,
                comments="Happy with the plan.",
                actor=staff.coordinator,
                now=_at(on + timedelta(days=5)),
            )
            action_plan_finalise(meeting=meeting, actor=staff.coordinator, now=_at(on + timedelta(days=6)))
        outcome_send(
            meeting=meeting,
            summary_for_applicant="The organisations will work together on the reports you made.",
            actor=staff.coordinator,
            now=_at(on + timedelta(days=7)),
        )
        if done:
            for recommendation in made:
                recommendation_update(
                    recommendation=recommendation, to="done", actor=staff.coordinator, now=_at(done)
                )
            case_close(application=_fresh(case), actor=staff.coordinator, now=_at(done))

    def escalated(self, case: Application, on: date, decided: date, *, upheld: bool) -> None:
        escalation = escalation_request(
            application=_fresh(case),
            about=Escalation.About.APPLICATION,
            grounds=[Escalation.Ground.INFORMATION],
            details="Two of my reports to the police were not counted.",
            entered_by=self.staff.coordinator,
            now=_at(on),
        )
        escalation_decide(
            escalation=escalation,
            upheld=upheld,
            reasons="The police found the two reports."
            if upheld
            else "Those reports were about another address.",
            actor=self.staff.reviewer,
            now=_at(decided),
        )

    def closed(self, case: Application, on: date) -> None:
        case_close(application=_fresh(case), actor=self.staff.coordinator, now=_at(on))


@transaction.atomic
def demo_history_load(*, partnership: Partnership) -> list[Application]:
    """Twelve cases received from 2022/23 to 2025/26, each taken through the services on the days it
    happened, so the statistics page has years to show. 2023/24 holds exactly the seed's two: one met
    the criteria and is still to be reviewed, the other did not meet them. Does nothing if the
    partnership already has a case from before this year."""
    this_year = year_of(timezone.localdate(), partnership.reporting_basis)
    if partnership.applications.filter(submitted_at__lt=_at(this_year.first_day, 0)).exists():
        return []
    users = get_user_model().objects
    agencies = {agency.kind: agency for agency in Agency.objects.filter(partnership=partnership)}
    staff = _Staff(
        coordinator=users.get(username="coordinator"),
        chair=users.get(username="panel.chair"),
        reviewer=users.get(username="reviewer"),
        police_officer=users.get(username="police.officer"),
        housing_officer=users.get(username="housing.officer"),
        police=agencies[Agency.Kind.POLICE],
        housing=agencies[Agency.Kind.HOUSING],
    )
    history = _History(staff, partnership, {kind: agency.pk for kind, agency in agencies.items()})
    patrols = (staff.police, staff.police_officer, "Patrol the street every evening for a month.")
    mediation = (staff.housing, staff.housing_officer, "Offer mediation to both households.")
    cases = []

    # 2022/23: reviewed with recommendations and closed; not met and closed; withdrawn.
    case = history.received("Gina Gardner", date(2022, 6, 14), incidents=3)
    history.decided(case, State.THRESHOLD_MET, date(2022, 6, 24))
    history.requested(case, date(2022, 6, 27))
    history.reviewed(case, date(2022, 7, 19), [patrols, mediation], done=date(2022, 10, 4))
    cases.append(case)
    case = history.received("Hal Hughes", date(2022, 9, 5), incidents=1)
    history.decided(case, State.THRESHOLD_NOT_MET, date(2022, 9, 15))
    history.closed(case, date(2022, 10, 20))
    cases.append(case)
    case = history.received("Ivy Irwin", date(2023, 1, 20), incidents=3)
    application_acknowledge(application=case, actor=staff.coordinator, now=_at(date(2023, 1, 23)))
    application_withdraw(
        application=_fresh(case), reason="The neighbours moved away", now=_at(date(2023, 2, 1))
    )
    cases.append(case)

    # 2023/24, the seed's year: one met the criteria and is pending review, the other did not.
    case = history.received("Jo Jenkins", date(2023, 5, 10), incidents=3)
    history.decided(case, State.THRESHOLD_MET, date(2023, 5, 22))
    history.requested(case, date(2023, 5, 23))
    cases.append(case)
    case = history.received("Kit Khan", date(2023, 11, 2), incidents=1)
    history.decided(case, State.THRESHOLD_NOT_MET, date(2023, 11, 14))
    history.closed(case, date(2023, 12, 20))
    cases.append(case)

    # 2024/25: a review with a recommendation; an escalation not upheld; a discretionary review
    # without recommendations; a review whose recommendation is still being carried out.
    case = history.received("Lee Lowe", date(2024, 5, 20), incidents=3)
    history.decided(case, State.THRESHOLD_MET, date(2024, 5, 30))
    history.requested(case, date(2024, 5, 31))
    history.reviewed(case, date(2024, 6, 25), [patrols], done=date(2024, 9, 2))
    cases.append(case)
    case = history.received("Mo Mills", date(2024, 8, 12), incidents=1)
    history.decided(case, State.THRESHOLD_NOT_MET, date(2024, 8, 22))
    history.escalated(case, date(2024, 9, 2), date(2024, 9, 20), upheld=False)
    cases.append(case)
    case = history.received("Noor Nash", date(2024, 10, 1), incidents=1)
    history.decided(
        case,
        State.DISCRETIONARY_REVIEW,
        date(2024, 10, 11),
        reasons="One report, but the victim is disabled and the behaviour targets them.",
    )
    history.requested(case, date(2024, 10, 14))
    history.reviewed(case, date(2024, 11, 12), [], done=date(2024, 11, 25))
    cases.append(case)
    case = history.received("Oli Owens", date(2025, 2, 11), incidents=3)
    history.decided(case, State.THRESHOLD_MET, date(2025, 2, 21))
    history.requested(case, date(2025, 2, 24))
    history.reviewed(case, date(2025, 3, 18), [mediation], done=None)
    cases.append(case)

    # 2025/26: an escalation upheld and the threshold decided again; withdrawn; reviewed and closed.
    case = history.received("Pia Patel", date(2025, 4, 22), incidents=1)
    history.decided(case, State.THRESHOLD_NOT_MET, date(2025, 5, 2))
    history.escalated(case, date(2025, 5, 9), date(2025, 5, 23), upheld=True)
    history.decided(
        case,
        State.THRESHOLD_MET,
        date(2025, 6, 3),
        reasons="The escalation found two more reports the police had not linked to this one.",
    )
    history.requested(case, date(2025, 6, 4))
    cases.append(case)
    case = history.received("Quin Quarry", date(2025, 7, 15), incidents=3)
    application_acknowledge(application=case, actor=staff.coordinator, now=_at(date(2025, 7, 16)))
    application_withdraw(application=_fresh(case), now=_at(date(2025, 7, 21)))
    cases.append(case)
    case = history.received("Ray Reed", date(2025, 10, 6), incidents=3)
    history.decided(case, State.THRESHOLD_MET, date(2025, 10, 16))
    history.requested(case, date(2025, 10, 17))
    history.reviewed(case, date(2025, 11, 10), [patrols, mediation], done=date(2026, 1, 15))
    cases.append(case)
    return [_fresh(case) for case in cases]
